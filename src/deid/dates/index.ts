export type { DateFormat, DatePiece } from './date-format.js';
export type { DateMatch } from './date-match.js';
export { dateRecognizer } from './date-recognizer.js';
export { findDates } from './find-dates.js';
export { shiftDate } from './shift-date.js';
