import { weekdayOfWord } from './date-words.js';

const isDigit = (c: number) => c >= 48 && c <= 57;
const isLetter = (c: number) => (c >= 65 && c <= 90) || (c >= 97 && c <= 122);
const isBlank = (c: number) => c === 32 || c === 9 || c === 160;

/**
 * Whether a date may begin at `start`: not glued to a word or number, not inside a path or a
 * longer chain of numbers ("1.3/14", "12:03/14", "555-12-14-2024"). `sep` is the date's own
 * separator; a hyphen before a slash date is a range ("3/12-3/14"), before a hyphen date a chain.
 */
export function cleanBefore(text: string, start: number, sep: string): boolean {
  const c = text.charCodeAt(start - 1);
  if (Number.isNaN(c)) return true;
  if (isLetter(c) || isDigit(c) || c === 47 /* / */) return false;
  const chain = c === 46 /* . */ || c === 58 /* : */ || (c === 45 /* - */ && sep === '-');
  return !(chain && isDigit(text.charCodeAt(start - 2)));
}

/**
 * Whether a date may end at `end`, by the same rules as `cleanBefore`. With `allowTime`, a "T"
 * followed by a digit may follow (ISO 8601 "2024-03-14T10:30").
 */
export function cleanAfter(text: string, end: number, sep: string, allowTime: boolean): boolean {
  const c = text.charCodeAt(end);
  if (Number.isNaN(c)) return true;
  if (isDigit(c)) return false;
  if (isLetter(c)) return allowTime && (c === 84 || c === 116) && isDigit(text.charCodeAt(end + 1));
  const chain = c === 46 || c === 58 || c === 47 || (c === 45 && sep === '-');
  return !(chain && isDigit(text.charCodeAt(end + 1)));
}

/** What may stand between a cue word and its number: "DOB: ", "date=", "D.O.B.-", a line break. */
const CUE_SEPARATORS = ' \t\u00a0\n\r:=#.,-';

/**
 * The word that ends just before `start`, lower-cased, past at most three separators
 * ("DOB: ", "D.O.B.: ", "date=") and with inner dots and slashes kept ("d.o.b", "b/p").
 * Scanned by hand: this runs for most candidates, and a `$`-anchored regex would retry at
 * every position of its window.
 */
function wordBefore(text: string, start: number): string {
  let i = start;
  while (i > 0 && start - i < 3 && CUE_SEPARATORS.includes(text.charAt(i - 1))) i--;
  const end = i;
  while (i > 0 && end - i < 16) {
    const c = text.charCodeAt(i - 1);
    if (!(isLetter(c) || ((c === 46 || c === 47) && isLetter(text.charCodeAt(i - 2))))) break;
    i--;
  }
  if (i > 0 && isLetter(text.charCodeAt(i - 1))) return '';
  return text.slice(i, end).toLowerCase();
}

/** Words right before a number that make it a date ("seen on 1/2", "DOB 19610402"). */
const DATE_CUES = new Set(
  (
    'on since from until till thru through before after due date dated dob d.o.b born birth birthday ' +
    'birthdate admit admitted admission discharge discharged seen visit visited dos'
  ).split(' '),
);

/** Words right before a number that make it a score, a ratio or a dose ("pain 2/10", "BP 12/8", "take 1/2"). */
const QUANTITY_BEFORE = new Set(
  (
    'bp b/p pressure pain score scores scored scale strength power motor grade grades graded rated rating ' +
    'ratio gcs apgar vision va acuity reflexes dtr dtrs take takes taking took give gave dose dosage sig'
  ).split(' '),
);

/** Units and measures right after a number: "1/2 tab", "3/4 strength", "6/7 weeks", "April 14 years old". */
const UNIT_AFTER =
  /^[ \t]{0,3}(?:%|(?:tabs?|tablets?|caps?|capsules?|pills?|puffs?|drops?|gtts?|sprays?|mg|mcg|ug|g|gm|grams?|ml|cc|units?|iu|meq|mmol|tsp|tbsp|teaspoons?|tablespoons?|cups?|doses?|strength|pain|times|inch(?:es)?|cm|mm|mmhg|kg|lbs?|oz|score|scale|power|motor|reflex(?:es)?|ratio|dilution|vision|grade|miles?|km|criteria|years?|yrs?|y\/o|yo|months?|mos?|weeks?|wks?|days?|hours?|hrs?|minutes?|mins?|x(?=[ \t]*\d))(?![a-z]))/i;

/** "1/2 of the dose": a fraction, unless a date word says otherwise ("on 3/14 of last year"). */
const OF_AFTER = /^[ \t]{0,3}of(?![a-z])/i;

/** Whether a date cue word ends just before `start`. */
export function hasDateCue(text: string, start: number): boolean {
  return DATE_CUES.has(wordBefore(text, start));
}

/** Whether a whole number and a blank come just before `start` ("1 1/2"). */
export function followsWholeNumber(text: string, start: number): boolean {
  return isBlank(text.charCodeAt(start - 1)) && isDigit(text.charCodeAt(start - 2));
}

/** Whether a unit or measure follows `end` ("5 mg", "14 years old"). */
export function unitFollows(text: string, end: number): boolean {
  return UNIT_AFTER.test(text.slice(end, end + 24));
}

/**
 * Whether the words around a date-shaped number without a year say it is a quantity or a score
 * instead. A unit after it always does ("from 1/2 tab to 1 tab"); a word before it or "of"
 * after it does unless a date cue comes first ("on 1/2 of the days" is still a date).
 */
export function looksLikeQuantity(text: string, start: number, end: number): boolean {
  const after = text.slice(end, end + 24);
  if (UNIT_AFTER.test(after)) return true;
  const word = wordBefore(text, start);
  return !DATE_CUES.has(word) && (QUANTITY_BEFORE.has(word) || OF_AFTER.test(after));
}

/** A weekday written just before a date ("Tuesday, " in "Tuesday, March 14"). */
export interface WeekdayPrefix {
  readonly start: number;
  readonly weekday: number;
  readonly word: string;
  /** what separates it from the date: ", ", ". ", " " */
  readonly sep: string;
}

/** The weekday written just before `start`: a weekday word, an optional dot and comma, 1–3 blanks. */
export function weekdayBefore(text: string, start: number): WeekdayPrefix | undefined {
  let i = start;
  while (i > 0 && start - i < 3 && isBlank(text.charCodeAt(i - 1))) i--;
  if (i === start && text.charCodeAt(i - 1) !== 44) return undefined;
  if (text.charCodeAt(i - 1) === 44 /* , */) i--;
  if (text.charCodeAt(i - 1) === 46 /* . */) i--;
  const wordEnd = i;
  while (i > 0 && wordEnd - i < 10 && isLetter(text.charCodeAt(i - 1))) i--;
  if (i === wordEnd || (i > 0 && isLetter(text.charCodeAt(i - 1)))) return undefined;
  const word = text.slice(i, wordEnd);
  const weekday = weekdayOfWord(word);
  if (weekday === undefined) return undefined;
  return { start: i, weekday, word, sep: text.slice(wordEnd, start) };
}
