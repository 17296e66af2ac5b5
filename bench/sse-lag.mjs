// Runs bench/sse-lag.ts (TypeScript, through the project's SWC require hook). See that file.
//   node bench/sse-lag.mjs --quick
import { createRequire } from 'node:module';

const require = createRequire(import.meta.url);
require('../scripts/register-ts.cjs');
require('./sse-lag.ts');
