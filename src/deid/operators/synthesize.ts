import type { OperatorInput, OperatorServices } from '../operator.js';
import { surrogate } from '../surrogates/index.js';
import type { OperatorDefinition } from './operator-options.js';

/**
 * `synthesize`: replaces an entity by a realistic surrogate of the same type and format, the same
 * for the same value everywhere under one key. No options.
 *
 * @example
 * createOperator('synthesize', {}); // "Maria Gomez … Ms. Gomez" → "Janet Cole … Ms. Cole"
 */
export const synthesize: OperatorDefinition = {
  name: 'synthesize',
  options: [],
  create: () => ({
    name: 'synthesize',
    apply: ({ text, span, document, documentId, subjectId }: OperatorInput, services: OperatorServices) =>
      surrogate(
        span.type,
        text,
        services,
        // one literal or the other rather than a spread: this runs for every entity
        subjectId === undefined
          ? { document, start: span.start, documentId }
          : { document, start: span.start, documentId, subjectId },
      ),
  }),
};
