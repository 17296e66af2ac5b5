import { oracleSuite } from './support/oracle-suite';

oracleSuite('sqlite');
