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

// A word is letters (with marks), inner apostrophes and hyphens: O'Brien, Jean-Pierre, Nuñez, with
// an optional trailing dot; or a run of ASCII digits. That is the pattern
//   /[\p{L}\p{M}]+(?:['’-][\p{L}\p{M}]+)*\.?|\d+/gu
// scanned by hand below: every note goes through here once, and a regex match per word (plus the
// slices, case and fold passes after it) was most of the tokenizer's time. Only characters beyond
// ASCII ask this one-character sticky regex whether they are a letter or a mark.
const LETTER_OR_MARK = /[\p{L}\p{M}]/uy;

/**
 * Length in UTF-16 units (2 for an astral letter) of the letter or mark at `i`, or 0; `c` is the
 * unit there, read by the caller, and is not ASCII (or NaN past the end).
 */
function wideLetterAt(text: string, i: number, c: number): number {
  if (Number.isNaN(c)) return 0;
  LETTER_OR_MARK.lastIndex = i;
  return LETTER_OR_MARK.test(text) ? LETTER_OR_MARK.lastIndex - i : 0;
}

/** Whether a letter or mark starts at `i`. */
function letterAt(text: string, i: number): boolean {
  const c = text.charCodeAt(i);
  if (c < 128) return (c >= 97 && c <= 122) || (c >= 65 && c <= 90);
  return wideLetterAt(text, i, c) > 0;
}

function shapeOf(w: string): Shape {
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
  const n = text.length;
  let prevDotted = false;
  let prevLength = 0;
  // what the characters since the previous word held: a break (! ? newline) or a dot
  let brk = false;
  let dot = false;
  // every ASCII letter of the text is in some word: count them for caseMode on the way
  let upperCount = 0;
  let lowerCount = 0;
  // each character is read once (the one that ends a word twice): reading is most of the cost
  let i = 0;
  while (i < n) {
    const c = text.charCodeAt(i);
    const start = i;
    let end: number;
    let dotted = false;
    // what the word's characters tell on the way: its case, and whether any is beyond ASCII
    let ascii = true;
    let hasUpper = false;
    let hasLower = false;
    let restUpper = false;
    // where the word's last apostrophe or hyphen was (a possessive's is two from its end)
    let sep = -1;
    if (c >= 48 && c <= 57) {
      end = i + 1;
      for (let d = text.charCodeAt(end); d >= 48 && d <= 57; d = text.charCodeAt(end)) end++;
    } else {
      let d = c;
      if (c < 128) {
        if (!((c >= 97 && c <= 122) || (c >= 65 && c <= 90))) {
          if (c === 33 || c === 63 || c === 10) brk = true;
          else if (c === 46) dot = true;
          i++;
          continue;
        }
      } else if (wideLetterAt(text, i, c) === 0) {
        // not a word: step over a whole surrogate pair, as the unicode regex did
        i += c >= 0xd800 && c <= 0xdbff && i + 1 < n && (text.charCodeAt(i + 1) & 0xfc00) === 0xdc00 ? 2 : 1;
        continue;
      }
      end = i;
      for (;;) {
        if (d >= 97 && d <= 122) {
          hasLower = true;
          lowerCount++;
          end++;
        } else if (d >= 65 && d <= 90) {
          hasUpper = true;
          upperCount++;
          if (end > start) restUpper = true;
          end++;
        } else if (d === 39 || d === 45 || d === 0x2019) {
          // an inner apostrophe or hyphen joins the letters after it
          if (!letterAt(text, end + 1)) break;
          if (d === 0x2019) ascii = false;
          sep = end;
          end++;
        } else if (d < 128) break;
        else {
          const len = wideLetterAt(text, end, d);
          if (len === 0) break;
          ascii = false;
          end += len;
        }
        d = text.charCodeAt(end);
      }
      if (d === 46) {
        end++;
        dotted = true;
      }
    }
    i = end;
    // a possessive is not part of the name: "Liam's" is the name "Liam"
    if (sep === end - 2 && end - start > 3 && text.charCodeAt(sep) !== 45) {
      const s = text.charCodeAt(end - 1);
      if (s === 115 || s === 83) {
        end -= 2;
        // the possessive's s was in the case flags: an ASCII word's are counted again without it
        if (ascii) {
          hasUpper = false;
          hasLower = false;
          restUpper = false;
          for (let g = start; g < end; g++) {
            const e = text.charCodeAt(g);
            if (e >= 65 && e <= 90) {
              hasUpper = true;
              if (g > start) restUpper = true;
            } else if (e >= 97 && e <= 122) hasLower = true;
          }
        }
      }
    }
    const raw = text.slice(start, end);
    const word = dotted ? text.slice(start, end - 1) : raw;
    // a sentence starts at the text's start, after . ! ? (unless the dot ended an initial) or a newline
    const sentenceStart = out.length === 0 || brk || (dot && !prevDotted) || (prevDotted && prevLength > 3);
    let key: string;
    let shape: Shape;
    if (ascii) {
      // digits and ASCII letters: fold is plain lower case, the shape comes from the flags
      key = hasUpper ? word.toLowerCase() : word;
      if (!hasUpper) shape = 'lower';
      else if (!hasLower) shape = word.length === 1 ? 'title' : 'upper';
      else shape = !restUpper && c <= 90 ? 'title' : 'mixed';
    } else {
      key = fold(word);
      shape = shapeOf(word);
    }
    out.push({ start, end, text: raw, key, shape, sentenceStart, dotted });
    prevDotted = dotted;
    prevLength = end - start;
    brk = false;
    dot = false;
  }
  caseText = text;
  caseResult = caseFromCounts(upperCount, lowerCount);
  return out;
}

// the last text whose case was counted (by tokenize or caseMode) and its answer: the lexicon
// recognizers each ask caseMode about the text they have just tokenized
let caseText: string | undefined;
let caseResult: 'upper' | 'lower' | 'mixed' = 'mixed';

function caseFromCounts(upper: number, lower: number): 'upper' | 'lower' | 'mixed' {
  const letters = upper + lower;
  if (letters < 8) return 'mixed';
  if (upper / letters > 0.9) return 'upper';
  if (lower / letters > 0.97) return 'lower';
  return 'mixed';
}

/** Whether the text is written in one case throughout: all capitals or all lower case. */
export function caseMode(text: string): 'upper' | 'lower' | 'mixed' {
  if (text === caseText) return caseResult;
  let upper = 0;
  let lower = 0;
  for (let i = 0; i < text.length; i += 1) {
    const c = text.charCodeAt(i);
    if (c >= 65 && c <= 90) upper++;
    else if (c >= 97 && c <= 122) lower++;
  }
  caseText = text;
  caseResult = caseFromCounts(upper, lower);
  return caseResult;
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
