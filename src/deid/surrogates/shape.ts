import type { Rng } from '../../random/index.js';

/** How a word is written: surrogates keep it so "GOMEZ" becomes "COLE", not "Cole". */
export type Casing = 'upper' | 'lower' | 'title' | 'other';

/** The casing pattern of a word or phrase; scripts without case count as 'other'. */
export function casingOf(text: string): Casing {
  const ascii = asciiCasing(text);
  if (ascii !== undefined) return ascii;
  const upper = text.toUpperCase();
  const lower = text.toLowerCase();
  if (upper === lower) return 'other';
  if (text === upper) return 'upper';
  if (text === lower) return 'lower';
  if (/^\p{Lu}\p{Ll}*(?:[\s'’-]+\p{Lu}\p{Ll}*)*$/u.test(text)) return 'title';
  return 'other';
}

/** casingOf for plain ASCII (names, places, mailboxes mostly are) in one pass; undefined otherwise. */
function asciiCasing(text: string): Casing | undefined {
  let uppers = 0;
  let lowers = 0;
  // title case: a capital, small letters, and further such words after spaces, apostrophes or hyphens
  let title = true;
  let wordStart = true;
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    if (c >= 128) return undefined;
    if (c >= 65 && c <= 90) {
      uppers++;
      if (!wordStart) title = false;
      wordStart = false;
    } else if (c >= 97 && c <= 122) {
      lowers++;
      if (wordStart) title = false;
    } else if (c === 32 || c === 39 || c === 45 || (c >= 9 && c <= 13)) {
      // a separator must follow a word, never start the text
      if (i === 0) title = false;
      wordStart = true;
    } else title = false;
  }
  if (uppers === 0 && lowers === 0) return 'other';
  if (lowers === 0) return 'upper';
  if (uppers === 0) return 'lower';
  return title && !wordStart ? 'title' : 'other';
}

/** Writes `text` in a casing pattern; title and mixed patterns keep the text's own casing. */
export function applyCasing(text: string, casing: Casing): string {
  if (casing === 'upper') return text.toUpperCase();
  if (casing === 'lower') return text.toLowerCase();
  return text;
}

const DIGITS = '0123456789';
const UPPER = 'ABCDEFGHIJKLMNOPQRSTUVWXYZ';
const LOWER = 'abcdefghijklmnopqrstuvwxyz';

/** A string of n random decimal digits. */
export function randomDigits(rng: Rng, n: number): string {
  let out = '';
  for (let i = 0; i < n; i++) out += DIGITS[rng.below(10)];
  return out;
}

/**
 * Digits become random digits, upper-case letters random upper-case letters, lower-case letters
 * random lower-case letters; everything else (separators, punctuation) stays where it is.
 */
export function reshape(text: string, rng: Rng): string {
  let out = '';
  for (const ch of text) {
    const c = ch.charCodeAt(0);
    // ASCII by its code; the Unicode classes only for the rest
    if (c >= 48 && c <= 57) out += DIGITS[rng.below(10)];
    else if (c >= 65 && c <= 90) out += UPPER[rng.below(26)];
    else if (c >= 97 && c <= 122) out += LOWER[rng.below(26)];
    else if (c < 128) out += ch;
    else if (/\p{Lu}/u.test(ch)) out += UPPER[rng.below(26)];
    else if (/\p{Ll}/u.test(ch)) out += LOWER[rng.below(26)];
    else out += ch;
  }
  return out;
}

/** True for the code unit of an ASCII digit, what `\d` matches without the u flag. */
function isDigit(c: number): boolean {
  return c >= 48 && c <= 57;
}

/** Replaces only the digits of `text`, each by a random digit. */
export function reshapeDigits(text: string, rng: Rng): string {
  let out = '';
  let from = 0;
  for (let i = 0; i < text.length; i++) {
    if (!isDigit(text.charCodeAt(i))) continue;
    out += text.slice(from, i) + DIGITS[rng.below(10)];
    from = i + 1;
  }
  return from === 0 ? text : out + text.slice(from);
}

/**
 * Calls `make` until it returns something other than `original` (compared case-insensitively),
 * drawing on the same stream so the result stays deterministic. Gives up after a few tries only
 * when the original has nothing a surrogate could change.
 */
export function unlike(original: string, rng: Rng, make: (rng: Rng) => string): string {
  const folded = original.toLowerCase();
  let out = make(rng);
  for (let i = 0; i < 32 && out.toLowerCase() === folded; i++) out = make(rng);
  return out;
}

/** Puts `digits` into the digit positions of `template`, keeping every other character. */
export function fillDigits(template: string, digits: string): string {
  let out = '';
  let from = 0;
  let next = 0;
  for (let i = 0; i < template.length; i++) {
    if (!isDigit(template.charCodeAt(i))) continue;
    out += template.slice(from, i) + (digits[next++] ?? '0');
    from = i + 1;
  }
  return from === 0 ? template : out + template.slice(from);
}

/** The digits of a string, in order. */
export function digitsOf(text: string): string {
  let out = '';
  for (let i = 0; i < text.length; i++) if (isDigit(text.charCodeAt(i))) out += text[i];
  return out;
}
