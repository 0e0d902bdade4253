import { lexicon } from '../lexicon.js';
import type { Recognizer } from '../recognizer.js';
import type { Span } from '../types.js';
import { CALENDAR_WORDS, CLINICAL_ENDINGS, caseMode, type Token, tokenAt, tokenize } from './tokens.js';

const JOINERS = new Set([
  'of',
  'de',
  'la',
  'le',
  'del',
  'di',
  'da',
  'do',
  'du',
  'des',
  'the',
  'upon',
  'on',
  'am',
  'an',
  'im',
  'sur',
  'en',
  'y',
  'and',
]);
// cue phrases after which a capitalised word is a place even when no list knows it
const STRONG_CUES = [
  'lives in',
  'living in',
  'born in',
  'moved to',
  'moving to',
  'resides in',
  'located in',
  'based in',
  'relocated to',
  'travelled to',
  'traveled to',
  'visiting',
  'grew up in',
  'from the city of',
  'citizen of',
  'native of',
];
const WEAK_CUES = new Set(['in', 'from', 'near', 'at', 'to', 'where']);

/**
 * Finds places: countries, states, counties and cities from faker's lists in every locale,
 * matched case-insensitively over one to several words, and capitalised words after strong cues
 * such as "lives in" or "moved to". Common English words that are also places ("Nice",
 * "Reading") only count near a cue.
 *
 * @example
 * locationRecognizer().detect('She moved to Katowice from Malta.', ctx); // two LOCATION spans
 */
export function locationRecognizer(): Recognizer {
  const lex = lexicon();
  const maxWords = Math.min(lex.maxPlaceWords, 5);
  // first words of multi-word places: only these need a look further ahead
  const heads = new Set([...lex.places].filter((p) => p.includes(' ')).map((p) => p.split(' ')[0]!));
  return {
    name: 'place-lexicon',
    types: ['LOCATION'],
    context: [
      'in',
      'from',
      'to',
      'at',
      'near',
      'city',
      'town',
      'country',
      'state',
      'county',
      'lives',
      'born',
      'visiting',
      'moved',
    ],
    detect(text, ctx) {
      const toks = ctx.tokens?.() ?? tokenize(text);
      const mode = caseMode(text);
      const spans: Span[] = [];
      const lower = ctx.lower;
      const keys: string[] = [];
      let i = 0;
      while (i < toks.length) {
        const t = toks[i]!;
        let matched = 0;
        let key = t.key;
        // longest place name starting here: the words' keys joined by spaces, while each gap is short
        if (heads.has(t.key)) {
          keys.length = 1;
          keys[0] = t.key;
          const most = Math.min(maxWords, toks.length - i);
          for (let n = 2; n <= most && toks[i + n - 1]!.start - toks[i + n - 2]!.end <= 2; n++) {
            keys.push(`${keys[n - 2]!} ${toks[i + n - 1]!.key}`);
          }
          for (let n = keys.length; n >= 1; n--) {
            if (JOINERS.has(toks[i + n - 1]!.key)) continue;
            if (!lex.places.has(keys[n - 1]!)) continue;
            matched = n;
            key = keys[n - 1]!;
            break;
          }
        } else if (!JOINERS.has(t.key) && lex.places.has(t.key)) matched = 1;
        if (matched > 0) {
          const words = toks.slice(i, i + matched);
          const capital = words.every(
            (w) => JOINERS.has(w.key) || w.shape === 'title' || w.shape === 'upper',
          );
          let score: number;
          // a lower-case common word ("are", "many") is a word, whatever some town is called
          if ((!capital || mode !== 'mixed') && lex.common.has(key)) {
            i += matched;
            continue;
          }
          if (key.length <= 2) score = 0;
          else if (mode === 'mixed' && !capital) score = 0.35;
          else if (lex.common.has(key) || CALENDAR_WORDS.has(key)) score = 0.3;
          else if (matched === 1 && (lex.firstNames.has(key) || lex.lastNames.has(key))) score = 0.5;
          else score = mode === 'mixed' ? 0.8 : 0.65;
          const last = words[words.length - 1]!;
          spans.push({
            start: t.start,
            end: last.dotted ? last.end - 1 : last.end,
            type: 'LOCATION',
            score,
            recognizer: 'place-lexicon',
          });
          i += matched;
          continue;
        }
        i++;
      }
      // an unknown capitalised word right after "in", "from", "near" is most often a place
      for (let k = 1; k < toks.length; k++) {
        const prev = toks[k - 1]!;
        // in an all-capitals note every word looks capitalised: "AT BEDSIDE" is no place
        const t = toks[k]!;
        if (
          mode === 'upper' ||
          !WEAK_CUES.has(prev.key) ||
          t.start - prev.end !== 1 ||
          text.charCodeAt(prev.end) !== 32
        )
          continue;
        if (lex.common.has(t.key) || lex.firstNames.has(t.key) || t.key.length < 3 || /\d/.test(t.key))
          continue;
        if (CLINICAL_ENDINGS.test(t.key)) continue;
        const run = capitalisedRun(toks, k, text);
        // "in", "from" and "near" point at places more surely than "at" and "to"
        const base = prev.key === 'in' || prev.key === 'from' || prev.key === 'near' ? 0.6 : 0.5;
        if (run)
          spans.push({ start: run[0], end: run[1], type: 'LOCATION', score: base, recognizer: 'place-cue' });
        else if (
          mode === 'lower' ||
          (prev.key === 'in' && /\bgrew up in $/.test(lower.slice(Math.max(0, prev.end - 12), prev.end + 1)))
        ) {
          spans.push({ start: t.start, end: t.end, type: 'LOCATION', score: 0.55, recognizer: 'place-cue' });
        }
      }
      // unknown capitalised words after a strong cue
      for (const cue of STRONG_CUES) {
        let at = lower.indexOf(cue);
        while (at >= 0) {
          const after = at + cue.length;
          const k = tokenAt(toks, after);
          const run = capitalisedRun(toks, k, text);
          if (run)
            spans.push({ start: run[0], end: run[1], type: 'LOCATION', score: 0.7, recognizer: 'place-cue' });
          at = lower.indexOf(cue, after);
        }
      }
      return spans;
    },
  };
}

/** Up to three capitalised words starting at token k, on one line. */
function capitalisedRun(toks: readonly Token[], k: number, text: string): [number, number] | undefined {
  if (k < 0) return undefined;
  const first = toks[k]!;
  if (first.shape !== 'title' && first.shape !== 'upper') return undefined;
  if (CALENDAR_WORDS.has(first.key)) return undefined;
  let last = first;
  for (let j = k + 1; j < toks.length && j < k + 3; j++) {
    const n = toks[j]!;
    if (text.slice(last.end, n.start) !== ' ' || (n.shape !== 'title' && n.shape !== 'upper') || last.dotted)
      break;
    last = n;
  }
  return [first.start, last.dotted ? last.end - 1 : last.end];
}
