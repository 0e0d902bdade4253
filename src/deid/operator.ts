import type { Rng } from '../random/index.js';
import type { Span } from './types.js';

/** What an operator knows about the entity it transforms. */
export interface OperatorInput {
  /** The entity's original text. */
  readonly text: string;
  readonly span: Span;
  /** The whole document, for operators that look around the entity. */
  readonly document: string;
  /** The document's id (date shifts are consistent per document unless a subject is given). */
  readonly documentId: string;
  /**
   * The id of the person the document is about, when the caller knows it (a patient id column):
   * date shifts are then consistent across all of that person's documents.
   */
  readonly subjectId?: string;
}

/** Services every operator may use: the run's key and its consistency vault. */
export interface OperatorServices {
  /**
   * A stable pseudo-random 32-bit value for (purpose, value), derived from the user's key by
   * HMAC: the same input gives the same number within a run and across runs with the same key.
   */
  keyed(purpose: string, value: string): number;
  /**
   * A random stream seeded from the same HMAC, for operators that draw more than one number
   * (surrogates): what they draw is a deterministic function of the key and (purpose, value).
   */
  rngFor(purpose: string, value: string): Rng;
  /** The user's secret key (32 bytes), for HMAC and encryption. */
  readonly key: Buffer;
}

/**
 * Turns one detected entity into its replacement text.
 *
 * @example
 * const redact: Operator = { name: 'redact', apply: ({ span }) => `[${span.type}]` };
 */
export interface Operator {
  readonly name: string;
  apply(input: OperatorInput, services: OperatorServices): string;
}
