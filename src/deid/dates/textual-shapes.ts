import { textRuns } from '../recognizers/pattern-scan.js';
import { plausibleYear } from './calendar.js';
import { cleanAfter, cleanBefore, unitFollows } from './date-context.js';
import { type DatePiece, padOf, pushText } from './date-format.js';
import { buildMatch } from './date-match.js';
import type { DateShape } from './date-shape.js';
import {
  isMonthAbbreviation,
  letterCaseOf,
  MONTH_WORDS,
  type MonthStyle,
  monthOfWord,
  monthStyleOf,
} from './date-words.js';

// every quantifier is bounded (at most three spaces), so the patterns stay linear
const SP = '[ \\t\\u00a0]{1,3}';
const YEAR_TAIL = `(?:(,?${SP}|,)(\\d{4})(?![a-z0-9]))?`;
const ORDINAL = '(st|nd|rd|th)?';

/**
 * In every shape the month word is a whole run of ASCII letters: what precedes it is a non-letter
 * (lookbehind, blank, digit or separator) and what follows it is a dot, a blank, a digit, a
 * separator or the end. So matches start at or just before the month words `textRuns` finds.
 */
/** A shape that opens with its month word starts where one does. */
function atMonthWords(text: string): readonly number[] {
  return textRuns(text).months;
}

const isDigitCode = (c: number) => c >= 48 && c <= 57;

/**
 * The starts of digit runs `nearest` to `farthest` characters before each month word, ascending,
 * without repeats: a shape that opens with its day starts at one of them.
 */
function beforeMonthWords(text: string, farthest: number, nearest: number): number[] {
  const out: number[] = [];
  let next = 0;
  for (const m of textRuns(text).months) {
    for (let p = Math.max(next, m - farthest); p <= m - nearest; p++) {
      if (isDigitCode(text.charCodeAt(p)) && !isDigitCode(text.charCodeAt(p - 1))) out.push(p);
    }
    next = Math.max(next, m - nearest + 1);
  }
  return out;
}

function dayPiece(digits: string, ordinal: string | undefined, fallbackPad: boolean): DatePiece {
  const pad = padOf(digits) ?? fallbackPad;
  if (!ordinal) return { kind: 'day', pad };
  return { kind: 'day', pad, ordinal: ordinal === ordinal.toUpperCase() ? 'upper' : 'lower' };
}

/** Month words that are also verbs or names ("pt may 2 tabs", "march 10 miles", "April 14 years old"). */
const AMBIGUOUS_MONTHS = new Set(['may', 'march', 'april', 'june']);

function isQuantityAfterWord(word: string, text: string, end: number): boolean {
  return AMBIGUOUS_MONTHS.has(word.toLowerCase()) && unitFollows(text, end);
}

/** "May" names no style; a zero-padded day ("May 05") is the fixed-width, abbreviated kind. */
function mayStyle(dayDigits: string): MonthStyle {
  return padOf(dayDigits) ? 'abbr' : 'full';
}

function monthPiece(word: string, mayStyle: MonthStyle): DatePiece {
  return { kind: 'month-name', style: monthStyleOf(word, mayStyle), letters: letterCaseOf(word) };
}

/** March 14, March 14th, Mar. 14, 2024, March 14 2024, MAR 14, 2024. */
const monthFirst: DateShape = {
  pattern: new RegExp(
    `(?<![a-z])(${MONTH_WORDS})(\\.?)(${SP})(\\d{1,2})${ORDINAL}(?![a-z0-9])${YEAR_TAIL}`,
    'gi',
  ),
  starts: atMonthWords,
  build(m, text) {
    const [whole, word, dot, space, dayText, ordinal, yearSep, yearText] = m;
    // "in March. 14 patients": a dot after a full name ends a sentence
    if (dot && !isMonthAbbreviation(word!)) return undefined;
    const start = m.index;
    const year = yearText === undefined ? undefined : plausibleYear(yearText);
    const end =
      year === undefined
        ? start + word!.length + dot!.length + space!.length + dayText!.length + (ordinal?.length ?? 0)
        : start + whole!.length;
    if (!cleanAfter(text, end, '', false)) return undefined;
    if (year === undefined && isQuantityAfterWord(word!, text, end)) return undefined;
    const pieces: DatePiece[] = [monthPiece(word!, mayStyle(dayText!))];
    pushText(pieces, dot! + space!);
    pieces.push(dayPiece(dayText!, ordinal, false));
    if (year !== undefined) pieces.push({ kind: 'text', text: yearSep! }, { kind: 'year', digits: 4 });
    const match = buildMatch(
      text,
      start,
      end,
      { year, month: monthOfWord(word!)!, day: Number(dayText) },
      pieces,
    );
    return match && { match };
  },
};

