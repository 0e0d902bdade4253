import { type Lexicon, lexicon } from '../lexicon.js';
import {
  CALENDAR_WORD,
  COMMON_WORD,
  FIRST_NAME,
  factsAt,
  factsOf,
  hasFact,
  LAST_NAME,
  ORG_SUFFIX,
  PLACE,
  STREET_TYPE,
  TITLE,
  wordFacts,
} from '../lexicon-facts.js';
import type { Recognizer } from '../recognizer.js';
import type { Span } from '../types.js';
import { docWords, wordFacts as placeFacts } from './place-words.js';
import { CLINICAL_ENDINGS, type Token, tokenAt, tokenize } from './tokens.js';

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

// the longest particle and suffix: longer words need no Set lookup (a fresh key string is hashed
// for each one)
const PARTICLE_MAX = Math.max(...[...PARTICLES].map((w) => w.length));
const SUFFIX_MAX = Math.max(...[...SUFFIXES].map((w) => w.length));

function isParticle(key: string): boolean {
  return key.length <= PARTICLE_MAX && PARTICLES.has(key);
}

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
  // build the lexicon tables now rather than in the first text's detect
  wordFacts();
  const places = placeFacts(lexicon());
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
      // the words' facts come with the place recognizers' (computed here for them, as this
      // recognizer runs first): one cache lookup per word answers both
      const doc = docWords(places, text, toks);
      const mode = doc.mode;
      const spans: Span[] = [];
      const fx = doc.facts;
      // strengths of the words the main loop and the lists weigh: not lower-case words in
      // mixed-case text, whose strength only a run asks for (scoreRun looks it up then)
      const str: number[] = [];
      for (let k = 0; k < toks.length; k++) {
        str.push(mode !== 'mixed' || toks[k]!.shape !== 'lower' ? strengthAt(toks, fx, k) : 0);
      }
      let i = 0;
      while (i < toks.length) {
        const t = toks[i]!;
        const strength = str[i]!;
        const afterTitle = i > 0 && isTitle(toks, fx, i - 1) && sameLine(text, toks[i - 1]!, t);
        // after a title even a lower-case word is a name ("dr. okafor"), unless it is a common word
        const titled =
          afterTitle && letterStart(t.key) && (capitalised(mode, t) || !hasFact(toks, fx, i, COMMON_WORD));
        if (!((capitalised(mode, t) && strength > 0) || titled) || isTitle(toks, fx, i)) {
          // only a capitalised word in mixed-case text can be a proper noun: skip the rest otherwise
          const proper =
            mode === 'mixed' && (t.shape === 'title' || t.shape === 'mixed')
              ? properNounFacts(toks, fx, i, text)
              : 0;
          if (
            proper > 0 &&
            !(i + 1 < toks.length && sameLine(text, t, toks[i + 1]!) && capitalised(mode, toks[i + 1]!))
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
          if (!sameLine(text, toks[j - 1]!, n)) break;
          // particles may chain before the surname: "van der Voet"
          let particle = false;
          if (isParticle(n.key)) {
            let after = j + 1;
            while (after < toks.length && isParticle(toks[after]!.key)) after++;
            particle = after < toks.length && capitalised(mode, toks[after]!);
          }
          const initial = n.key.length === 1 && /\p{L}/u.test(n.key) && (n.dotted || n.shape !== 'lower');
          const known = capitalised(mode, n) && str[j]! > 0;
          const unknownSurname =
            capitalised(mode, n) &&
            !hasFact(toks, fx, j, COMMON_WORD | ORG_SUFFIX) &&
            letterStart(n.key) &&
            n.key.length > 1;
          if (particle || initial || known || unknownSurname) run.last = j;
          else break;
          if (n.dotted && !initial) break;
        }
        // drop trailing particles and initials that do not end a name
        while (run.last > run.first && isParticle(toks[run.last]!.key)) run.last--;
        // a credential or generation after the name belongs to it ("Margaret Ćosić PhD", "John Smith Jr.")
        const after = toks[run.last + 1];
        if (
          after &&
          after.key.length <= SUFFIX_MAX &&
          SUFFIXES.has(after.key) &&
          sameLine(text, toks[run.last]!, after)
        )
          run.last++;
        const score = scoreRun(toks, run, text, mode, fx, afterTitle, str);
        if (score > 0) {
          // the title belongs to the mention ("Mr. Ford"); surrogates keep it as it was
          const first = afterTitle ? toks[run.first - 1]! : toks[run.first]!;
          const last = toks[run.last]!;
          const end = last.dotted && last.key.length > 1 ? last.end - 1 : last.end;
          spans.push({ start: first.start, end, type: 'PERSON', score, recognizer: 'name-lexicon' });
        }
        i = run.last + 1;
      }
      nameLists(spans, toks, text, mode, fx, str);
      labelledNames(spans, toks, text, fx);
      return spans;
    },
  };
}

