/** Edit distance between two short strings (case-insensitive). */
function distance(a: string, b: string): number {
  a = a.toLowerCase();
  b = b.toLowerCase();
  let prev = Array.from({ length: b.length + 1 }, (_, i) => i);
  for (let i = 1; i <= a.length; i++) {
    const cur = [i];
    for (let j = 1; j <= b.length; j++) {
      cur[j] = Math.min(prev[j]! + 1, cur[j - 1]! + 1, prev[j - 1]! + (a[i - 1] === b[j - 1] ? 0 : 1));
    }
    prev = cur;
  }
  return prev[b.length]!;
}

/** The candidate closest to `word`, if it is close enough to be a likely typo. */
export function closest(word: string, candidates: Iterable<string>): string | undefined {
  let best: string | undefined;
  let bestD = Number.POSITIVE_INFINITY;
  for (const c of candidates) {
    const d = distance(word, c);
    if (d < bestD) {
      bestD = d;
      best = c;
    }
  }
  return best !== undefined && bestD <= Math.max(2, Math.floor(word.length / 3)) ? best : undefined;
}

/**
 * A hint naming the likely intended choice and the valid ones, e.g.
 * `did you mean "customers"? The tables are: customers, orders`.
 */
export function choicesHint(word: string, candidates: readonly string[], label = 'valid values are'): string {
  const near = closest(word, candidates);
  const shown =
    candidates.length > 15 ? [...candidates.slice(0, 15), `… (${candidates.length - 15} more)`] : candidates;
  const list = `${label[0]!.toUpperCase()}${label.slice(1)}: ${shown.join(', ')}`;
  return near ? `did you mean "${near}"? ${list}` : list;
}
