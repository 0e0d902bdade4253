/**
 * Edit distance between two short strings, ignoring case: what "did you mean" hints rank by.
 *
 * @example
 * editDistance('Custmers', 'customers'); // 1
 */
export function editDistance(a: string, b: string): number {
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

/**
 * The candidate nearest to `word`, when it is within `within` edits (a likely typo), else undefined.
 *
 * @example
 * closest('prcie', ['price', 'qty'], 2); // 'price'
 */
export function closest(word: string, candidates: Iterable<string>, within: number): string | undefined {
  let best: string | undefined;
  let bestD = Number.POSITIVE_INFINITY;
  for (const c of candidates) {
    const d = editDistance(word, c);
    if (d < bestD) {
      bestD = d;
      best = c;
    }
  }
  return best !== undefined && bestD <= within ? best : undefined;
}
