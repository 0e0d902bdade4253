import type { OperatorInput, OperatorServices } from '../operator.js';
import { DEFAULT_MAX_SHIFT_DAYS, dateShiftDays, shiftDatesIn } from '../surrogates/index.js';
import type { OperatorDefinition } from './operator-options.js';
import { redactLabel } from './redact.js';

/**
 * `shift`: moves dates by one keyed number of days per document (per subject when the input
 * names one), never 0 and at most `max_days` (default 30) either way, each written in its own
 * format. Intervals within a record survive. Anything that is not a date is redacted.
 *
 * @example
 * createOperator('shift', { max_days: 90 }); // "03/14/2024" → e.g. "01/29/2024" in one document
 */
export const shift: OperatorDefinition = {
  name: 'shift',
  options: ['max_days'],
  create(o) {
    const maxDays = o.integer('max_days', DEFAULT_MAX_SHIFT_DAYS, 1, 36_500);
    // the dates of one document come in turn: keep its shift rather than look it up per date
    let lastServices: OperatorServices | undefined;
    let lastId = '';
    let lastDays = 0;
    return {
      name: 'shift',
      apply({ text, span, document, documentId, subjectId }: OperatorInput, services: OperatorServices) {
        if (span.type !== 'DATE') return redactLabel(span.type);
        const id = subjectId ?? documentId;
        if (services !== lastServices || id !== lastId) {
          lastDays = dateShiftDays(services, id, maxDays);
          lastServices = services;
          lastId = id;
        }
        return shiftDatesIn(text, lastDays, { document, start: span.start }) ?? redactLabel(span.type);
      },
    };
  },
};
