// @ts-check
// Module boundaries: the "Modules" table of docs/ARCHITECTURE.md, as rules a tool checks
// (`npm run lint` runs `depcruise`). A rule here is a row of that table; change both together.
// test/lint/lint-rails.spec.ts plants forbidden imports in a scratch copy and expects a failure.

const ours = '^(libs|apps)/';
// (^|/): a scratch copy whose node_modules is a symlink resolves packages outside its root
const framework = '(^|/)node_modules/@nestjs/';

/** @type {import('dependency-cruiser').IConfiguration} */
module.exports = {
  forbidden: [
    {
      name: 'domain-is-pure',
      comment:
        'libs/domain: nothing of ours, no framework, no I/O (node core), no npm package. ' +
        'Specs may use their test libraries.',
      severity: 'error',
      from: { path: '^libs/domain/', pathNot: '\\.spec\\.ts$' },
      to: { pathNot: '^libs/domain/' },
    },
    {
      name: 'domain-specs-are-pure',
      comment: "libs/domain's specs: fast-check besides the domain; still nothing else.",
      severity: 'error',
      from: { path: '^libs/domain/.+\\.spec\\.ts$' },
      to: { pathNot: '^libs/domain/|(^|/)node_modules/fast-check/' },
    },
    {
      name: 'event-store-stands-alone',
      comment: 'libs/event-store imports nothing of ours and no framework.',
      severity: 'error',
      from: { path: '^libs/event-store/' },
      to: { path: [ours, framework], pathNot: '^libs/event-store/' },
    },
    {
      name: 'only-esdb-imports-the-esdb-client',
      comment: 'Only libs/event-store/src/esdb imports @eventstore/db-client.',
      severity: 'error',
      from: { pathNot: '^libs/event-store/src/esdb/' },
      to: { path: '(^|/)node_modules/@eventstore/db-client/' },
    },
    {
      name: 'config-stands-alone',
      comment: 'libs/config: nothing of ours, no framework.',
      severity: 'error',
      from: { path: '^libs/config/' },
      to: { path: [ours, framework], pathNot: '^libs/config/' },
    },
    {
      name: 'projections-below-the-apps',
      comment: 'libs/projections: domain, event-store, config; no framework.',
      severity: 'error',
      from: { path: '^libs/projections/' },
      to: {
        path: [ours, framework],
        pathNot: '^libs/(projections|domain|event-store|config)/',
      },
    },
    {
      name: 'ledger-client-domain-types-only',
      comment: 'libs/ledger-client: the domain for its types only; nothing else of ours.',
      severity: 'error',
      from: { path: '^libs/ledger-client/' },
      to: {
        path: [ours, framework],
        pathNot: '^libs/(ledger-client|domain)/',
      },
    },
    {
      name: 'ledger-client-no-domain-code',
      severity: 'error',
      from: { path: '^libs/ledger-client/' },
      to: { path: '^libs/domain/', dependencyTypesNot: ['type-only'] },
    },
    {
      name: 'schemas-from-domain-and-client',
      comment: 'libs/schemas: the domain and the ledger-client (types).',
      severity: 'error',
      from: { path: '^libs/schemas/' },
      to: { path: [ours, framework], pathNot: '^libs/(schemas|domain|ledger-client)/' },
    },
    {
      name: 'audit-on-the-event-store',
      comment: 'libs/audit: the event-store (and rxjs, node); no framework.',
      severity: 'error',
      from: { path: '^libs/audit/' },
      to: { path: [ours, framework], pathNot: '^libs/(audit|event-store)/' },
    },
    {
      name: 'api-imports-no-other-app',
      severity: 'error',
      from: { path: '^apps/ledger-api/' },
      to: { path: '^apps/', pathNot: '^apps/ledger-api/' },
    },
    {
      name: 'projector-imports-no-other-app',
      comment: 'apps/projector: all libs but not the API (nor another app).',
      severity: 'error',
      from: { path: '^apps/projector/' },
      to: { path: '^apps/', pathNot: '^apps/projector/' },
    },
    {
      name: 'cli-loads-the-api-lazily',
      comment:
        "apps/ledger-cli: the API's app factory only through import() (for `import` without " +
        '--api), so every other command starts without NestJS.',
      severity: 'error',
      from: { path: '^apps/ledger-cli/' },
      to: {
        path: '^apps/',
        pathNot: '^apps/ledger-cli/',
        dependencyTypesNot: ['dynamic-import'],
      },
    },
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
