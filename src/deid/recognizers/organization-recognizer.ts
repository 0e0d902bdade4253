import { isSpace } from '../chars.js';
import { type Lexicon, lexicon } from '../lexicon.js';
import type { Recognizer } from '../recognizer.js';
import type { Span } from '../types.js';
import {
  COMMON,
  docWords,
  FIRST_NAME,
  hasDigit,
  ORG_ABBREVIATION,
  ORG_CUE,
  ORG_CUES,
  ORG_HEAD,
  ORG_INNER,
  ORG_SUFFIX,
  wordFacts,
} from './place-words.js';
import { type Token, tokenAt, tokenize } from './tokens.js';

const PARTNERS =
  /\b\p{Lu}[\p{Ll}'-]+(?:, \p{Lu}[\p{Ll}'-]+)* (?:and|&) \p{Lu}[\p{Ll}'-]+\b|\b\p{Lu}[\p{Ll}']+-\p{Lu}[\p{Ll}']+\b/gu;
/**
 * Finds organisations: capitalised words ending in a company form or organisation word (Inc,
 * LLC, Ltd., GmbH, Group, Technologies, Hospital, University — faker's legal-entity lists in
 * every locale plus common ones), "University of X" style names, and capitalised words after
 * "works at", "employed by" and similar cues.
 *
 * @example
 * organizationRecognizer().detect('He works at Kroll Bond Ratings Agency.', ctx);
 */
export function organizationRecognizer(): Recognizer {
  const lex = lexicon();
  const facts = wordFacts(lex);
  return {
    name: 'org-lexicon',
    types: ['ORGANIZATION'],
    context: [
      'company',
      'employer',
      'works',
      'employed',
      'organization',
      'organisation',
      'firm',
      'corporation',
    ],
    detect(text, ctx) {
      const toks = ctx.tokens?.() ?? tokenize(text);
      const { bits, mode, any } = docWords(facts, text, toks);
      const cap = (t: Token) =>
        mode !== 'mixed' || t.shape === 'title' || t.shape === 'upper' || t.shape === 'mixed';
      // words of one name: a space, a comma, or a possessive between them ("St. Mary's Hospital")
      const adjacent = (a: Token, b: Token) => adjacentGap(text, a.end, b.start);
      const spans: Span[] = [];
      for (let i = 0; i < toks.length; i++) {
        const b = bits[i]!;
        if ((b & (ORG_SUFFIX | ORG_HEAD)) === 0) continue;
        const t = toks[i]!;
        if ((b & ORG_SUFFIX) !== 0 && i > 0 && (cap(t) || t.dotted)) {
          // walk back over the capitalised name before the suffix
          let j = i - 1;
          let start = -1;
          while (j >= 0 && i - j <= 6) {
            const w = toks[j]!;
            if (!adjacent(w, toks[j + 1]!)) break;
            if (cap(w) && !(w.sentenceStart && (bits[j]! & COMMON) !== 0 && j !== i - 1)) start = j;
            else if ((bits[j]! & ORG_INNER) === 0) break;
            j--;
          }
          if (start >= 0 && (bits[start]! & ORG_INNER) === 0) {
            const score = mode === 'mixed' ? 0.9 : 0.7;
            spans.push({
              start: toks[start]!.start,
              end: t.end,
              type: 'ORGANIZATION',
              score,
              recognizer: 'org-lexicon',
            });
          }
        }
        if ((b & ORG_HEAD) !== 0 && cap(t) && toks[i + 1]?.key === 'of') {
          let k = i + 2;
          let end = -1;
          while (k < toks.length && k < i + 7 && cap(toks[k]!) && adjacent(toks[k - 1]!, toks[k]!)) end = k++;
          if (end > 0)
            spans.push({
              start: t.start,
              end: toks[end]!.end,
              type: 'ORGANIZATION',
              score: 0.8,
              recognizer: 'org-lexicon',
            });
        }
      }
      // several capitalised words in mid-sentence ("Business Monitor International") name
      // something; with no first name among them, most often an organisation
      if (mode === 'mixed') {
        for (let i = 0; i < toks.length; i++) {
          const t = toks[i]!;
          if (
            t.sentenceStart ||
            !(t.shape === 'title' || (t.shape === 'upper' && t.key.length > 4)) ||
            (bits[i]! & ORG_INNER) !== 0 ||
            hasDigit(t.key)
          )
            continue;
          let j = i;
          while (j + 1 < toks.length) {
            const w = toks[j]!;
            const n = toks[j + 1]!;
            // adjacent words with no comma between them (of the gaps adjacentGap allows, only
            // the comma forms start with one)
            if (!adjacent(w, n) || text.charCodeAt(w.end) === 44) break;
            // a full stop ends the phrase; a few abbreviations ("St.", "Co.") do not
            if (w.dotted && (bits[j]! & ORG_ABBREVIATION) === 0) break;
            // short capitals are clinical and technical acronyms (IV, BMP, ED), not names
            if (n.shape === 'upper' && n.key.length <= 4) break;
            if (
              !(
                n.shape === 'title' ||
                n.shape === 'upper' ||
                ((bits[j + 1]! & ORG_INNER) !== 0 && j + 2 < toks.length && toks[j + 2]!.shape === 'title')
              )
            )
              break;
            j++;
          }
          if (j > i && !toks[j]!.dotted && !someFirstName(bits, i, j)) {
            spans.push({
              start: t.start,
              end: toks[j]!.end,
              type: 'ORGANIZATION',
              score: 0.55,
              recognizer: 'org-capitalised',
            });
          }
          i = j;
        }
      }
      // "Jones, Mitchell and Williams", "Becker-Shaffer": firms named after their partners
      if (mayNamePartners(text, toks, bits)) {
        for (const m of text.matchAll(PARTNERS)) {
          const names = m[0].split(/,\s*|\s+(?:and|&)\s+|-/).filter(Boolean);
          const known = names.filter((n) => lex.lastNames.has(n.toLowerCase())).length;
          if (known >= 2 && !(names.length === 2 && m[0].includes(' and '))) {
            spans.push({
              start: m.index,
              end: m.index + m[0].length,
              type: 'ORGANIZATION',
              score: 0.75,
              recognizer: 'org-partners',
            });
          }
        }
      }
      signatureBlocks(text, lex, spans);
      // (only when some word can be part of a cue: most texts hold none, and need no scans)
      if ((any & ORG_CUE) === 0) return spans;
      for (const cue of ORG_CUES) {
        let at = ctx.lower.indexOf(cue);
        while (at >= 0) {
          const after = at + cue.length;
          const k = tokenAt(toks, after);
          if (k >= 0 && cap(toks[k]!) && (bits[k]! & COMMON) === 0) {
            let end = k;
            while (
              end + 1 < toks.length &&
              end < k + 4 &&
              cap(toks[end + 1]!) &&
              adjacent(toks[end]!, toks[end + 1]!)
            )
              end++;
            spans.push({
              start: toks[k]!.start,
              end: toks[end]!.end,
              type: 'ORGANIZATION',
              score: 0.65,
              recognizer: 'org-cue',
            });
          }
          at = ctx.lower.indexOf(cue, after);
        }
      }
      return spans;
    },
  };
}

/** Whether a first name that is not also a common word stands among tokens i..j. */
function someFirstName(bits: readonly number[], i: number, j: number): boolean {
  for (let w = i; w <= j; w++) if ((bits[w]! & (FIRST_NAME | COMMON)) === FIRST_NAME) return true;
  return false;
}

/**
 * Whether PARTNERS can match: its first branch needs " and " or " & " before a capital and a
 * lower-case letter, apostrophe or hyphen; its second a lower-case letter or apostrophe, a
 * hyphen, a capital and a lower-case letter or apostrophe. A look at the few hyphens, ampersands
 * and "and"s of a text spares the regex's attempt at every capital. Non-ASCII neighbours count
 * as possible letters of either case.
 */
function mayNamePartners(text: string, toks: readonly Token[], bits: readonly number[]): boolean {
  for (let at = text.indexOf('-'); at >= 0; at = text.indexOf('-', at + 1)) {
    if (
      lowerish(text.charCodeAt(at - 1)) &&
      upperish(text.charCodeAt(at + 1)) &&
      lowerish(text.charCodeAt(at + 2))
    )
      return true;
  }
  for (let at = text.indexOf('&'); at >= 0; at = text.indexOf('&', at + 1)) {
    if (text.charCodeAt(at - 1) === 32 && text.charCodeAt(at + 1) === 32 && capitalAt(text, at + 2))
      return true;
  }
  // " and " is a word of its own, "and" in lower case with a space either side
  for (let k = 0; k < toks.length; k++) {
    if ((bits[k]! & ORG_INNER) === 0) continue;
    const t = toks[k]!;
    if (
      t.text === 'and' &&
      text.charCodeAt(t.start - 1) === 32 &&
      text.charCodeAt(t.end) === 32 &&
      capitalAt(text, t.end + 1)
    )
      return true;
  }
  return false;
}

/** Could a capital followed by [\p{Ll}'-] start at `at`? */
function capitalAt(text: string, at: number): boolean {
  const c = text.charCodeAt(at + 1);
  return upperish(text.charCodeAt(at)) && (lowerish(c) || c === 45);
}

/** Could be \p{Lu}: an ASCII capital or any non-ASCII unit (NaN, past the text's end, is not). */
function upperish(c: number): boolean {
  return (c >= 65 && c <= 90) || c >= 128;
}

/** Could be [\p{Ll}']: an ASCII lower-case letter, an apostrophe or any non-ASCII unit. */
function lowerish(c: number): boolean {
  return (c >= 97 && c <= 122) || c === 39 || c >= 128;
}

/** A short line of capitalised words just above an address is the organisation of a signature block. */
function signatureBlocks(text: string, lex: Lexicon, spans: Span[]): void {
  // a block needs a line below it
  if (!text.includes('\n')) return;
  // where each line starts; line li runs to starts[li + 1] - 1 (or the text's end)
  const starts = [0];
  for (let at = text.indexOf('\n'); at >= 0; at = text.indexOf('\n', at + 1)) starts.push(at + 1);
  const lineEnd = (li: number) => (li + 1 < starts.length ? starts[li + 1]! - 1 : text.length);
  for (let li = 0; li + 1 < starts.length; li++) {
    // the next line with something on it, of the two below
    let next = li + 1;
    if (blank(text, starts[next]!, lineEnd(next))) {
      next = li + 2;
      if (next >= starts.length || blank(text, starts[next]!, lineEnd(next))) continue;
    }
    if (!addressStart(text, starts[next]!, lineEnd(next))) continue;
    // a digit anywhere on the line rules it out (the markers before the body have none): the
    // cheapest test first
    if (digitBetween(text, starts[li]!, lineEnd(li))) continue;
    const line = text.slice(starts[li]!, lineEnd(li));
    const body = line.replace(/^[\s>*•?|#-]*/, '');
    const lead = line.length - body.length;
    const words = body.trim().split(/\s+/);
    if (
      words.length >= 1 &&
      words.length <= 5 &&
      /^[\p{Lu}\p{Ll}][\p{L}\p{M}'.&-]*$/u.test(words[0]!) &&
      !/[:,;!?]$/.test(body.trim())
    ) {
      const firstKey = words[0]!.toLowerCase();
      if (!lex.firstNames.has(firstKey) && !/\d/.test(body)) {
        const offset = starts[li]!;
        spans.push({
          start: offset + lead,
          end: offset + lead + body.trimEnd().length,
          type: 'ORGANIZATION',
          score: 0.6,
          recognizer: 'org-block',
        });
      }
    }
  }
}

/** Whether text[from, to) holds an ASCII digit (what /\d/ matches). */
function digitBetween(text: string, from: number, to: number): boolean {
  for (let i = from; i < to; i++) {
    const c = text.charCodeAt(i);
    if (c >= 48 && c <= 57) return true;
  }
  return false;
}

/** Whether text[from, to) is empty or only white space (what trim() removes). */
function blank(text: string, from: number, to: number): boolean {
  for (let i = from; i < to; i++) if (!isSpace(text.charCodeAt(i))) return false;
  return true;
}

/**
 * Whether the line text[from, to) starts like an address, as
 * /^[\s>*•?|#-]*(?:\d|p\.?\s?o\.?\s?box|unit\s|psc\s|usns|uss\s|the corner)/i tells: past the
 * markers a digit says yes, and only a p, u or t (the regex has no u flag, so no other letter
 * matches them case-insensitively) needs the regex.
 */
function addressStart(text: string, from: number, to: number): boolean {
  let i = from;
  for (; i < to; i++) {
    const c = text.charCodeAt(i);
    if (
      !(isSpace(c) || c === 62 || c === 42 || c === 0x2022 || c === 63 || c === 124 || c === 35 || c === 45)
    )
      break;
  }
  if (i === to) return false;
  const c = text.charCodeAt(i);
  if (c >= 48 && c <= 57) return true;
  const l = c | 32;
  if (l !== 112 && l !== 117 && l !== 116) return false;
  return /^[\s>*•?|#-]*(?:\d|p\.?\s?o\.?\s?box|unit\s|psc\s|usns|uss\s|the corner)/i.test(
    text.slice(from, to),
  );
}

/** Whether text[from, to) matches /^(?:['’]s)?[ \t]{1,2}$|^, ?$/, read by character codes. */
function adjacentGap(text: string, from: number, to: number): boolean {
  const len = to - from;
  if (len <= 0) return false;
  const c0 = text.charCodeAt(from);
  if (c0 === 44) return len === 1 || (len === 2 && text.charCodeAt(from + 1) === 32);
  let p = from;
  if (len >= 3 && (c0 === 39 || c0 === 0x2019) && text.charCodeAt(from + 1) === 115) p += 2;
  const n = to - p;
  if (n < 1 || n > 2) return false;
  for (let g = p; g < to; g++) {
    const c = text.charCodeAt(g);
    if (c !== 32 && c !== 9) return false;
  }
  return true;
}
