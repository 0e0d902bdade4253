import { closest as nearest } from '../errors/index.js';

/** The candidate closest to `word`, if it is close enough to be a likely typo. */
export function closest(word: string, candidates: Iterable<string>): string | undefined {
  return nearest(word, candidates, Math.max(2, Math.floor(word.length / 3)));
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
