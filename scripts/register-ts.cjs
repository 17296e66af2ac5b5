// A tiny require hook to run TypeScript in a plain Node process (child processes in tests, the
// benchmarks, npm run schemas): compiles .ts with SWC as jest does, and maps @ledger/* to
// libs/*/src as tsconfig's paths do. Usage: node -r ./scripts/register-ts.cjs some/file.ts
'use strict';
const Module = require('node:module');
const path = require('node:path');
const fs = require('node:fs');
const { transformSync } = require('@swc/core');

const root = path.resolve(__dirname, '..');
const options = require('./swc-options.cjs');

const resolveFilename = Module._resolveFilename;
Module._resolveFilename = function (request, ...rest) {
  const match = /^@ledger\/([^/]+)(\/.*)?$/.exec(request);
  const mapped = match ? path.join(root, 'libs', match[1], 'src', match[2] ?? '') : request;
  return resolveFilename.call(this, mapped, ...rest);
};

require.extensions['.ts'] = function (module, filename) {
  const source = fs.readFileSync(filename, 'utf8');
  const { code } = transformSync(source, { ...options, filename });
  module._compile(code, filename);
};
