import type { OperatorServices } from '../operator.js';

/** Where an entity sits, for surrogates that depend on more than the value (dates). */
export interface SurrogateContext {
  /** The whole document and the entity's offset in it: a date without a year takes a nearby year. */
  readonly document?: string;
  readonly start?: number;
  /** Date shifts are consistent per subject when one is given, else per document. */
  readonly documentId?: string;
  readonly subjectId?: string;
}

/** Makes the surrogate of one entity family: a deterministic function of the key and the value. */
export type SurrogateFn = (original: string, services: OperatorServices, context: SurrogateContext) => string;
