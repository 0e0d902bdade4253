import { lexicon } from '../lexicon.js';
import type { Recognizer } from '../recognizer.js';
import type { Span } from '../types.js';
import {
  CALENDAR,
  COMMON,
  docWords,
  FIRST_NAME,
  hasDigit,
  LAST_NAME,
  PLACE,
  PLACE_CUE,
  PLACE_CUES,
  PLACE_HEAD,
  PLACE_JOINER,
  WEAK_CUE,
  wordFacts,
} from './place-words.js';
import { CLINICAL_ENDINGS, type Token, tokenAt, tokenize } from './tokens.js';

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
  const facts = wordFacts(lex);
  const maxWords = Math.min(lex.maxPlaceWords, 5);
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
      const { bits, mode, any } = docWords(facts, text, toks);
      const spans: Span[] = [];
      const lower = ctx.lower;
      let i = 0;
      while (i < toks.length) {
        const t = toks[i]!;
        const b = bits[i]!;
        let matched = 0;
        // facts and length of the whole name found: the word's own for a one-word place
        let nameBits = b;
        let nameLength = t.key.length;
        if ((b & PLACE_HEAD) !== 0) {
          // longest place name starting here, followed word by word while each gap is short;
          // a name may not end on a joiner ("Isle of")
          let node = facts.placeHeads.get(t.key)!;
          let length = t.key.length;
          const most = Math.min(maxWords, toks.length - i);
          for (let n = 2; n <= most && toks[i + n - 1]!.start - toks[i + n - 2]!.end <= 2; n++) {
            const w = toks[i + n - 1]!;
            const next = node.next.get(w.key);
            if (next === undefined) break;
            node = next;
            length += 1 + w.key.length;
            if (node.place && (bits[i + n - 1]! & PLACE_JOINER) === 0) {
              matched = n;
              nameBits = node.bits;
              nameLength = length;
            }
          }
        }
        if (matched === 0 && (b & (PLACE | PLACE_JOINER)) === PLACE) matched = 1;
        if (matched === 0) {
          i++;
          continue;
        }
        let capital = true;
        for (let w = i; w < i + matched; w++) {
          const shape = toks[w]!.shape;
          if ((bits[w]! & PLACE_JOINER) === 0 && shape !== 'title' && shape !== 'upper') {
            capital = false;
            break;
          }
        }
        // a lower-case common word ("are", "many") is a word, whatever some town is called
        if ((!capital || mode !== 'mixed') && (nameBits & COMMON) !== 0) {
          i += matched;
          continue;
        }
        let score: number;
        if (nameLength <= 2) score = 0;
        else if (mode === 'mixed' && !capital) score = 0.35;
        else if ((nameBits & (COMMON | CALENDAR)) !== 0) score = 0.3;
        else if (matched === 1 && (nameBits & (FIRST_NAME | LAST_NAME)) !== 0) score = 0.5;
        else score = mode === 'mixed' ? 0.8 : 0.65;
        const last = toks[i + matched - 1]!;
        spans.push({
          start: t.start,
          end: last.dotted ? last.end - 1 : last.end,
          type: 'LOCATION',
          score,
          recognizer: 'place-lexicon',
        });
        i += matched;
      }
      // an unknown capitalised word right after "in", "from", "near" is most often a place;
      // in an all-capitals note every word looks capitalised: "AT BEDSIDE" is no place
      if (mode !== 'upper') {
        for (let k = 1; k < toks.length; k++) {
          if ((bits[k - 1]! & WEAK_CUE) === 0) continue;
          const prev = toks[k - 1]!;
          const t = toks[k]!;
          if (t.start - prev.end !== 1 || text.charCodeAt(prev.end) !== 32) continue;
          if ((bits[k]! & (COMMON | FIRST_NAME)) !== 0 || t.key.length < 3 || hasDigit(t.key)) continue;
          if (CLINICAL_ENDINGS.test(t.key)) continue;
          const run = capitalisedRun(toks, bits, k, text);
          // "in", "from" and "near" point at places more surely than "at" and "to"
          const base = prev.key === 'in' || prev.key === 'from' || prev.key === 'near' ? 0.6 : 0.5;
          if (run)
            spans.push({
              start: run[0],
              end: run[1],
              type: 'LOCATION',
              score: base,
              recognizer: 'place-cue',
            });
          else if (
            mode === 'lower' ||
            (prev.key === 'in' &&
              /\bgrew up in $/.test(lower.slice(Math.max(0, prev.end - 12), prev.end + 1)))
          ) {
            spans.push({
              start: t.start,
              end: t.end,
              type: 'LOCATION',
              score: 0.55,
              recognizer: 'place-cue',
            });
          }
        }
      }
      // unknown capitalised words after a strong cue
      // (only when some word can be part of a cue: most texts hold none, and need no scans)
      if ((any & PLACE_CUE) === 0) return spans;
      for (const cue of PLACE_CUES) {
        let at = lower.indexOf(cue);
        while (at >= 0) {
          const after = at + cue.length;
          const k = tokenAt(toks, after);
          const run = capitalisedRun(toks, bits, k, text);
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
function capitalisedRun(
  toks: readonly Token[],
  bits: readonly number[],
  k: number,
  text: string,
): [number, number] | undefined {
  if (k < 0) return undefined;
  const first = toks[k]!;
  if (first.shape !== 'title' && first.shape !== 'upper') return undefined;
  if ((bits[k]! & CALENDAR) !== 0) return undefined;
  let last = first;
  for (let j = k + 1; j < toks.length && j < k + 3; j++) {
    const n = toks[j]!;
    if (
      n.start - last.end !== 1 ||
      text.charCodeAt(last.end) !== 32 ||
      (n.shape !== 'title' && n.shape !== 'upper') ||
      last.dotted
    )
      break;
    last = n;
  }
  return [first.start, last.dotted ? last.end - 1 : last.end];
}
