import { type DateMatch, findDates, shiftDate } from '../dates/index.js';
import type { OperatorServices } from '../operator.js';
import type { SurrogateContext } from './surrogate.js';

/** The default bound of a date shift, in days either way. */
export const DEFAULT_MAX_SHIFT_DAYS = 30;

/**
 * The number of days every date of one document (or one subject) moves: keyed('date-shift', id)
 * mapped onto the non-zero whole numbers in [-maxDays, +maxDays], so intervals between the dates
 * of a record survive and no date keeps its true value.
 *
 * @example
 * dateShiftDays(services, 'patient-17'); // e.g. -12, the same on every run with this key
 */
export function dateShiftDays(
  services: OperatorServices,
  id: string,
  maxDays = DEFAULT_MAX_SHIFT_DAYS,
): number {
  const k = services.keyed('date-shift', id) % (2 * maxDays);
  return k < maxDays ? k - maxDays : k - maxDays + 1;
}

// the pipeline shifts the dates of one document in turn: find them once
let cachedDocument: string | undefined;
let cachedDates: readonly DateMatch[] = [];

function datesOf(document: string): readonly DateMatch[] {
  if (document !== cachedDocument) {
    cachedDates = findDates(document);
    cachedDocument = document;
  }
  return cachedDates;
}

/** `text` with each of `dates` (offsets into `source`, which holds text at `offset`) shifted. */
function splice(
  text: string,
  dates: readonly DateMatch[],
  source: string,
  offset: number,
  days: number,
): string {
  let out = '';
  let at = 0;
  for (const d of dates) {
    out += text.slice(at, d.start - offset) + shiftDate(d, source, days);
    at = d.end - offset;
  }
  return out + text.slice(at);
}

/**
 * Every date written in `text` moved by `days`, each in its own format, or undefined when `text`
 * holds no date. Given where the text sits in its document, a date without a year moves within
 * the year of the nearest dated date there.
 *
 * @example
 * shiftDatesIn('03/14/2024', -15); // '02/28/2024'
 */
export function shiftDatesIn(
  text: string,
  days: number,
  where?: { readonly document: string; readonly start: number },
): string | undefined {
  if (where?.document.startsWith(text, where.start)) {
    const end = where.start + text.length;
    const inside: DateMatch[] = [];
    for (const d of datesOf(where.document)) {
      // in text order: none after the entity can be inside it
      if (d.start >= end) break;
      if (d.start >= where.start && d.end <= end) inside.push(d);
    }
    if (inside.length > 0) return splice(text, inside, where.document, where.start, days);
  }
  const own = findDates(text);
  return own.length > 0 ? splice(text, own, text, 0, days) : undefined;
}

/** A date moved like the `shift` operator with its defaults; text with no date is redacted. */
export function dateSurrogate(
  original: string,
  services: OperatorServices,
  context: SurrogateContext,
): string {
  const id = context.subjectId ?? context.documentId ?? '';
  const where =
    context.document !== undefined && context.start !== undefined
      ? { document: context.document, start: context.start }
      : undefined;
  return shiftDatesIn(original, dateShiftDays(services, id), where) ?? '[DATE]';
}
