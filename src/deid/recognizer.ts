import type { Token } from './recognizers/tokens.js';
import type { Span } from './types.js';

/** What a recognizer may look at besides the text. */
export interface DetectContext {
  /** Lower-cased text, computed once per document and shared by all recognizers. */
  readonly lower: string;
  /** The text's words, computed once on first use and shared by the lexicon recognizers. */
  readonly tokens?: () => readonly Token[];
}

/**
 * Finds entities of some types in a text. Implementations are small and independent: a pattern
 * with a validator, a lexicon, a learned tagger. The pipeline runs them all, adjusts scores by
 * context words, applies allow and deny lists and resolves overlaps.
 *
 * @example
 * const emails: Recognizer = { name: 'email', types: ['EMAIL'], detect: (text) => [...] };
 */
export interface Recognizer {
  readonly name: string;
  /** The entity types it can emit. */
  readonly types: readonly string[];
  /**
   * Words that, near a match (within a few words before it), make it likelier to be this entity:
   * the pipeline raises the score of a span when one is present.
   */
  readonly context?: readonly string[];
  detect(text: string, ctx: DetectContext): Span[];
}
