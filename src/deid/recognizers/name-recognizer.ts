import { type Lexicon, lexicon } from '../lexicon.js';
import type { Recognizer } from '../recognizer.js';
import type { Span } from '../types.js';
import { CALENDAR_WORDS, CLINICAL_ENDINGS, caseMode, type Token, tokenize } from './tokens.js';

const SUFFIXES = new Set([
  'phd',
  'md',
  'do',
  'rn',
  'np',
  'pa',
  'jr',
  'sr',
  'ii',
  'iii',
  'iv',
  'dds',
  'dmd',
  'esq',
  'mba',
  'cpa',
  'msc',
  'bsc',
]);
// verbs that follow a sentence's subject: "Jaylee is …", "Aki shouted …"
const SUBJECT_VERBS = new Set([
  'is',
  'was',
  'has',
  'had',
  'shouted',
  'said',
  'says',
  'told',
  'asked',
  'will',
  'would',
  'can',
  'could',
  'lives',
  'lived',
  'works',
  'worked',
  'went',
  'called',
  'wrote',
  'replied',
  'answered',
  'thinks',
  'wants',
  'needs',
  'loves',
  'likes',
  'does',
  'did',
]);
const PARTICLES = new Set([
  'van',
  'der',
  'den',
  'de',
  'la',
  'le',
  'von',
  'zu',
  'bin',
  'bint',
  'al',
  'el',
  'da',
  'di',
  'del',
  'della',
  'du',
  'dos',
  'das',
  'ter',
  'ten',
  'mac',
  'st',
  'y',
]);
// words after which the next capitalised words are very likely a name
const CUES = new Set([
  'me',
  'is',
  'named',
  'starring',
  'tell',
  'told',
  'asked',
  'for',
  'became',
  'joined',
  'dear',
  'hi',
  'hello',
  'hey',
  'thanks',
  'thank',
  'regards',
  'sincerely',
  'cheers',
  'patient',
  'pt',
  'name',
  'named',
  'by',
  'attending',
  'physician',
  'dr',
  'nurse',
  'contact',
  'cc',
  'signed',
  'spoke',
  'called',
  'met',
  'mother',
  'father',
  'wife',
  'husband',
  'son',
  'daughter',
  'brother',
  'sister',
  'friend',
  'partner',
  'mom',
  'dad',
  'aunt',
  'uncle',
  'grandmother',
  'grandfather',
  'colleague',
  'manager',
  'client',
  'customer',
  'user',
  'author',
  'ask',
  'tell',
  'meet',
  'per',
]);

interface Run {
  first: number;
  last: number;
}

/**
 * Finds person names without a pattern: words that faker's name lists (every locale) know as
 * first or last names, joined into runs with their neighbours (unknown capitalised surnames,
 * initials, particles such as "van der"), weighed by how they are written (capitalised, at a
 * sentence start, in an all-capitals or all-lower-case note), by titles before them (Mr., Dr.)
 * and by cue words (dear, patient, seen by). Common English words that are also names ("Will",
 * "May") only count inside a run with a real name or after a title.
 *
 * @example
 * nameRecognizer().detect('Seen by Dr. Maria Gomez today.', ctx); // PERSON "Maria Gomez"
 */
