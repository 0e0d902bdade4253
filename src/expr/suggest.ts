// A copy of the idea in spec/suggest.ts: spec will compile expressions, so importing it here would be a cycle.

/** Case-insensitive edit distance, so `Round` still finds `round`. */
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

const SHOWN = 8;

/**
 * `did you mean "price"?` when a candidate is within two edits, else the first few candidates,
 * e.g. `the columns are: a, b, c and 4 more`.
 */
export function suggestHint(word: string, candidates: readonly string[], noun: string): string {
  if (candidates.length === 0) return `there are no ${noun} here`;
  let best = '';
  let bestD = Number.POSITIVE_INFINITY;
  for (const c of candidates) {
    const d = distance(word, c);
    if (d < bestD) {
      best = c;
      bestD = d;
    }
  }
  if (bestD <= 2) return `did you mean "${best}"?`;
  const shown = candidates.slice(0, SHOWN);
  const more = candidates.length > SHOWN ? ` and ${candidates.length - SHOWN} more` : '';
  return `the ${noun} are: ${shown.join(', ')}${more}`;
}
