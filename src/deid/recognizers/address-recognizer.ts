import { type Lexicon, lexicon } from '../lexicon.js';
import type { Recognizer } from '../recognizer.js';
import type { Span } from '../types.js';
import { caseMode, type Token, tokenAt, tokenize } from './tokens.js';

const UNIT_WORDS = new Set([
  'suite',
  'ste',
  'apt',
  'apartment',
  'unit',
  'room',
  'rm',
  'floor',
  'fl',
  'flat',
  'bldg',
  'building',
  'box',
  'po',
  'p.o',
  'dept',
  'no',
  'nr',
]);
const JOIN_WORDS = new Set([
  'of',
  'and',
  'de',
  'la',
  'le',
  'del',
  'della',
  'di',
  'da',
  'do',
  'dos',
  'das',
  'du',
  'des',
  'van',
  'von',
  'der',
  'den',
  'am',
  'an',
  'im',
  'sur',
  'upon',
  'on',
  'y',
  'e',
  'i',
]);
const PO_BOX = /\b(?:p\.?\s?o\.?\s?box|post\s+office\s+box|postfach|apartado)\s+\d{1,6}\b/giu;
const MILITARY =
  /\b(?:(?:unit|psc|cmr)\s+\d{3,5},?\s+box\s+\d{2,5}|(?:uss|usns|usnv)\s+[\p{L}' ]{2,30}\n?\s*(?:apo|fpo|dpo)\s+(?:aa|ae|ap)\s+\d{5}|(?:apo|fpo|dpo)\s+(?:aa|ae|ap)\s+\d{5})\b/giu;
// "the corner of Auenweg 85 and Kesä Street"
const CORNER =
  /\bthe corner of [^\n.?!]{2,80}? (?:and|&) [^\n.?!,]{2,60}? (?:Street|St|Avenue|Ave|Road|Rd|Lane|Ln|Drive|Dr|Boulevard|Blvd|Way|Place|Court|Terrace|Parkway)\b/giu;
const POSTCODE = /^(?:\d{4,6}(?:-\d{3,4})?|[A-Z]\d[A-Z]\s?\d[A-Z]\d|[A-Z]{1,2}\d[A-Z\d]?\s?\d[A-Z]{2})$/i;
const MARKERS = /^[\s>*•?|#-]*/;

/**
 * Finds postal addresses. An address starts at a building number followed by street words that
 * end in a street type from faker's lists in every locale ("15 Millicent Drive", "12 Rue de la
 * Paix"), or by street words and a second number ("92 Holmevej 34"), or at a P.O. or military
 * box. It then runs on over its unit, city, region, postcode and country, on the same line and
 * on the lines below, and is reported as one ADDRESS span so no part of it is left behind.
 *
 * @example
 * addressRecognizer().detect('Ship to 42 Harbor Lane, Apt 3B, Springfield, IL 62704.', ctx);
 */
export function addressRecognizer(): Recognizer {
  const lex = lexicon();
  const suffixes = new Set([...lex.streetTypes].filter((s) => s.length >= 3 && /^\p{L}+$/u.test(s)));
  const lengths = [...new Set([...suffixes].map((s) => s.length))];
  // a word ending in a street type ("Holmevej", "Vesturgata"), checked by set lookups, not a scan
  const streetish = (key: string) =>
    lex.streetTypes.has(key) || lengths.some((n) => key.length > n + 2 && suffixes.has(key.slice(-n)));
  return {
    name: 'address',
    types: ['ADDRESS'],
    context: ['address', 'street', 'lives at', 'ship to', 'mail to', 'residence', 'located at', 'sent to'],
    detect(text, ctx) {
      const toks = ctx.tokens?.() ?? tokenize(text);
      const mode = caseMode(text);
      const spans: Span[] = [];
      const gap = (a: Token, b: Token) => text.slice(a.end, b.start);
      const sameLine = (a: Token, b: Token) => !gap(a, b).includes('\n');
      const wordy = (t: Token) => /^\p{L}/u.test(t.key);
      // a key is all letters or all digits: its first character tells which
      const isNum = (t: Token) => {
        const c = t.key.charCodeAt(0);
        return c >= 48 && c <= 57 && t.key.length <= 6;
      };
      // lower-case words may belong to a street ("Trg revolucije", "Via dalla Staziun"), common words do not
      const fits = (t: Token) =>
        mode !== 'mixed' || t.shape !== 'lower' || JOIN_WORDS.has(t.key) || !lex.common.has(t.key);

      const starts: { tok: number; score: number }[] = [];
      for (let i = 0; i < toks.length; i++) {
        if (!isNum(toks[i]!)) continue;
        // skip a second number of the same address ("18 15 Millicent Drive" starts at 18)
        if (
          i > 0 &&
          isNum(toks[i - 1]!) &&
          sameLine(toks[i - 1]!, toks[i]!) &&
          gap(toks[i - 1]!, toks[i]!) === ' '
        )
          continue;
        // "148/92" or "37.1" is a measurement, not a building number
        if (/^[/.,:%]/.test(text.slice(toks[i]!.end, toks[i]!.end + 1))) continue;
        let words = 0;
        let longWords = 0;
        let street = false;
        let closingNumber = false;
        for (let j = i + 1; j < toks.length && j <= i + 8; j++) {
          const w = toks[j]!;
          if (!sameLine(toks[j - 1]!, w) || /[.!?;:]\s/.test(`${gap(toks[j - 1]!, w)} `.slice(0, 2))) break;
          if (isNum(w)) {
            if (words > 0) {
              closingNumber = true;
              break;
            }
            continue;
          }
          if (!wordy(w) || !fits(w)) break;
          if (
            lex.common.has(w.key) &&
            !streetish(w.key) &&
            !JOIN_WORDS.has(w.key) &&
            !(mode === 'mixed' && w.shape !== 'lower')
          )
            break;
          words++;
          // short capitals (HR, Na, RA) are lab and vital-sign abbreviations, not street names
          if (w.key.length >= 4 && w.shape !== 'upper') longWords++;
          if (streetish(w.key)) street = true;
        }
        if (street) starts.push({ tok: i, score: 0.85 });
        else if (closingNumber && longWords >= 1) starts.push({ tok: i, score: 0.7 });
        else if (
          longWords >= 1 &&
          lineStart(text, toks[i]!.start) &&
          nextLineIsAddress(text, toks[i]!.end, lex, mode)
        ) {
          // a numbered line of words followed by city or postcode lines: the head of an address block
          starts.push({ tok: i, score: 0.7 });
        }
      }

      const anchors: [number, number][] = starts.map((s) => [toks[s.tok]!.start, s.score]);
      // each pattern needs a word the lower-cased text must then contain: skip it when it is absent
      // (needles avoid "s" and "k", which /iu also matches as "ſ" and the Kelvin sign)
      const lower = ctx.lower;
      const box = lower.includes('box');
      const patterns = [
        box || lower.includes('tfach') || lower.includes('apartado') ? PO_BOX : undefined,
        box || lower.includes('apo') || lower.includes('fpo') || lower.includes('dpo') ? MILITARY : undefined,
        lower.includes('corner') ? CORNER : undefined,
      ];
      for (const re of patterns) {
        if (re === undefined) continue;
        for (const m of text.matchAll(re)) anchors.push([m.index, 0.85]);
      }
      anchors.sort((a, b) => a[0] - b[0]);

      let covered = -1;
      for (const [start, base] of anchors) {
        if (start < covered) continue;
        const end = extend(text, toks, start, lex, mode, streetish);
        const multi =
          text.slice(start, end).includes('\n') ||
          /\b[A-Z]{2}\s+\d{5}\b|\d{4,6}\s*$/.test(text.slice(start, end));
        spans.push({
          start,
          end,
          type: 'ADDRESS',
          score: Math.min(1, base + (multi ? 0.15 : 0)),
          recognizer: 'address',
        });
        covered = end;
      }
      return spans;
    },
  };
}

/** Runs an address on from its start over unit, city, region, postcode and country, across lines. */
function extend(
  text: string,
  toks: readonly Token[],
  start: number,
  lex: Lexicon,
  mode: string,
  streetish: (k: string) => boolean,
): number {
  let k = tokenAt(toks, start);
  if (k < 0) return start;
  let end = toks[k]!.end;
  let lineWords = 0;
  for (k = k + 1; k < toks.length; k++) {
    const prev = toks[k - 1]!;
    const t = toks[k]!;
    const between = text.slice(prev.end, t.start);
    if (between.includes('\n')) {
      // the next line continues the address only if it looks like part of one
      if ((between.match(/\n/g) ?? []).length > 2) break;
      const lineEnd = text.indexOf('\n', t.start);
      const line = text
        .slice(t.start, lineEnd < 0 ? text.length : lineEnd)
        .replace(MARKERS, '')
        .trim();
      if (!addressLine(line, lex, mode)) break;
      lineWords = 0;
    } else {
      if (/[.!?;:]/.test(between) && !prev.dotted) break;
      if (/[.!?;:]\s/.test(`${between} `) && prev.dotted && prev.key.length > 3 && !UNIT_WORDS.has(prev.key))
        break;
      if (between.length > 3) break;
    }
    const word = /^\p{L}/u.test(t.key);
    const ok =
      !word ||
      UNIT_WORDS.has(t.key) ||
      JOIN_WORDS.has(t.key) ||
      streetish(t.key) ||
      lex.places.has(t.key) ||
      (mode === 'mixed'
        ? t.shape !== 'lower' && !(lex.common.has(t.key) && t.shape === 'title' && lineWords > 3)
        : !lex.common.has(t.key));
    if (!ok) break;
    if (!word && !/^\d{1,6}$/.test(t.key) && !POSTCODE.test(t.key)) break;
    end = t.dotted && !UNIT_WORDS.has(t.key) && t.key.length > 2 ? t.end - 1 : t.end;
    lineWords++;
  }
  return end;
}

/** Whether only markers and spaces stand between the line's start and `pos`. */
function lineStart(text: string, pos: number): boolean {
  const nl = text.lastIndexOf('\n', pos - 1);
  return (
    /^[\s>*•?|#:-]*$/.test(text.slice(nl + 1, pos)) ||
    /address(?: is)?:?\s*$/i.test(text.slice(Math.max(0, pos - 16), pos))
  );
}

/** Whether the line after `pos` (skipping one blank line) continues an address. */
function nextLineIsAddress(text: string, pos: number, lex: Lexicon, mode: string): boolean {
  const nl = text.indexOf('\n', pos);
  if (nl < 0) return false;
  // the next line, or the one after it when the next is blank
  const nl2 = text.indexOf('\n', nl + 1);
  const first = text.slice(nl + 1, nl2 < 0 ? text.length : nl2);
  let line = first;
  if (first.trim() === '') {
    if (nl2 < 0) line = '';
    else {
      const nl3 = text.indexOf('\n', nl2 + 1);
      line = text.slice(nl2 + 1, nl3 < 0 ? text.length : nl3);
    }
  }
  const body = line.replace(MARKERS, '').trim();
  return body !== '' && addressLine(body, lex, mode);
}

/** A line that can continue an address: a unit, a city or region, a postcode, a country. */
function addressLine(line: string, lex: Lexicon, mode: string): boolean {
  const body = line.replace(/^,\s*/, '');
  if (body === '' || body.length > 60 || /[!?;:=%]/.test(body)) return false;
  const words = body.split(/[\s,]+/).filter(Boolean);
  if (words.length > 6) return false;
  return words.every((w) => {
    const key = w.toLowerCase().replace(/\.$/, '');
    if (/^\d[\dA-Z-]*$/i.test(w) || POSTCODE.test(w)) return true;
    if (UNIT_WORDS.has(key) || JOIN_WORDS.has(key) || key === 'nan') return true;
    if (lex.places.has(key)) return true;
    if (mode === 'mixed') return /^[\p{Lu}\d]/u.test(w);
    return !lex.common.has(key);
  });
}
