import { oracleSuite } from './support/oracle-suite';

oracleSuite('esdb');