/** 14 March 2024, 14th of March, 14 Mar. 2024, 14 MAR. */
const dayFirst: DateShape = {
  pattern: new RegExp(
    `(?<![a-z0-9])(\\d{1,2})${ORDINAL}(${SP}(?:of${SP})?)(${MONTH_WORDS})(\\.?)(?![a-z])${YEAR_TAIL}`,
    'gi',
  ),
  // a day of one or two digits, an ordinal and up to "   of   " before the month word
  starts: (text) => beforeMonthWords(text, 12, 2),
  build(m, text) {
    const [whole, dayText, ordinal, middle, word, dot, yearSep, yearText] = m;
    const start = m.index;
    if (!cleanBefore(text, start, '')) return undefined;
    // a dot after a full name ends a sentence, so neither it nor a year after it belongs to the date
    const abbreviationDot = dot !== '' && isMonthAbbreviation(word!);
    const year = yearText === undefined || (dot && !abbreviationDot) ? undefined : plausibleYear(yearText);
    const end =
      year === undefined
        ? start +
          dayText!.length +
          (ordinal?.length ?? 0) +
          middle!.length +
          word!.length +
          (abbreviationDot ? 1 : 0)
        : start + whole!.length;
    // "2 may need": lower-case "may" after a bare number is the verb
    if (word === 'may' && year === undefined && !ordinal) return undefined;
    if (!cleanAfter(text, end, '', false)) return undefined;
    if (year === undefined && isQuantityAfterWord(word!, text, end)) return undefined;
    const pieces: DatePiece[] = [dayPiece(dayText!, ordinal, false), { kind: 'text', text: middle! }];
    pieces.push(monthPiece(word!, mayStyle(dayText!)));
    if (abbreviationDot) pieces.push({ kind: 'text', text: '.' });
    if (year !== undefined) pieces.push({ kind: 'text', text: yearSep! }, { kind: 'year', digits: 4 });
    const match = buildMatch(
      text,
      start,
      end,
      { year, month: monthOfWord(word!)!, day: Number(dayText) },
      pieces,
    );
    return match && { match };
  },
};

/** 14-Mar-2024, 14-MAR-24, 14MAR2024, 14/Mar/2024, 14-Mar: the fixed-width forms systems print. */
const dayMonthCompact: DateShape = {
  pattern: new RegExp(
    `(?<![a-z0-9])(\\d{1,2})([-/]?)(${MONTH_WORDS})(?:\\2(\\d{4}|\\d{2}))?(?![a-z0-9])`,
    'gi',
  ),
  starts: (text) => beforeMonthWords(text, 3, 1),
  build(m, text) {
    const [whole, dayText, sep, word, yearText] = m;
    const start = m.index;
    const end = start + whole!.length;
    // without a year only the hyphen form is common ("14-Mar"); "14mar" is more likely a code
    if (yearText === undefined && sep !== '-') return undefined;
    const year = yearText === undefined ? undefined : plausibleYear(yearText);
    if (yearText !== undefined && year === undefined) return undefined;
    if (!cleanBefore(text, start, sep!) || !cleanAfter(text, end, sep!, false)) return undefined;
    if (year === undefined && isQuantityAfterWord(word!, text, end)) return undefined;
    const pieces: DatePiece[] = [dayPiece(dayText!, undefined, true)];
    pushText(pieces, sep);
    pieces.push(monthPiece(word!, 'abbr'));
    if (yearText !== undefined) {
      pushText(pieces, sep);
      pieces.push({ kind: 'year', digits: yearText.length === 2 ? 2 : 4 });
    }
    const match = buildMatch(
      text,
      start,
      end,
      { year, month: monthOfWord(word!)!, day: Number(dayText) },
      pieces,
    );
    return match && { match };
  },
};

/** March 2024, Mar. 2024, March, 2024, March of 2024. */
const monthYear: DateShape = {
  pattern: new RegExp(`(?<![a-z])(${MONTH_WORDS})(\\.?)(,?${SP}(?:of${SP})?|,)(\\d{4})(?![a-z0-9])`, 'gi'),
  starts: atMonthWords,
  build(m, text) {
    const [whole, word, dot, sep, yearText] = m;
    if (dot && !isMonthAbbreviation(word!)) return undefined;
    const start = m.index;
    const end = start + whole!.length;
    const year = plausibleYear(yearText!);
    if (year === undefined || !cleanAfter(text, end, '', false)) return undefined;
    const pieces: DatePiece[] = [monthPiece(word!, 'full'), { kind: 'text', text: dot! + sep! }];
    pieces.push({ kind: 'year', digits: 4 });
    const match = buildMatch(text, start, end, { year, month: monthOfWord(word!)! }, pieces);
    return match && { match };
  },
};

export const textualShapes: readonly DateShape[] = [monthFirst, dayFirst, dayMonthCompact, monthYear];
