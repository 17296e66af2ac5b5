// The rules a compose file of this repository keeps to be a deployment, not a demo: every
// service says how to tell it is healthy, every image is pinned to a release, the projector runs
// beside the API with the checkpointer and the signing key from a secret, and EventStoreDB runs
// without the server-side features the ledger does not use.

export interface ComposeService {
  readonly image?: string;
  readonly build?: unknown;
  readonly command?: string | string[];
  readonly environment?: Record<string, string | number | boolean | null> | string[];
  readonly healthcheck?: { readonly test?: string | string[]; readonly disable?: boolean };
  readonly secrets?: (string | { readonly source: string })[];
  readonly volumes?: (string | { readonly source?: string; readonly target: string })[];
}

export interface ComposeFile {
  readonly services?: Record<string, ComposeService>;
  readonly secrets?: Record<string, { readonly file?: string; readonly external?: boolean }>;
}

/** A release tag: a full version (major.minor.patch, optionally a suffix such as -jammy). */
const PINNED = /:(\d+\.\d+\.\d+)(-[\w.-]+)?$/;

/** EventStoreDB options that turn on what the ledger never uses (it reads and writes over gRPC). */
const UNUSED_ESDB_FEATURES = [
  'EVENTSTORE_RUN_PROJECTIONS',
  'EVENTSTORE_START_STANDARD_PROJECTIONS',
  'EVENTSTORE_ENABLE_ATOM_PUB_OVER_HTTP',
];

export function environmentOf(service: ComposeService): Record<string, string> {
  const env = service.environment ?? {};
  if (Array.isArray(env))
    return Object.fromEntries(
      env.map((kv) => [kv.slice(0, kv.indexOf('=')), kv.slice(kv.indexOf('=') + 1)]),
    );
  return Object.fromEntries(Object.entries(env).map(([k, v]) => [k, String(v ?? '')]));
}

function secretNames(service: ComposeService): string[] {
  return (service.secrets ?? []).map((s) => (typeof s === 'string' ? s : s.source));
}

/** The named volume (or host path) a service mounts at `target`, if any. */
export function volumeAt(service: ComposeService, target: string): string | undefined {
  for (const volume of service.volumes ?? []) {
    if (typeof volume === 'string') {
      const [source, at] = volume.split(':');
      if (at === target) return source;
    } else if (volume.target === target) return volume.source;
  }
  return undefined;
}

export function commandOf(service: ComposeService): string {
  return Array.isArray(service.command) ? service.command.join(' ') : (service.command ?? '');
}

/** The ledger's own processes: the services running the repository's image. */
export function ledgerServices(file: ComposeFile): [string, ComposeService][] {
  return Object.entries(file.services ?? {}).filter(
    ([, s]) => s.build !== undefined || environmentOf(s).LEDGER_STORE !== undefined,
  );
}

function signingKeyProblems(file: ComposeFile, name: string, service: ComposeService): string[] {
  const key = environmentOf(service).LEDGER_SIGNING_KEY;
  const secret = /^\/run\/secrets\/([\w.-]+)$/.exec(key ?? '')?.[1];
  if (secret === undefined)
    return [`${name}: LEDGER_SIGNING_KEY is not the file of a secret (/run/secrets/<name>)`];
  const problems: string[] = [];
  if (!secretNames(service).includes(secret))
    problems.push(`${name}: the secret ${secret} is not given to the service`);
  const declared = file.secrets?.[secret];
  if (declared === undefined || (declared.file === undefined && declared.external !== true))
    problems.push(`${name}: the secret ${secret} is not declared with a file`);
  return problems;
}

/** The ledger services running `projector`. */
export function projectorServices(file: ComposeFile): [string, ComposeService][] {
  return ledgerServices(file).filter(([, s]) =>
    /apps\/projector\/src\/main\.js/.test(commandOf(s)),
  );
}

function projectorProblems(file: ComposeFile): string[] {
  const projectors = projectorServices(file);
  if (projectors.length !== 1) return [`${projectors.length} projector services, not one`];
  const [name, projector] = projectors[0]!;
  const env = environmentOf(projector);
  const problems: string[] = [];
  if (env.LEDGER_CHECKPOINTER !== 'external')
    problems.push(`${name}: the checkpointer does not run there (LEDGER_CHECKPOINTER)`);
  if (env.LEDGER_PROJECTIONS !== 'external')
    problems.push(`${name}: LEDGER_PROJECTIONS is not external`);
  for (const [other, service] of ledgerServices(file)) {
    const otherEnv = environmentOf(service);
    if (otherEnv.LEDGER_CHECKPOINTER === 'inline')
      problems.push(`${other}: a second checkpointer (LEDGER_CHECKPOINTER=inline)`);
    if (otherEnv.LEDGER_SIGNING_KEY !== env.LEDGER_SIGNING_KEY)
      problems.push(`${other}: another signing key than the projector's`);
  }
  return problems;
}

function serviceProblems(name: string, service: ComposeService): string[] {
  const problems: string[] = [];
  const test = service.healthcheck?.test;
  if (service.healthcheck?.disable === true || test === undefined || test.length === 0)
    problems.push(`${name}: no healthcheck`);
  if (service.image === undefined || !PINNED.test(service.image))
    problems.push(`${name}: image ${service.image ?? '(none)'} is not pinned to a release`);
  const env = environmentOf(service);
  for (const option of UNUSED_ESDB_FEATURES)
    if (option in env) problems.push(`${name}: sets ${option}`);
  return problems;
}

/** Every rule this file breaks, in words; none for a good file. */
export function composeProblems(file: ComposeFile): string[] {
  const services = Object.entries(file.services ?? {});
  return [
    ...(services.length === 0 ? ['no services'] : []),
    ...services.flatMap(([name, service]) => serviceProblems(name, service)),
    ...ledgerServices(file).flatMap(([name, service]) => signingKeyProblems(file, name, service)),
    ...projectorProblems(file),
  ];
}
