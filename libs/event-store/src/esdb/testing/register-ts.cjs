// Lets a child `node -r ./register-ts.cjs some.ts` run the double's TypeScript sources as they
// are, compiled on load by @swc/core with the options jest uses (see jest.config.js). Test
// support only: production code is built by `npm run build`.
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
