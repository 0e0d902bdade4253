import { lexicon } from '../lexicon.js';
import type { Recognizer } from '../recognizer.js';
import type { Span } from '../types.js';
import { caseMode, type Token, tokenAt, tokenize } from './tokens.js';

const ABBREVIATIONS = new Set([
  'st',
  'co',
  'mt',
  'ft',
  'jr',
  'sr',
  'dr',
  'inc',
  'ltd',
  'corp',
  'bros',
  'intl',
]);
const INNER = new Set(['&', 'and', 'of', 'for', 'the', 'de', 'du', 'des', 'und', 'y']);
// organisation words that lead: "University of X", "Bank of X", "Department of X"
const HEADS = new Set([
  'university',
  'bank',
  'department',
  'ministry',
  'institute',
  'college',
  'school',
  'hospital',
  'church',
  'museum',
  'office',
  'bureau',
  'board',
  'council',
  'society',
  'association',
  'federation',
  'academy',
  'centre',
  'center',
]);
const PARTNERS =
  /\b\p{Lu}[\p{Ll}'-]+(?:, \p{Lu}[\p{Ll}'-]+)* (?:and|&) \p{Lu}[\p{Ll}'-]+\b|\b\p{Lu}[\p{Ll}']+-\p{Lu}[\p{Ll}']+\b/gu;
const CUES = [
  'works at',
  'working at',
  'work at',
  'works for',
  'work for',
  'working for',
  'employed by',
  'employed at',
  'employer',
  'joined',
  'company',
  'on behalf of',
  'hired by',
];

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
      const mode = caseMode(text);
      const cap = (t: Token) =>
        mode !== 'mixed' || t.shape === 'title' || t.shape === 'upper' || t.shape === 'mixed';
      // words of one name: a space, a comma, or a possessive between them ("St. Mary's Hospital")
      const adjacent = (a: Token, b: Token) => adjacentGap(text, a.end, b.start);
      const spans: Span[] = [];
      for (let i = 0; i < toks.length; i++) {
        const t = toks[i]!;
        if (lex.orgSuffixes.has(t.key) && i > 0 && (cap(t) || t.dotted)) {
          // walk back over the capitalised name before the suffix
          let j = i - 1;
          let start = -1;
          while (j >= 0 && i - j <= 6) {
            const w = toks[j]!;
            if (!adjacent(w, toks[j + 1]!)) break;
            if (cap(w) && !(w.sentenceStart && lex.common.has(w.key) && j !== i - 1)) start = j;
            else if (!INNER.has(w.key)) break;
            j--;
          }
          if (start >= 0 && !INNER.has(toks[start]!.key)) {
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
        if (HEADS.has(t.key) && cap(t) && toks[i + 1]?.key === 'of') {
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
            INNER.has(t.key) ||
            /\d/.test(t.key)
          )
            continue;
          let j = i;
          while (
            j + 1 < toks.length &&
            adjacent(toks[j]!, toks[j + 1]!) &&
            !text.slice(toks[j]!.end, toks[j + 1]!.start).includes(',') &&
            // a full stop ends the phrase; a few abbreviations ("St.", "Co.") do not
            !(toks[j]!.dotted && !ABBREVIATIONS.has(toks[j]!.key)) &&
            // short capitals are clinical and technical acronyms (IV, BMP, ED), not names
            !(toks[j + 1]!.shape === 'upper' && toks[j + 1]!.key.length <= 4) &&
            (toks[j + 1]!.shape === 'title' ||
              toks[j + 1]!.shape === 'upper' ||
              (INNER.has(toks[j + 1]!.key) && j + 2 < toks.length && toks[j + 2]!.shape === 'title'))
          ) {
            j++;
          }
          if (
            j > i &&
            !toks.slice(i, j + 1).some((w) => lex.firstNames.has(w.key) && !lex.common.has(w.key)) &&
            !toks[j]!.dotted
          ) {
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
      // a short line of capitalised words just above an address is the organisation of a signature block
      const lines = text.split('\n');
      let offset = 0;
      for (let li = 0; li < lines.length; li++) {
        const line = lines[li]!;
        const body = line.replace(/^[\s>*•?|#-]*/, '');
        const lead = line.length - body.length;
        const next = lines.slice(li + 1, li + 3).find((l) => l.trim() !== '');
        if (
          next !== undefined &&
          /^[\s>*•?|#-]*(?:\d|p\.?\s?o\.?\s?box|unit\s|psc\s|usns|uss\s|the corner)/i.test(next)
        ) {
          const words = body.trim().split(/\s+/);
          if (
            words.length >= 1 &&
            words.length <= 5 &&
            /^[\p{Lu}\p{Ll}][\p{L}\p{M}'.&-]*$/u.test(words[0]!) &&
            !/[:,;!?]$/.test(body.trim())
          ) {
            const firstKey = words[0]!.toLowerCase();
            if (!lex.firstNames.has(firstKey) && !/\d/.test(body)) {
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
        offset += line.length + 1;
      }
      for (const cue of CUES) {
        let at = ctx.lower.indexOf(cue);
        while (at >= 0) {
          const after = at + cue.length;
          const k = tokenAt(toks, after);
          if (k >= 0 && cap(toks[k]!) && !lex.common.has(toks[k]!.key)) {
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