export function nameRecognizer(): Recognizer {
  const lex = lexicon();
  return {
    name: 'name-lexicon',
    types: ['PERSON'],
    context: [
      'name',
      'patient',
      'pt',
      'seen by',
      'signed',
      'dear',
      'attending',
      'contact',
      'mr',
      'mrs',
      'ms',
      'dr',
    ],
    detect(text, ctx) {
      const toks = ctx.tokens?.() ?? tokenize(text);
      const mode = caseMode(text);
      const spans: Span[] = [];
      const str = new Float64Array(toks.length);
      for (let k = 0; k < toks.length; k++) str[k] = nameStrength(toks[k]!, lex);
      // at most two spaces or tabs between the words
      const sameLine = (a: Token, b: Token) => {
        if (b.start - a.end > 2) return false;
        for (let g = a.end; g < b.start; g++) {
          const c = text.charCodeAt(g);
          if (c !== 32 && c !== 9) return false;
        }
        return true;
      };
      const capitalised = (t: Token) => mode !== 'mixed' || t.shape === 'title' || t.shape === 'upper';
      let i = 0;
      while (i < toks.length) {
        const t = toks[i]!;
        const strength = str[i]!;
        const afterTitle = i > 0 && isTitle(toks[i - 1]!, lex) && sameLine(toks[i - 1]!, t);
        // after a title even a lower-case word is a name ("dr. okafor"), unless it is a common word
        const titled = afterTitle && LETTER_START.test(t.key) && (capitalised(t) || !lex.common.has(t.key));
        if (!((capitalised(t) && strength > 0) || titled) || isTitle(t, lex)) {
          const proper = mode === 'mixed' ? properNounScore(t, toks[i - 1], lex, text, toks[i + 1]) : 0;
          if (
            proper > 0 &&
            !(i + 1 < toks.length && sameLine(t, toks[i + 1]!) && capitalised(toks[i + 1]!))
          ) {
            spans.push({
              start: t.start,
              end: t.end,
              type: 'PERSON',
              score: proper,
              recognizer: 'name-proper',
            });
          }
          i++;
          continue;
        }
        const run: Run = { first: i, last: i };
        // extend over the following words of the name
        for (let j = i + 1; j < toks.length && j - i < 5; j++) {
          const n = toks[j]!;
          if (!sameLine(toks[j - 1]!, n)) break;
          // particles may chain before the surname: "van der Voet"
          let after = j + 1;
          while (after < toks.length && PARTICLES.has(toks[after]!.key)) after++;
          const particle = PARTICLES.has(n.key) && after < toks.length && capitalised(toks[after]!);
          const initial = n.key.length === 1 && /\p{L}/u.test(n.key) && (n.dotted || n.shape !== 'lower');
          const known = capitalised(n) && str[j]! > 0;
          const unknownSurname =
            capitalised(n) &&
            !lex.common.has(n.key) &&
            LETTER_START.test(n.key) &&
            n.key.length > 1 &&
            !lex.orgSuffixes.has(n.key);
          if (particle || initial || known || unknownSurname) run.last = j;
          else break;
          if (n.dotted && !initial) break;
        }
        // drop trailing particles and initials that do not end a name
        while (run.last > run.first && PARTICLES.has(toks[run.last]!.key)) run.last--;
        // a credential or generation after the name belongs to it ("Margaret Ćosić PhD", "John Smith Jr.")
        const after = toks[run.last + 1];
        if (after && SUFFIXES.has(after.key) && sameLine(toks[run.last]!, after)) run.last++;
        const score = scoreRun(toks, run, text, mode, lex, afterTitle, str);
        if (score > 0) {
          // the title belongs to the mention ("Mr. Ford"); surrogates keep it as it was
          const first = afterTitle ? toks[run.first - 1]! : toks[run.first]!;
          const last = toks[run.last]!;
          const end = last.dotted && last.key.length > 1 ? last.end - 1 : last.end;
          spans.push({ start: first.start, end, type: 'PERSON', score, recognizer: 'name-lexicon' });
        }
        i = run.last + 1;
      }
      spans.push(...nameLists(toks, text, mode, lex, str));
      spans.push(...labelledNames(toks, text, lex));
      return spans;
    },
  };
}

const LETTER_START = /^\p{L}/u;

const NAME_LABELS = new Set([
  'pt',
  'patient',
  'name',
  'client',
  'member',
  'guarantor',
  'insured',
  'subscriber',
  'resident',
  'employee',
  'student',
  'contact',
  'nok',
]);

/**
 * A name after a label and a colon ("pt: li wei chen", "Patient: MARIA GOMEZ", "Name: j. smith"),
 * in whatever case it was typed: up to four words that are not common English words.
 */
