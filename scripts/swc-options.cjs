// The SWC options TypeScript is compiled with outside tsc: by jest (jest.config.js) and by the
// require hook child processes and tools run under (scripts/register-ts.cjs). Decorator metadata
// on, as NestJS needs it.
'use strict';
module.exports = {
  jsc: {
    parser: { syntax: 'typescript', decorators: true },
    transform: { legacyDecorator: true, decoratorMetadata: true },
    target: 'es2022',
    keepClassNames: true,
  },
  module: { type: 'commonjs' },
  sourceMaps: 'inline',
};
