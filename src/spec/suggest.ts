import { editDistance } from '../errors/index.js';

/** The candidate closest to `word`, if it is close enough to be a likely typo. */
export function closest(word: string, candidates: Iterable<string>): string | undefined {
  let best: string | undefined;
  let bestD = Number.POSITIVE_INFINITY;
  for (const c of candidates) {
    const d = editDistance(word, c);
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
