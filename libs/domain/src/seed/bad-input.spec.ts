import fc from 'fast-check';
import { eventDataAsJson, type LedgerCommand } from '../ledger';
import { DomainError } from '../shared/errors';
import { InMemoryLedger } from '../testing/in-memory-ledger';
import { SEED_SCENARIO } from './seed-scenario';

/**
 * Bad input gets a typed error, never a crash: every seed command, with any one field (or the
 * metadata) replaced by arbitrary JSON-ish junk, is either decided into storable JSON events or
 * refused with a DomainError. Runs are bounded (fast-check's numRuns) to keep CI quick.
 */

type Path = (string | number)[];

function pathsOf(value: unknown, prefix: Path = []): Path[] {
  if (value === null || typeof value !== 'object') return [prefix];
  const entries = Array.isArray(value)
    ? value.map((v, i) => [i, v] as const)
    : Object.entries(value);
  return [prefix, ...entries.flatMap(([k, v]) => pathsOf(v, [...prefix, k]))];
}

function replaceAt(value: unknown, path: Path, replacement: unknown): unknown {
  if (path.length === 0) return replacement;
  const [head, ...rest] = path as [string | number, ...Path];
  const copy = (
    Array.isArray(value) ? [...(value as unknown[])] : { ...(value as object) }
  ) as Record<string | number, unknown>;
  copy[head] = replaceAt(copy[head], rest, replacement);
  return copy;
}

const junk = fc.oneof(
  fc.constant(null),
  fc.constant(undefined),
  fc.constant(''),
  fc.constant(-1),
  fc.constant(1.5),
  fc.constant(Number.NaN),
  fc.integer(),
  fc.string({ maxLength: 12 }),
  fc.boolean(),
  fc.constant([]),
  fc.constant({}),
  fc.array(fc.string({ maxLength: 4 }), { maxLength: 3 }),
  fc.dictionary(fc.string({ maxLength: 4 }), fc.string({ maxLength: 4 }), { maxKeys: 3 }),
);

/** Runs the seed up to `index`, then the (mutated) command; its events must be storable JSON. */
function decideOnCopy(index: number, command: LedgerCommand): void {
  const ledger = new InMemoryLedger();
  ledger.executeAll(SEED_SCENARIO.slice(0, index));
  const events = ledger.execute(command);
  events.forEach((e) => eventDataAsJson(e));
}

describe('arbitrary bad input', () => {
  it('is refused with a DomainError or decided into plain JSON, never a crash', () => {
    const mutation = fc.nat({ max: SEED_SCENARIO.length - 1 }).chain((index) => {
      const command = SEED_SCENARIO[index]!;
      const paths = pathsOf({ data: command.data, metadata: command.metadata }).filter(
        (p) => p.length > 0,
      );
      return fc.tuple(fc.constant(index), fc.constantFrom(...paths), junk);
    });
    fc.assert(
      fc.property(mutation, ([index, path, replacement]) => {
        const original = SEED_SCENARIO[index]!;
        const mutated = replaceAt(original, path, replacement) as LedgerCommand;
        try {
          decideOnCopy(index, mutated);
        } catch (error) {
          if (!(error instanceof DomainError)) throw error;
        }
      }),
      { numRuns: 1500, seed: 20250617 },
    );
  });

  it('refuses a command without data or a clock with invalid_command', () => {
    for (const command of SEED_SCENARIO) {
      const invalidCommand = expect.objectContaining({ code: 'invalid_command', kind: 'invalid' });
      expect(() =>
        new InMemoryLedger().execute({ ...command, data: undefined } as unknown as LedgerCommand),
      ).toThrow(invalidCommand);
      expect(() =>
        new InMemoryLedger().execute({
          ...command,
          metadata: { now: 17 },
        } as unknown as LedgerCommand),
      ).toThrow(invalidCommand);
    }
  });
});
