// Test support: lets a plain `node` child process run this library's TypeScript sources, for
// tests that need a real separate process (crash safety, throughput figures). Each .ts file is
// compiled with @swc/core when required:  node -r ./swc-require-hook.cjs some-script.ts
'use strict';
const { readFileSync } = require('node:fs');
const { transformSync } = require('@swc/core');

require.extensions['.ts'] = function compileTypeScript(module, filename) {
  const { code } = transformSync(readFileSync(filename, 'utf8'), {
    filename,
    jsc: { parser: { syntax: 'typescript' }, target: 'es2022' },
    module: { type: 'commonjs' },
    sourceMaps: 'inline',
  });
  module._compile(code, filename);
};
