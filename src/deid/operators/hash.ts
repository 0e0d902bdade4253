import { createHmac } from 'node:crypto';
import { fold } from '../lexicon.js';
import type { OperatorInput, OperatorServices } from '../operator.js';
import { entityLabel, type OperatorDefinition } from './operator-options.js';

/**
 * The keyed hash of a value: HMAC-SHA256 with the run's key (never a bare hash, which anyone
 * could reverse for names or dates by hashing candidates). Case, accents and runs of spaces are
 * normalised first so "GOMEZ" and "Gómez" join.
 */
export function keyedHash(value: string, key: Buffer, length: number): string {
  const normal = fold(value.trim().replace(/\s+/g, ' '));
  return createHmac('sha256', key).update(`hash\0${normal}`).digest('hex').slice(0, length);
}

/**
 * `hash`: replaces an entity by its type label and a keyed hash in hex, `NAME_3f9a…`; option
 * `length` (hex digits, default 16, at most 64). Equal values hash equally, so joins survive.
 *
 * @example
 * createOperator('hash', { length: 8 }); // "Maria Gomez" → "NAME_1c0e5f2a"
 */
export const hash: OperatorDefinition = {
  name: 'hash',
  options: ['length'],
  create(o) {
    const length = o.integer('length', 16, 4, 64);
    return {
      name: 'hash',
      apply: ({ text, span }: OperatorInput, services: OperatorServices) =>
        `${entityLabel(span.type)}_${keyedHash(text, services.key, length)}`,
    };
  },
};
