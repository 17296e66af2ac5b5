// @ts-check
// Module boundaries: the "Modules" table of docs/ARCHITECTURE.md, as rules a tool checks
// (`npm run lint` runs `depcruise`). A rule here is a row of that table; change both together.
// test/lint/lint-rails.spec.ts plants forbidden imports in a scratch copy and expects a failure.

const ours = '^(libs|apps)/';
// (^|/): a scratch copy whose node_modules is a symlink resolves packages outside its root
const framework = '(^|/)node_modules/@nestjs/';

/**
 * A library that imports, of ours, only itself and `allowed` libraries, and never the framework.
 * @param {string} name
 * @param {string} lib
 * @param {string[]} allowed
 * @param {string} comment
 * @returns {import('dependency-cruiser').IForbiddenRuleType}
 */
function library(name, lib, allowed, comment) {
  return {
    name,
    comment,
    severity: 'error',
    from: { path: `^libs/${lib}/` },
    to: { path: [ours, framework], pathNot: `^libs/(${[lib, ...allowed].join('|')})/` },
  };
}

/**
 * An app that imports no other app (`lazyOnly`: except through import()).
 * @param {string} name
 * @param {string} app
 * @param {string} comment
 * @param {boolean} [lazyOnly]
 * @returns {import('dependency-cruiser').IForbiddenRuleType}
 */
function app(name, app, comment, lazyOnly = false) {
  return {
    name,
    comment,
    severity: 'error',
    from: { path: `^apps/${app}/` },
    to: {
      path: '^apps/',
      pathNot: `^apps/${app}/`,
      ...(lazyOnly ? { dependencyTypesNot: ['dynamic-import'] } : {}),
    },
  };
}

/** @type {import('dependency-cruiser').IConfiguration} */
module.exports = {
  forbidden: [
    {
      name: 'domain-is-pure',
      comment:
        'libs/domain: nothing of ours, no framework, no I/O (node core), no npm package. ' +
        'Specs may use fast-check besides.',
      severity: 'error',
      from: { path: '^libs/domain/' },
      to: { pathNot: '^libs/domain/|(^|/)node_modules/fast-check/' },
    },
    {
      name: 'domain-code-without-test-libraries',
      severity: 'error',
      from: { path: '^libs/domain/', pathNot: '\\.spec\\.ts$' },
      to: { path: '(^|/)node_modules/fast-check/' },
    },
    {
      name: 'only-esdb-imports-the-esdb-client',
      comment: 'Only libs/event-store/src/esdb imports @eventstore/db-client.',
      severity: 'error',
      from: { pathNot: '^libs/event-store/src/esdb/' },
      to: { path: '(^|/)node_modules/@eventstore/db-client/' },
    },
    {
      name: 'ledger-client-no-domain-code',
      comment: 'libs/ledger-client takes the domain for its types only.',
      severity: 'error',
      from: { path: '^libs/ledger-client/' },
      to: { path: '^libs/domain/', dependencyTypesNot: ['type-only'] },
    },
    library('event-store-stands-alone', 'event-store', [], 'nothing of ours, no framework'),
    library('config-stands-alone', 'config', [], 'nothing of ours, no framework'),
    library(
      'projections-below-the-apps',
      'projections',
      ['domain', 'event-store', 'config'],
      'domain, event-store, config; no framework',
    ),
    library('ledger-client-on-domain-types', 'ledger-client', ['domain'], 'domain (types only)'),
    library('schemas-from-domain-and-client', 'schemas', ['domain', 'ledger-client'], 'types'),
    library('audit-on-the-event-store', 'audit', ['event-store'], 'event-store, rxjs, node'),
    app('api-imports-no-other-app', 'ledger-api', 'all libs, no other app'),
    app('projector-imports-no-other-app', 'projector', 'all libs but the API'),
    app(
      'cli-loads-the-api-lazily',
      'ledger-cli',
      "the API's app factory only through import() (for `import` without --api), so every " +
        'other command starts without NestJS',
      true,
    ),
    {
      name: 'dashboard-only-http',
      comment: 'apps/dashboard: nothing of ours, only the public HTTP API and SSE.',
      severity: 'error',
      from: { path: '^apps/dashboard/' },
      to: { path: ours, pathNot: '^apps/dashboard/' },
    },
  ],
  options: {
    doNotFollow: { path: ['node_modules'] },
    exclude: { path: ['^dist/', '^data/', '^coverage/'] },
    // type-only imports count too (a domain file importing a type from a library still couples)
    tsPreCompilationDeps: true,
    tsConfig: { fileName: 'tsconfig.json' },
  },
};
