import { fold } from '../lexicon.js';
import type { OperatorServices } from '../operator.js';
import { reshape, unlike } from './shape.js';

/**
 * A format-preserving surrogate for identifiers with no structure of their own (record numbers,
 * account and licence numbers, usernames, keys): digits become digits, capitals capitals, small
 * letters small letters, everything else stays. Keyed by type and folded value.
 */
export function formatPreserving(type: string, original: string, services: OperatorServices): string {
  const rng = services.rngFor(`surrogate/${type}`, fold(original));
  return unlike(original, rng, (r) => reshape(original, r));
}
