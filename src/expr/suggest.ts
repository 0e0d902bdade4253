import { closest } from '../errors/index.js';

// spec compiles expressions, so the hint itself lives here; the distance is shared through errors/

const SHOWN = 8;

/**
 * `did you mean "price"?` when a candidate is within two edits, else the first few candidates,
 * e.g. `the columns are: a, b, c and 4 more`.
 */
export function suggestHint(word: string, candidates: readonly string[], noun: string): string {
  if (candidates.length === 0) return `there are no ${noun} here`;
  const best = closest(word, candidates, 2);
  if (best !== undefined) return `did you mean "${best}"?`;
  const shown = candidates.slice(0, SHOWN);
  const more = candidates.length > SHOWN ? ` and ${candidates.length - SHOWN} more` : '';
  return `the ${noun} are: ${shown.join(', ')}${more}`;
}
