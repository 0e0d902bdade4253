export type LetterCase = 'upper' | 'lower' | 'title';
/** `sept` is the abbreviated style of someone who writes "Sept" for September and "Oct" for October. */
export type MonthStyle = 'full' | 'abbr' | 'sept';
export type WeekdayStyle = 'full' | 'abbr';

const MONTHS = [
  'January',
  'February',
  'March',
  'April',
  'May',
  'June',
  'July',
  'August',
  'September',
  'October',
  'November',
  'December',
];
const WEEKDAYS = ['Sunday', 'Monday', 'Tuesday', 'Wednesday', 'Thursday', 'Friday', 'Saturday'];

const monthByWord = new Map<string, number>();
MONTHS.forEach((name, i) => {
  monthByWord.set(name.toLowerCase(), i + 1);
  monthByWord.set(name.slice(0, 3).toLowerCase(), i + 1);
});
monthByWord.set('sept', 9);

const weekdayByWord = new Map<string, number>();
WEEKDAYS.forEach((name, i) => {
  weekdayByWord.set(name.toLowerCase(), i);
  weekdayByWord.set(name.slice(0, 3).toLowerCase(), i);
});
for (const [word, i] of [
  ['tues', 2],
  ['weds', 3],
  ['thur', 4],
  ['thurs', 4],
] as const)
  weekdayByWord.set(word, i);

// longest first, so that an alternation tries "march" before "mar" and "september" before "sept"
const byLength = (words: Iterable<string>) => [...words].sort((a, b) => b.length - a.length).join('|');

/** Regex source matching any month word (case-insensitive flag needed). */
export const MONTH_WORDS = byLength(monthByWord.keys());
/** Regex source matching any weekday word (case-insensitive flag needed). */
export const WEEKDAY_WORDS = byLength(weekdayByWord.keys());

/** Month 1–12 of a month word in any letter case. */
export function monthOfWord(word: string): number | undefined {
  return monthByWord.get(word.toLowerCase());
}

/** Weekday 0 (Sunday) – 6 of a weekday word in any letter case. */
export function weekdayOfWord(word: string): number | undefined {
  return weekdayByWord.get(word.toLowerCase());
}

/** Whether a month word is a dotted-style abbreviation ("Mar.", "Sept.") rather than a full name. */
export function isMonthAbbreviation(word: string): boolean {
  const w = word.toLowerCase();
  return (w.length === 3 && w !== 'may') || w === 'sept';
}

/** Style of a written month word; "May" is both a name and its abbreviation, so the caller decides. */
export function monthStyleOf(word: string, mayStyle: MonthStyle): MonthStyle {
  const w = word.toLowerCase();
  if (w === 'may') return mayStyle;
  if (w === 'sept') return 'sept';
  return w.length === 3 ? 'abbr' : 'full';
}

export function weekdayStyleOf(word: string): WeekdayStyle {
  return word.length >= 6 ? 'full' : 'abbr';
}

/** Letter case of a word; anything that is neither all upper nor all lower renders as Title. */
export function letterCaseOf(word: string): LetterCase {
  if (word === word.toUpperCase()) return 'upper';
  if (word === word.toLowerCase()) return 'lower';
  return 'title';
}

function withCase(word: string, letters: LetterCase): string {
  if (letters === 'upper') return word.toUpperCase();
  return letters === 'lower' ? word.toLowerCase() : word;
}

export function monthWord(month: number, style: MonthStyle, letters: LetterCase): string {
  const name = MONTHS[month - 1] ?? '';
  const word = style === 'full' ? name : style === 'sept' && month === 9 ? 'Sept' : name.slice(0, 3);
  return withCase(word, letters);
}

/** Abbreviated weekdays always render with three letters ("Tues" shifted by a day is "Wed"). */
export function weekdayWord(weekday: number, style: WeekdayStyle, letters: LetterCase): string {
  const name = WEEKDAYS[weekday] ?? '';
  return withCase(style === 'full' ? name : name.slice(0, 3), letters);
}

/** The English ordinal suffix of a day: 1st 2nd 3rd 4th … 11th 12th 13th … 21st 22nd 23rd. */
export function ordinalSuffix(n: number): string {
  const tens = n % 100;
  if (tens >= 11 && tens <= 13) return 'th';
  return ['th', 'st', 'nd', 'rd'][n % 10] ?? 'th';
}
