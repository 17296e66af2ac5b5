import { LEDGER_EVENT_TYPES } from '@ledger/domain';
import { asyncApiDocument } from './asyncapi';
import { SCHEMA_CATALOGUE } from './index';

const BASE = 'http://127.0.0.1:3000';

type Node = { readonly [key: string]: unknown };

function refsIn(node: unknown, found: string[] = []): string[] {
  if (Array.isArray(node)) node.forEach((item) => refsIn(item, found));
  else if (typeof node === 'object' && node !== null) {
    for (const [key, value] of Object.entries(node)) {
      if (key === '$ref' && typeof value === 'string') found.push(value);
      else refsIn(value, found);
    }
  }
  return found;
}

function resolvePointer(document: Node, ref: string): unknown {
  return ref
    .slice(2)
    .split('/')
    .reduce<unknown>((node, key) => (node as Node | undefined)?.[key], document);
}

const publishedIds = new Set([
  String(SCHEMA_CATALOGUE.envelope.$id),
  ...Object.values(SCHEMA_CATALOGUE.events).flatMap((versions) =>
    Object.values(versions).map((s) => String(s.$id)),
  ),
]);

describe('the AsyncAPI document', () => {
  const document = asyncApiDocument(SCHEMA_CATALOGUE, BASE);

  it('is AsyncAPI 3.0 with the three SSE channels and a receive operation for each', () => {
    expect(document.asyncapi).toBe('3.0.0');
    const channels = document.channels as Record<string, { address: string }>;
    expect(Object.values(channels).map((c) => c.address)).toEqual([
      '/subscriptions/all',
      '/subscriptions/streams/{stream}',
      '/subscriptions/categories/{category}',
    ]);
    expect(
      Object.values(document.operations as Record<string, { action: string }>).map((o) => o.action),
    ).toEqual(['receive', 'receive', 'receive']);
  });

  it('lists a message per event type, besides the control frames', () => {
    const messages = Object.keys((document.components as Node).messages as Node);
    expect(messages).toEqual(
      expect.arrayContaining([...LEDGER_EVENT_TYPES, 'caughtUp', 'overflow', 'interrupted']),
    );
    expect(messages).toHaveLength(LEDGER_EVENT_TYPES.length + 3);
  });

  it('every reference resolves: inside the document, or to a schema GET /schemas publishes', () => {
    const refs = refsIn(document);
    expect(refs.length).toBeGreaterThan(LEDGER_EVENT_TYPES.length * 2);
    for (const ref of refs) {
      if (ref.startsWith('#/')) expect(resolvePointer(document, ref)).toBeDefined();
      else
        expect({
          ref,
          published: ref.startsWith(BASE) && publishedIds.has(ref.slice(BASE.length)),
        }).toEqual({ ref, published: true });
    }
  });
});
