import type { CivilDate } from './calendar.js';
import {
  type LetterCase,
  type MonthStyle,
  monthWord,
  ordinalSuffix,
  type WeekdayStyle,
  weekdayWord,
} from './date-words.js';

/** One piece of a written date: text kept as written, or a field written from the date. */
export type DatePiece =
  | { readonly kind: 'text'; readonly text: string }
  | { readonly kind: 'year'; readonly digits: 2 | 4 }
  | { readonly kind: 'month'; readonly pad: boolean }
  | { readonly kind: 'month-name'; readonly style: MonthStyle; readonly letters: LetterCase }
  | { readonly kind: 'day'; readonly pad: boolean; readonly ordinal?: 'upper' | 'lower' }
  | { readonly kind: 'weekday'; readonly style: WeekdayStyle; readonly letters: LetterCase };

/**
 * How a date was written, piece by piece, so that another date can be written the same way.
 * `weekday` is the weekday the text named (0 = Sunday), when it named one.
 */
export interface DateFormat {
  readonly pieces: readonly DatePiece[];
  readonly weekday?: number;
}

const pad2 = (n: number) => (n < 10 ? `0${n}` : String(n));

/** Writes `date` in `format`; `weekday` fills the weekday piece, if the format has one. */
export function renderDate(format: DateFormat, date: CivilDate, weekday: number): string {
  let out = '';
  let mayAbbreviation = false;
  for (const p of format.pieces) {
    switch (p.kind) {
      case 'text':
        // the dot of "Apr." does not follow "May", which is its own abbreviation
        out += mayAbbreviation && p.text.startsWith('.') ? p.text.slice(1) : p.text;
        break;
      case 'year':
        out += p.digits === 2 ? pad2(((date.year % 100) + 100) % 100) : String(date.year).padStart(4, '0');
        break;
      case 'month':
        out += p.pad ? pad2(date.month) : String(date.month);
        break;
      case 'month-name':
        out += monthWord(date.month, p.style, p.letters);
        mayAbbreviation = date.month === 5 && p.style !== 'full';
        continue;
      case 'day': {
        out += p.pad ? pad2(date.day) : String(date.day);
        if (p.ordinal !== undefined) {
          const suffix = ordinalSuffix(date.day);
          out += p.ordinal === 'upper' ? suffix.toUpperCase() : suffix;
        }
        break;
      }
      case 'weekday':
        out += weekdayWord(weekday, p.style, p.letters);
        break;
    }
    mayAbbreviation = false;
  }
  return out;
}

/** Appends a text piece; an empty separator ("14MAR2024") adds none. */
export function pushText(pieces: DatePiece[], text: string | undefined): void {
  if (text) pieces.push({ kind: 'text', text });
}

/**
 * Whether a numeric field was written zero-padded: "03" yes, "3" no, "14" cannot tell (the
 * caller borrows the answer from the other field or falls back to the form's usual width).
 */
export function padOf(digits: string): boolean | undefined {
  if (digits.length === 1) return false;
  return digits.startsWith('0') ? true : undefined;
}
