import { fold } from '../lexicon.js';

/**
 * Endings of words from medicine and its departments (drug stems after USAN, -ology, -itis, …):
 * capitalised in notes, but never a person or a place.
 */
export const CLINICAL_ENDINGS =
  /(?:pril|olol|sartan|statin|formin|azole|mycin|cillin|floxacin|prazole|dipine|tidine|mab|nib|vir|azepam|oxetine|triptan|caine|sone|lone|semide|thiazide|parin|xaban|gatran|ology|ologist|metry|iatry|ectomy|otomy|ostomy|itis|osis|emia|algia|ix|ium|ase)$/;

/** Weekdays and months: capitalised, but neither people nor places. */
export const CALENDAR_WORDS: ReadonlySet<string> = new Set([
  'monday',
  'tuesday',
  'wednesday',
  'thursday',
  'friday',
  'saturday',
  'sunday',
  'january',
  'february',
  'march',
  'april',
  'may',
  'june',
  'july',
  'august',
  'september',
  'october',
  'november',
  'december',
]);

/** How a word is written: what lexicon recognizers weigh. */
export type Shape = 'upper' | 'title' | 'lower' | 'mixed';

export interface Token {
  readonly start: number;
  readonly end: number;
  readonly text: string;
  /** lower case, accents removed, a trailing dot dropped */
  readonly key: string;
  readonly shape: Shape;
  /** first word of a sentence or a line: capitals there say little */
  readonly sentenceStart: boolean;
  /** ends with a dot (an initial or an abbreviation such as "Dr.") */
  readonly dotted: boolean;
}

// letters (with marks), inner apostrophes and hyphens: O'Brien, Jean-Pierre, Nuñez; or a number
const WORD = /[\p{L}\p{M}]+(?:['’-][\p{L}\p{M}]+)*\.?|\d+/gu;

function shapeOf(w: string): Shape {
  // fast path for ASCII words: the same answer from character codes
  let ascii = true;
  let hasUpper = false;
  let hasLower = false;
  let restUpper = false;
  for (let i = 0; i < w.length; i++) {
    const c = w.charCodeAt(i);
    if (c >= 128) {
      ascii = false;
      break;
    }
    if (c >= 65 && c <= 90) {
      hasUpper = true;
      if (i > 0) restUpper = true;
    } else if (c >= 97 && c <= 122) hasLower = true;
  }
  if (ascii) {
    if (!hasUpper) return 'lower';
    if (!hasLower) return w.length === 1 ? 'title' : 'upper';
    const h = w.charCodeAt(0);
    return !(h >= 97 && h <= 122) && !restUpper ? 'title' : 'mixed';
  }
  const upper = w.toUpperCase();
  const lower = w.toLowerCase();
  if (w === lower) return 'lower';
  if (w === upper) return w.length === 1 ? 'title' : 'upper';
  const head = w[0]!;
  return head === head.toUpperCase() && w.slice(1) === w.slice(1).toLowerCase() ? 'title' : 'mixed';
}

/**
 * Splits text into words with their offsets and shapes, marking sentence and line starts.
 *
 * @example
 * tokenize('Dr. Maria Gomez').map((t) => t.key); // ['dr', 'maria', 'gomez']
 */
export function tokenize(text: string): Token[] {
  const out: Token[] = [];
  let prevEnd = 0;
  let prevDotted = false;
  WORD.lastIndex = 0;
  for (let m = WORD.exec(text); m !== null; m = WORD.exec(text)) {
    let raw = m[0];
    const index = m.index;
    // a possessive is not part of the name: "Liam's" is the name "Liam"
    if (raw.length > 3) {
      const s = raw.charCodeAt(raw.length - 1);
      const q = raw.charCodeAt(raw.length - 2);
      if ((s === 115 || s === 83) && (q === 39 || q === 0x2019)) raw = raw.slice(0, -2);
    }
    const dotted = raw.charCodeAt(raw.length - 1) === 46;
    const word = dotted ? raw.slice(0, -1) : raw;
    // a sentence starts at the text's start, after . ! ? (unless the dot ended an initial) or a newline
    let sentenceStart = out.length === 0;
    if (!sentenceStart) {
      let brk = false;
      let dot = false;
      for (let g = prevEnd; g < index; g++) {
        const c = text.charCodeAt(g);
        if (c === 33 || c === 63 || c === 10) {
          brk = true;
          break;
        }
        if (c === 46) dot = true;
      }
      sentenceStart =
        brk ||
        (dot && !prevDotted) ||
        (prevDotted && word.length > 0 && out[out.length - 1]!.text.length > 3);
    }
    out.push({
      start: index,
      end: index + raw.length,
      text: raw,
      key: fold(word),
      shape: shapeOf(word),
      sentenceStart,
      dotted,
    });
    prevEnd = index + raw.length;
    prevDotted = dotted;
  }
  return out;
}

/** Whether the text is written in one case throughout: all capitals or all lower case. */
export function caseMode(text: string): 'upper' | 'lower' | 'mixed' {
  let upper = 0;
  let lower = 0;
  for (let i = 0; i < text.length; i += 1) {
    const c = text.charCodeAt(i);
    if (c >= 65 && c <= 90) upper++;
    else if (c >= 97 && c <= 122) lower++;
  }
  const letters = upper + lower;
  if (letters < 8) return 'mixed';
  if (upper / letters > 0.9) return 'upper';
  if (lower / letters > 0.97) return 'lower';
  return 'mixed';
}

/** Index of the first token starting at or after `pos` (binary search), or -1. */
export function tokenAt(toks: readonly Token[], pos: number): number {
  let lo = 0;
  let hi = toks.length;
  while (lo < hi) {
    const mid = (lo + hi) >> 1;
    if (toks[mid]!.start < pos) lo = mid + 1;
    else hi = mid;
  }
  return lo < toks.length ? lo : -1;
}
