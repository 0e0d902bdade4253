import { fold } from '../lexicon.js';
import type { OperatorServices } from '../operator.js';
import { fakerWith } from './faker-source.js';
import { applyCasing, casingOf, unlike } from './shape.js';

/** A company name from faker ("Schmidt, Hahn and Koss"), in capitals when the original was. */
export function organizationSurrogate(original: string, services: OperatorServices): string {
  const rng = services.rngFor('surrogate/ORGANIZATION', fold(original));
  const casing = casingOf(original);
  return unlike(original, rng, () =>
    applyCasing(fakerWith('en', rng).company.name(), casing === 'upper' ? 'upper' : 'other'),
  );
}
