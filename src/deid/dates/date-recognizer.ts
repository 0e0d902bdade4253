import type { Recognizer } from '../recognizer.js';
import type { Span } from '../types.js';
import type { DateMatch } from './date-match.js';
import { findDates } from './find-dates.js';

const ATTACHED_TIME =
  /^(?:[T ]|,? at |, )\d{1,2}:\d{2}(?::\d{2}(?:\.\d{1,6})?)?(?:\s?[ap]\.?m\.?)?(?:Z|[+-]\d{2}:?\d{2})?(?![\d:])/i;

/**
 * Confidence by what a date gives away. A numeric month/day without a year ("3/14") is the form
 * most often something else (a score, a dose), so it relies on the pipeline's context bonus.
 */
function scoreOf(d: DateMatch): number {
  if (d.day === undefined) return 0.7;
  if (d.year !== undefined) return 0.9;
  const numeric = d.format.pieces.every((p) => p.kind !== 'month-name');
  return numeric ? 0.6 : 0.8;
}

/**
 * Finds dates (HIPAA: every element of a date but the year alone) with `findDates`.
 *
 * @example
 * dateRecognizer.detect('DOB: 04/02/1961', { lower: 'dob: 04/02/1961' });
 * // [{ start: 5, end: 15, type: 'DATE', score: 0.9, recognizer: 'date' }]
 */
export const dateRecognizer: Recognizer = {
  name: 'date',
  types: ['DATE'],
  context: [
    'dob',
    'd.o.b',
    'date of birth',
    'birthdate',
    'birthday',
    'born',
    'date',
    'dated',
    'admitted',
    'admission',
    'discharged',
    'discharge',
    'seen on',
    'visit',
    'appointment',
    'deceased',
    'died',
    'expired',
  ],
  detect(text: string): Span[] {
    return findDates(text).map((d) => {
      // a time written on the date belongs to the same identifier: mask them together
      const time = ATTACHED_TIME.exec(text.slice(d.end, d.end + 32));
      return {
        start: d.start,
        end: d.end + (time ? time[0].length : 0),
        type: 'DATE',
        score: scoreOf(d),
        recognizer: 'date',
      };
    });
  },
};
