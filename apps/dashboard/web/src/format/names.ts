import type { Party, SourceView } from '../api/wire';

/** Ids become the names people know, falling back to the id itself when none is registered. */
export class Names {
  private readonly sources: ReadonlyMap<string, SourceView>;
  private readonly parties: ReadonlyMap<string, string>;

  constructor(sources: readonly SourceView[], parties: readonly Party[] = []) {
    this.sources = new Map(sources.map((s) => [s.sourceId, s]));
    this.parties = new Map(parties.map((p) => [p.id, p.name]));
  }

  source(sourceId: string | null | undefined): string {
    if (sourceId === null || sourceId === undefined) return '—';
    return this.sources.get(sourceId)?.name ?? sourceId;
  }

  sourceInfo(sourceId: string): SourceView | undefined {
    return this.sources.get(sourceId);
  }

  party(partyId: string): string {
    return this.parties.get(partyId) ?? partyId;
  }

  direction(d: { readonly from: string; readonly to: string } | null | undefined): string {
    return d ? `${this.party(d.from)} → ${this.party(d.to)}` : '—';
  }
}

/** "party_authority" → "party authority". */
export function words(code: string | null | undefined): string {
  return (code ?? '').replace(/_/g, ' ');
}