function labelledNames(toks: readonly Token[], text: string, lex: Lexicon): Span[] {
  const out: Span[] = [];
  for (let i = 0; i + 1 < toks.length; i++) {
    const label = toks[i]!;
    if (!NAME_LABELS.has(label.key) || !/^\s*:\s*$/.test(text.slice(label.end, toks[i + 1]!.start))) continue;
    let j = i + 1;
    const first = j;
    while (
      j < toks.length &&
      j < first + 4 &&
      /^\p{L}/u.test(toks[j]!.key) &&
      (!lex.common.has(toks[j]!.key) ||
        lex.firstNames.has(toks[j]!.key) ||
        lex.lastNames.has(toks[j]!.key)) &&
      (j === first || /^[ \t]$/.test(text.slice(toks[j - 1]!.end, toks[j]!.start)))
    ) {
      j++;
    }
    if (j > first) {
      const last = toks[j - 1]!;
      out.push({
        start: toks[first]!.start,
        end: last.dotted ? last.end - 1 : last.end,
        type: 'PERSON',
        score: 0.75,
        recognizer: 'name-label',
      });
    }
  }
  return out;
}

/**
 * Lists of names: "Malon, Mark, Kaylee, Brandi and Miguel" or "Sousa and Ball". When at least
 * one item is a known name (two in a longer list), every capitalised item is a name, even an
 * unknown one or a common word.
 */
function nameLists(
  toks: readonly Token[],
  text: string,
  mode: string,
  lex: Lexicon,
  str: Float64Array,
): Span[] {
  const out: Span[] = [];
  const item = (k: number) =>
    LETTER_START.test(toks[k]!.key) &&
    // in one-case text only known names make a list: "chen, mrn" is a name and a label
    (mode !== 'mixed' ? str[k]! > 0 : toks[k]!.shape === 'title');
  let i = 0;
  while (i < toks.length) {
    if (!item(i)) {
      i++;
      continue;
    }
    const items = [i];
    let j = i;
    while (j + 1 < toks.length) {
      const gap = text.slice(toks[j]!.end, toks[j + 1]!.start);
      const next = toks[j + 1]!;
      if (/^, ?$/.test(gap) && item(j + 1)) {
        j++;
        items.push(j);
      } else if (
        /^,? $/.test(gap) &&
        (next.key === 'and' || next.key === 'or') &&
        j + 2 < toks.length &&
        text.slice(next.end, toks[j + 2]!.start) === ' ' &&
        item(j + 2)
      ) {
        j += 2;
        items.push(j);
        break;
      } else break;
    }
    const known = items.filter((k) => str[k]! >= 0.5).length;
    if (items.length >= 2 && known >= (items.length === 2 ? 1 : 2)) {
      for (const k of items) {
        const t = toks[k]!;
        if (lex.places.has(t.key) || lex.orgSuffixes.has(t.key)) continue;
        out.push({ start: t.start, end: t.end, type: 'PERSON', score: 0.7, recognizer: 'name-list' });
      }
    }
    i = j + 1;
  }
  return out;
}

const SURNAME_SHAPE =
  /(?:ov|ova|ev|eva|in|ina|sky|ski|ska|son|sen|ez|es|ić|ic|ich|vich|berg|stein|mann|man|ini|elli|etti|wicz|escu|poulos|yan|ian|oglu|ura|ta|moto|kawa|uchi|ez|ak|ek|ik)$/;

/**
 * A capitalised word in mid-sentence that no common-word list knows is most often a name; say so
 * at a modest score, more when it is shaped like a surname (Mc-, -ov, -ski, -son, -ić) or a cue
 * precedes it.
 */