/** At most two spaces or tabs between the words. */
function sameLine(text: string, a: Token, b: Token): boolean {
  if (b.start - a.end > 2) return false;
  for (let g = a.end; g < b.start; g++) {
    const c = text.charCodeAt(g);
    if (c !== 32 && c !== 9) return false;
  }
  return true;
}

/** Written with a capital, or in one-case text where case says nothing. */
function capitalised(mode: string, t: Token): boolean {
  return mode !== 'mixed' || t.shape === 'title' || t.shape === 'upper';
}

const LETTER_START = /^\p{L}/u;

/** Whether a key starts with a letter; ASCII answers without the regex. */
function letterStart(key: string): boolean {
  const c = key.charCodeAt(0);
  if (c < 128) return (c >= 97 && c <= 122) || (c >= 65 && c <= 90);
  return LETTER_START.test(key);
}

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
function labelledNames(out: Span[], toks: readonly Token[], text: string, fx: number[]): void {
  // every label is followed by a colon: visit the colons (few) rather than every word, each with
  // the word before it. A gap holding two colons is visited twice but fails the test both times.
  for (let c = text.indexOf(':'); c >= 0; c = text.indexOf(':', c + 1)) {
    const after = tokenAt(toks, c);
    const i = (after < 0 ? toks.length : after) - 1;
    if (i < 0 || i + 1 >= toks.length) continue;
    const label = toks[i]!;
    const next = toks[i + 1]!.start;
    if (label.end > c || !NAME_LABELS.has(label.key) || !/^\s*:\s*$/.test(text.slice(label.end, next)))
      continue;
    let j = i + 1;
    const first = j;
    while (
      j < toks.length &&
      j < first + 4 &&
      /^\p{L}/u.test(toks[j]!.key) &&
      (!hasFact(toks, fx, j, COMMON_WORD) || hasFact(toks, fx, j, FIRST_NAME | LAST_NAME)) &&
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
}

/** Whether text[from, to) is ", " or "," (the gap between two list items). */
function commaGap(text: string, from: number, to: number): boolean {
  const len = to - from;
  return (len === 1 || (len === 2 && text.charCodeAt(from + 1) === 32)) && text.charCodeAt(from) === 44;
}

/** Whether text[from, to) is " " or ", " (the gap before "and" or "or"). */
function andGap(text: string, from: number, to: number): boolean {
  const len = to - from;
  if (len === 1) return text.charCodeAt(from) === 32;
  return len === 2 && text.charCodeAt(from) === 44 && text.charCodeAt(from + 1) === 32;
}

/** Whether token k can be an item of a list of names. */
function listItem(toks: readonly Token[], mode: string, str: readonly number[], k: number): boolean {
  // in one-case text only known names make a list: "chen, mrn" is a name and a label
  return (mode !== 'mixed' ? str[k]! > 0 : toks[k]!.shape === 'title') && letterStart(toks[k]!.key);
}

/**
 * Lists of names: "Malon, Mark, Kaylee, Brandi and Miguel" or "Sousa and Ball". When at least
 * one item is a known name (two in a longer list), every capitalised item is a name, even an
 * unknown one or a common word.
 */
function nameLists(
  out: Span[],
  toks: readonly Token[],
  text: string,
  mode: string,
  fx: number[],
  str: readonly number[],
): void {
  let i = 0;
  while (i < toks.length) {
    if (!listItem(toks, mode, str, i)) {
      i++;
      continue;
    }
    // most capitalised words start no list: collect the items only once a second one follows
    let items: number[] | undefined;
    let j = i;
    while (j + 1 < toks.length) {
      const next = toks[j + 1]!;
      const from = toks[j]!.end;
      if (commaGap(text, from, next.start) && listItem(toks, mode, str, j + 1)) {
        j++;
        if (items) items.push(j);
        else items = [i, j];
      } else if (
        andGap(text, from, next.start) &&
        (next.key === 'and' || next.key === 'or') &&
        j + 2 < toks.length &&
        toks[j + 2]!.start - next.end === 1 &&
        text.charCodeAt(next.end) === 32 &&
        listItem(toks, mode, str, j + 2)
      ) {
        j += 2;
        if (items) items.push(j);
        else items = [i, j];
        break;
      } else break;
    }
    if (items) {
      let known = 0;
      for (const k of items) if (str[k]! >= 0.5) known++;
      if (known >= (items.length === 2 ? 1 : 2)) {
        for (const k of items) {
          if (hasFact(toks, fx, k, PLACE | ORG_SUFFIX)) continue;
          const t = toks[k]!;
          out.push({ start: t.start, end: t.end, type: 'PERSON', score: 0.7, recognizer: 'name-list' });
        }
      }
    }
    i = j + 1;
  }
}

const SURNAME_SHAPE =
  /(?:ov|ova|ev|eva|in|ina|sky|ski|ska|son|sen|ez|es|ić|ic|ich|vich|berg|stein|mann|man|ini|elli|etti|wicz|escu|poulos|yan|ian|oglu|ura|ta|moto|kawa|uchi|ez|ak|ek|ik)$/;

/** Facts that make a capitalised word something other than a name. */
const NOT_PROPER = COMMON_WORD | TITLE | ORG_SUFFIX | STREET_TYPE | PLACE | CALENDAR_WORD;

/**
 * A capitalised word in mid-sentence that no common-word list knows is most often a name; say so
 * at a modest score, more when it is shaped like a surname (Mc-, -ov, -ski, -son, -ić) or a cue
 * precedes it.
 */
export function properNounScore(
  t: Token,
  prev: Token | undefined,
  _lex: Lexicon,
  text: string,
  next?: Token,
): number {
  // the internal form reads its neighbours from a token list: give it one of three
  const toks = [prev ?? t, t, next ?? t];
  const fx = [0, factsOf(t.key), 0];
  return properNounFacts(toks, fx, 1, text, prev === undefined, next === undefined);
}

/**
 * properNounScore for token i of a list, its facts in fx (see DocWords.facts). The tests are ordered
 * cheapest first; each failing one means 0, so the order does not change the answer.
 */
function properNounFacts(
  toks: readonly Token[],
  fx: number[],
  i: number,
  text: string,
  noPrev = i === 0,
  noNext = i + 1 >= toks.length,
): number {
  const t = toks[i]!;
  if (!(t.shape === 'title' || t.shape === 'mixed')) return 0;
  const prev = noPrev ? undefined : toks[i - 1];
  const next = noNext ? undefined : toks[i + 1];
  if (t.sentenceStart) {
    // an unknown capitalised word opening a sentence is a name when a verb follows it ("Jaylee is …")
    if (next && t.key.length >= 3 && SUBJECT_VERBS.has(next.key) && !hasFact(toks, fx, i, COMMON_WORD)) {
      return t.shape === 'title' && /^\p{L}+$/u.test(t.key) && text.slice(t.end, next.start) === ' '
        ? 0.55
        : 0;
    }
    return 0;
  }
  if (t.key.length < 3 || hasFact(toks, fx, i, NOT_PROPER)) return 0;
  if (!/^\p{L}+(?:['’-]\p{L}+)*$/u.test(t.key)) return 0;
  // glued to letters or digits it is part of a code or a unit ("SpO2", "HbA1c")
  if (/[\p{L}\p{N}]/u.test(text[t.end] ?? '') || /[\p{N}]/u.test(text[t.start - 1] ?? '')) return 0;
  // a word followed by a number is a measurement's name ("Troponin 0.02", "Creatinine 1.1")
  if (/^[ \t:]{1,3}[<>]?\d/.test(text.slice(t.end, t.end + 5))) return 0;
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
function inNameList(toks: readonly Token[], run: Run, text: string, str: readonly number[]): boolean {
  const sep = /^(?:, ?| and | & )$/;
  const prev = toks[run.first - 1];
  const next = toks[run.last + 1];
  const named = (t: Token | undefined, k: number) => t !== undefined && t.shape !== 'lower' && str[k]! >= 0.5;
  return (
    (named(prev, run.first - 1) && sep.test(text.slice(prev!.end, toks[run.first]!.start))) ||
    (named(next, run.last + 1) && sep.test(text.slice(toks[run.last]!.end, next!.start)))
  );
}

function isTitle(toks: readonly Token[], fx: number[], k: number): boolean {
  const t = toks[k]!;
  // a one-letter title ("M." for Monsieur) needs its dot: "92 YO M" is a sex, not a title
  if (t.key.length === 1 && !t.dotted) return false;
  return (t.dotted || t.shape !== 'lower') && t.key.length <= 6 && hasFact(toks, fx, k, TITLE);
}

/** How much a word alone suggests a name: 0 not a name; common English words barely. */
function strengthAt(toks: readonly Token[], fx: number[], k: number): number {
  // a key is all letters or all digits: its first character tells which
  const key = toks[k]!.key;
  const c = key.charCodeAt(0);
  if (key.length < 2 || (c >= 48 && c <= 57)) return 0;
  const f = factsAt(toks, fx, k);
  if ((f & (FIRST_NAME | LAST_NAME)) === 0) return 0;
  if ((f & COMMON_WORD) !== 0) return 0.15;
  return (f & FIRST_NAME) !== 0 ? 0.6 : 0.5;
}

function scoreRun(
  toks: readonly Token[],
  run: Run,
  text: string,
  mode: string,
  fx: number[],
  afterTitle: boolean,
  str: readonly number[],
): number {
  const count = run.last - run.first + 1;
  let best = Number.NEGATIVE_INFINITY;
  let real = 0;
  for (let k = run.first; k <= run.last; k++) {
    const s = mode === 'mixed' && toks[k]!.shape === 'lower' ? strengthAt(toks, fx, k) : str[k]!;
    if (s > best) best = s;
    if (s >= 0.5) real++;
  }
  const head = toks[run.first]!;
  const prev = run.first > 0 ? toks[run.first - 1]! : undefined;
  const cue = prev !== undefined && head.start - prev.end <= 3 && CUES.has(prev.key);
  let score: number;
  if (afterTitle) score = 0.95;
  else if (count >= 2 && real >= 1) score = 0.85;
  else if (count >= 2 && best > 0) score = 0.5;
  else if (best >= 0.5) score = head.sentenceStart && mode === 'mixed' ? 0.55 : best === 0.6 ? 0.7 : 0.55;
  else if (best > 0 && inNameList(toks, run, text, str)) score = 0.6;
  else return 0;
  if (cue) score += 0.2;
  // a place that is also a name ("Jackson", "Victoria") needs more than one word or a cue
  if (count === 1 && hasFact(toks, fx, run.first, PLACE) && !afterTitle && !cue) score -= 0.2;
  if (mode === 'lower') score -= 0.05;
  return Math.min(1, score);
}
