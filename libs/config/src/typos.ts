/** Edits (insert, delete, replace) turning `a` into `b`. */
function distance(a: string, b: string): number {
  let previous = Array.from({ length: b.length + 1 }, (_, j) => j);
  for (let i = 1; i <= a.length; i++) {
    const current = [i];
    for (let j = 1; j <= b.length; j++) {
      const replace = (previous[j - 1] ?? 0) + (a[i - 1] === b[j - 1] ? 0 : 1);
      current.push(Math.min(replace, (previous[j] ?? 0) + 1, (current[j - 1] ?? 0) + 1));
    }
    previous = current;
  }
  return previous[b.length] ?? 0;
}

/** The known name closest to `name`, if near enough to be what was meant. */
export function closestName(name: string, known: readonly string[]): string | undefined {
  let best: { name: string; distance: number } | undefined;
  for (const candidate of known) {
    const d = distance(name, candidate);
    if (best === undefined || d < best.distance) best = { name: candidate, distance: d };
  }
  // A third of the name may differ: LEDGER_SSE_HEARTBEAT → …_HEARTBEAT_MS, LEDGER_STOR → LEDGER_STORE.
  return best !== undefined && best.distance <= Math.max(2, Math.floor(name.length / 3))
    ? best.name
    : undefined;
}

/**
 * A LEDGER_* variable that no setting reads is almost always a misspelt one, whose value would
 * otherwise be silently ignored: each is a problem, with the setting it probably meant.
 */
export function unknownVariableProblems(
  names: readonly string[],
  known: readonly string[],
  others: readonly (string | RegExp)[],
): string[] {
  const recognised = (name: string) =>
    known.includes(name) ||
    others.some((other) => (typeof other === 'string' ? other === name : other.test(name)));
  return names
    .filter((name) => name.startsWith('LEDGER_') && !recognised(name))
    .sort()
    .map((name) => {
      const meant = closestName(name, known);
      return `${name} is not a setting of the ledger${meant ? ` (did you mean ${meant}?)` : ''}; the settings are listed in README.md, "Configuration"`;
    });
}