export function properNounScore(
  t: Token,
  prev: Token | undefined,
  lex: Lexicon,
  text: string,
  next?: Token,
): number {
  // an unknown capitalised word opening a sentence is a name when a verb follows it ("Jaylee is …")
  if (t.sentenceStart && next && SUBJECT_VERBS.has(next.key) && !lex.common.has(t.key) && t.key.length >= 3) {
    return t.shape === 'title' && /^\p{L}+$/u.test(t.key) && text.slice(t.end, next.start) === ' ' ? 0.55 : 0;
  }
  if (t.sentenceStart || t.key.length < 3 || !/^\p{L}+(?:['’-]\p{L}+)*$/u.test(t.key)) return 0;
  // glued to letters or digits it is part of a code or a unit ("SpO2", "HbA1c")
  if (/[\p{L}\p{N}]/u.test(text[t.end] ?? '') || /[\p{N}]/u.test(text[t.start - 1] ?? '')) return 0;
  // a word followed by a number is a measurement's name ("Troponin 0.02", "Creatinine 1.1")
  if (/^[ \t:]{1,3}[<>]?\d/.test(text.slice(t.end, t.end + 5))) return 0;
  if (!(t.shape === 'title' || t.shape === 'mixed')) return 0;
  if (
    lex.common.has(t.key) ||
    lex.titles.has(t.key) ||
    lex.orgSuffixes.has(t.key) ||
    lex.streetTypes.has(t.key)
  )
    return 0;
  if (lex.places.has(t.key) || CALENDAR_WORDS.has(t.key)) return 0;
  // medicine and its departments: drug stems (USAN) and clinical word endings name no one
  if (CLINICAL_ENDINGS.test(t.key)) return 0;
  // inner capitals make a code or an acronym ("HFpEF"), unless the word is a Mc/Mac/O' surname
  if (t.shape === 'mixed' && !/^(?:mc|mac|o['’]|d['’]|de|di|la|le|van|von)/i.test(t.text)) return 0;
  let score = 0.5;
  if (SURNAME_SHAPE.test(t.key) || /^(?:mc|mac|o['’])/i.test(t.text)) score += 0.1;
  if (prev && CUES.has(prev.key) && text.slice(prev.end, t.start).length <= 3) score += 0.2;
  return score;
}

/** A name-like word in a list of names ("Malon, Mark, Kaylee and Brandi"). */
function inNameList(toks: readonly Token[], run: Run, text: string, str: Float64Array): boolean {
  const sep = /^(?:, ?| and | & )$/;
  const prev = toks[run.first - 1];
  const next = toks[run.last + 1];
  const named = (t: Token | undefined, k: number) => t !== undefined && t.shape !== 'lower' && str[k]! >= 0.5;
  return (
    (named(prev, run.first - 1) && sep.test(text.slice(prev!.end, toks[run.first]!.start))) ||
    (named(next, run.last + 1) && sep.test(text.slice(toks[run.last]!.end, next!.start)))
  );
}

function isTitle(t: Token, lex: Lexicon): boolean {
  // a one-letter title ("M." for Monsieur) needs its dot: "92 YO M" is a sex, not a title
  if (t.key.length === 1 && !t.dotted) return false;
  return lex.titles.has(t.key) && (t.dotted || t.shape !== 'lower') && t.key.length <= 6;
}

/** How much a word alone suggests a name: 0 not a name; common English words barely. */
function nameStrength(t: Token, lex: Lexicon): number {
  // a key is all letters or all digits: its first character tells which
  const c = t.key.charCodeAt(0);
  if (t.key.length < 2 || (c >= 48 && c <= 57)) return 0;
  const first = lex.firstNames.has(t.key);
  const last = lex.lastNames.has(t.key);
  if (!first && !last) return 0;
  if (lex.common.has(t.key)) return 0.15;
  return first ? 0.6 : 0.5;
}

function scoreRun(
  toks: readonly Token[],
  run: Run,
  text: string,
  mode: string,
  lex: Lexicon,
  afterTitle: boolean,
  str: Float64Array,
): number {
  const words = toks.slice(run.first, run.last + 1);
  const strengths = Array.from(str.subarray(run.first, run.last + 1));
  const best = Math.max(...strengths);
  const real = strengths.filter((s) => s >= 0.5).length;
  const prev = run.first > 0 ? toks[run.first - 1]! : undefined;
  const cue = prev !== undefined && CUES.has(prev.key) && text.slice(prev.end, words[0]!.start).length <= 3;
  let score: number;
  if (afterTitle) score = 0.95;
  else if (words.length >= 2 && real >= 1) score = 0.85;
  else if (words.length >= 2 && best > 0) score = 0.5;
  else if (best >= 0.5)
    score = words[0]!.sentenceStart && mode === 'mixed' ? 0.55 : best === 0.6 ? 0.7 : 0.55;
  else if (best > 0 && inNameList(toks, run, text, str)) score = 0.6;
  else return 0;
  if (cue) score += 0.2;
  // a place that is also a name ("Jackson", "Victoria") needs more than one word or a cue
  if (words.length === 1 && lex.places.has(words[0]!.key) && !afterTitle && !cue) score -= 0.2;
  if (mode === 'lower') score -= 0.05;
  return Math.min(1, score);
}
