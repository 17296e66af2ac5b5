// Test support: run after scripts/register-ts.cjs, keeps each compiled TypeScript file on disk
// (keyed by its path and content) so the ledger restarted twenty times in a crash test compiles
// its sources once, not twenty times. The cache directory comes from LEDGER_TEST_TS_CACHE.
'use strict';
const { createHash } = require('node:crypto');
const { mkdirSync, readFileSync, writeFileSync, renameSync } = require('node:fs');
const { join } = require('node:path');

const dir = process.env.LEDGER_TEST_TS_CACHE;
const compile = require.extensions['.ts'];
if (dir && compile) {
  mkdirSync(dir, { recursive: true });
  require.extensions['.ts'] = function cachedTypeScript(module, filename) {
    const source = readFileSync(filename, 'utf8');
    const key = createHash('sha256').update(filename).update('\0').update(source).digest('hex');
    const cached = join(dir, `${key}.js`);
    let code;
    try {
      code = readFileSync(cached, 'utf8');
    } catch {
      // Compile as the hook before would, catching what it hands to _compile.
      const compileOriginal = module._compile;
      module._compile = (compiled) => {
        code = compiled;
      };
      compile(module, filename);
      module._compile = compileOriginal;
      const temporary = `${cached}.${process.pid}.tmp`;
      writeFileSync(temporary, code);
      renameSync(temporary, cached);
    }
    module._compile(code, filename);
  };
}
