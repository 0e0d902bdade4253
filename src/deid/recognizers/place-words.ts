import type { Lexicon } from '../lexicon.js';
import { factsOf } from '../lexicon-facts.js';
import { CALENDAR_WORDS, caseMode, type Token } from './tokens.js';

/*
 * Word facts shared by the place, organisation and address recognizers. Each of them asks
 * several questions of every word (a place? a common word? a street type? a company form?); one
 * Map from a word's key to a bitmask answers them all with a single lookup, and the answers for a
 * document's words are computed once and shared by the three recognizers.
 */

/** The key is a place from faker's lists. */
export const PLACE = 1;
/** The key is the first word of a place of two to five words. */
export const PLACE_HEAD = 1 << 1;
/** The key is one of the ~10k most common English words. */
export const COMMON = 1 << 2;
/** A weekday or a month. */
export const CALENDAR = 1 << 3;
export const FIRST_NAME = 1 << 4;
export const LAST_NAME = 1 << 5;
/** A street type from faker's lists ("street", "rd", "vej"). */
export const STREET_TYPE = 1 << 6;
/** A company form or organisation word ("inc", "gmbh", "hospital"). */
export const ORG_SUFFIX = 1 << 7;
/** A small word inside a place name ("of", "de", "upon"): never a place on its own or at its end. */
export const PLACE_JOINER = 1 << 8;
/** A word after which an unknown capitalised word is most often a place ("in", "from"). */
export const WEAK_CUE = 1 << 9;
/** A small word inside an organisation name ("&", "of", "und"). */
export const ORG_INNER = 1 << 10;
/** An organisation word that leads: "University of X", "Bank of X". */
export const ORG_HEAD = 1 << 11;
/** An abbreviation whose dot does not end a capitalised phrase ("St.", "Co."). */
export const ORG_ABBREVIATION = 1 << 12;
/** A unit, floor or box word of an address ("apt", "suite", "po"). */
export const UNIT_WORD = 1 << 13;
/** A small word inside a street name ("de", "van", "am"). */
export const STREET_JOINER = 1 << 14;
/** A word some place cue needs (see cueWords): without one, no cue is in the text. */
export const PLACE_CUE = 1 << 15;
/** A word some organisation cue needs. */
export const ORG_CUE = 1 << 16;
/** A word a box, military or corner address pattern needs (see BOX_ENDINGS). */
export const BOX_WORD = 1 << 17;
/** A street type, or a word ending in one of three or more letters after three more characters. */
export const STREETISH = 1 << 18;

/** Cue phrases after which a capitalised word is a place even when no list knows it. */
export const PLACE_CUES = [
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
/** Cue phrases before the name of an employer. */
export const ORG_CUES = [
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
 * The address recognizer's box, military and corner patterns each stand on a word ending in one
 * of these (before white space, with letters or a joiner maybe in front), or on the word
 * "corner". Under /iu no character beyond ASCII matches their letters, and a key keeps them.
 */
const BOX_ENDINGS = ['box', 'postfach', 'apartado', 'apo', 'fpo', 'dpo'];

const PLACE_JOINERS = [
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
];
const WEAK_CUES = ['in', 'from', 'near', 'at', 'to', 'where'];
const ORG_INNERS = ['&', 'and', 'of', 'for', 'the', 'de', 'du', 'des', 'und', 'y'];
const ORG_HEADS = [
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
];
const ORG_ABBREVIATIONS = ['st', 'co', 'mt', 'ft', 'jr', 'sr', 'dr', 'inc', 'ltd', 'corp', 'bros', 'intl'];
/** Unit, floor and box words of an address; the address recognizer also reads them as a Set. */
export const UNIT_WORDS: ReadonlySet<string> = new Set([
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
/** Small words inside street names; the address recognizer also reads them as a Set. */
export const STREET_JOINERS: ReadonlySet<string> = new Set([
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

/** The first words of places of two to five words, each leading to the words that may follow. */
export interface PlaceNode {
  readonly next: Map<string, PlaceNode>;
  /** the words up to here name a place */
  place: boolean;
  /** facts of the whole name joined by spaces, when it is a place */
  bits: number;
}

export interface WordFacts {
  readonly lex: Lexicon;
  readonly bits: ReadonlyMap<string, number>;
  /** multi-word places by their first word, at most five words deep */
  readonly placeHeads: ReadonlyMap<string, PlaceNode>;
  /**
   * Street types of three or more letters, spelt backwards one UTF-16 unit per level: a word
   * ending in one ("Holmevej") is found by walking its last characters, with no slicing.
   */
  readonly streetEndings: EndingNode;
  /** the table's few all-digit words ("1387") with their facts: the only numbers that have any */
  readonly numbers: readonly (readonly [string, number])[];
  /** cue and box words a key may end in, spelt backwards like streetEndings, with their bits */
  readonly cueEndings: EndingNode;
  /** cue words a key may hold anywhere ("visiting" in "revisiting"), with their bits */
  readonly cueInside: readonly (readonly [string, number])[];
}

export interface EndingNode {
  readonly next: Map<number, EndingNode>;
  /** the units walked so far spell a whole street type */
  end: boolean;
  /** bits of the cue and box words the units walked so far spell */
  bits: number;
}

const MAX_PLACE_WORDS = 5;
let cached: WordFacts | undefined;

/** The facts table for this lexicon, built once (the lexicon itself is built once per process). */
export function wordFacts(lex: Lexicon): WordFacts {
  if (cached?.lex === lex) return cached;
  const bits = new Map<string, number>();
  const mark = (words: Iterable<string>, bit: number) => {
    for (const w of words) bits.set(w, (bits.get(w) ?? 0) | bit);
  };
  mark(lex.places, PLACE);
  mark(lex.common, COMMON);
  mark(CALENDAR_WORDS, CALENDAR);
  mark(lex.firstNames.keys(), FIRST_NAME);
  mark(lex.lastNames.keys(), LAST_NAME);
  mark(lex.streetTypes, STREET_TYPE);
  mark(lex.orgSuffixes, ORG_SUFFIX);
  mark(PLACE_JOINERS, PLACE_JOINER);
  mark(WEAK_CUES, WEAK_CUE);
  mark(ORG_INNERS, ORG_INNER);
  mark(ORG_HEADS, ORG_HEAD);
  mark(ORG_ABBREVIATIONS, ORG_ABBREVIATION);
  mark(UNIT_WORDS, UNIT_WORD);
  mark(STREET_JOINERS, STREET_JOINER);

  // the place recognizer never looks further than five words ahead
  const maxWords = Math.min(lex.maxPlaceWords, MAX_PLACE_WORDS);
  const placeHeads = new Map<string, PlaceNode>();
  for (const p of lex.places) {
    const words = p.split(' ');
    if (words.length < 2 || words.length > maxWords) continue;
    let level = placeHeads;
    let node: PlaceNode | undefined;
    for (const w of words) {
      node = level.get(w);
      if (node === undefined) {
        node = { next: new Map(), place: false, bits: 0 };
        level.set(w, node);
      }
      level = node.next;
    }
    node!.place = true;
  }
  // a head word answers the place recognizer's "can a longer name start here?" in the same lookup
  for (const head of placeHeads.keys()) bits.set(head, (bits.get(head) ?? 0) | PLACE_HEAD);
  const fill = (level: Map<string, PlaceNode>, prefix: string) => {
    for (const [w, node] of level) {
      const key = prefix === '' ? w : `${prefix} ${w}`;
      if (node.place) node.bits = bits.get(key) ?? 0;
      fill(node.next, key);
    }
  };
  fill(placeHeads, '');

  const streetEndings: EndingNode = { next: new Map(), end: false, bits: 0 };
  for (const s of lex.streetTypes)
    if (s.length >= 3 && /^\p{L}+$/u.test(s)) ending(streetEndings, s).end = true;
  const numbers = [...bits].filter(([k]) => /^\d+$/.test(k));

  // the words a cue cannot be found without; a key ending in an ending, or holding an inside
  // word, gets its bit when first seen (see keyFacts)
  const cueEndings: EndingNode = { next: new Map(), end: false, bits: 0 };
  const cueInside: [string, number][] = [];
  for (const [cues, bit] of [
    [PLACE_CUES, PLACE_CUE],
    [ORG_CUES, ORG_CUE],
  ] as const) {
    for (const cue of cues) {
      const [how, word] = cueWord(cue);
      if (how === 'whole') bits.set(word, (bits.get(word) ?? 0) | bit);
      else if (how === 'end') ending(cueEndings, word).bits |= bit;
      else cueInside.push([word, bit]);
    }
  }
  for (const word of BOX_ENDINGS) ending(cueEndings, word).bits |= BOX_WORD;
  bits.set('corner', (bits.get('corner') ?? 0) | BOX_WORD);
  cached = { lex, bits, placeHeads, streetEndings, numbers, cueEndings, cueInside };
  hot = new Map();
  return cached;
}

/** The node for `word` spelt backwards from `root`, made as needed. */
function ending(root: EndingNode, word: string): EndingNode {
  let node = root;
  for (let i = word.length - 1; i >= 0; i--) {
    const c = word.charCodeAt(i);
    let child = node.next.get(c);
    if (child === undefined) {
      child = { next: new Map(), end: false, bits: 0 };
      node.next.set(c, child);
    }
    node = child;
  }
  return node;
}

/**
 * Which word of a cue phrase (plain lower-case words and single spaces) the text's words must
 * show if lower.indexOf(cue) finds it. A word between two others stands between spaces, so it
 * is a token's whole key; the first word is followed by a space, so some key ends with it (the
 * cue may start inside a word: "relives in"); a one-word cue may sit anywhere inside a key. Each
 * holds whatever the case, as only ASCII letters lower-case to a cue's letters (but for "İ",
 * whose "i" is followed by a combining dot no cue has).
 */
function cueWord(cue: string): ['whole' | 'end' | 'inside', string] {
  const words = cue.split(' ');
  if (words.length === 1) return ['inside', cue];
  // a middle word of four letters or more is rarer than the first word's ending ("up" is not)
  const middle = words.slice(1, -1).sort((a, b) => b.length - a.length)[0];
  if (middle !== undefined && middle.length >= 4) return ['whole', middle];
  return ['end', words[0]!];
}

/** The bits of a word that is not a number: its table entry and what its ending tells. */
function keyFacts(facts: WordFacts, key: string): number {
  let b = facts.bits.get(key) ?? 0;
  if ((b & STREET_TYPE) !== 0 || streetEnding(facts, key)) b |= STREETISH;
  let node: EndingNode | undefined = facts.cueEndings;
  for (let i = key.length - 1; i >= 0; i--) {
    node = node.next.get(key.charCodeAt(i));
    if (node === undefined) break;
    b |= node.bits;
  }
  for (const [word, bit] of facts.cueInside) if ((b & bit) === 0 && key.includes(word)) b |= bit;
  return b;
}

/** Whether a key ends in a street type of three or more letters with at least three more characters before it ("Holmevej", "Vesturgata"). */
function streetEnding(facts: WordFacts, key: string): boolean {
  let node = facts.streetEndings;
  for (let i = key.length - 1; i >= 3; i--) {
    const child = node.next.get(key.charCodeAt(i));
    if (child === undefined) return false;
    node = child;
    // the ending is key[i..]; at least three characters must stand before it
    if (node.end && i > 2) return true;
  }
  return false;
}

/** One document's words as the three recognizers see them. */
export interface DocWords {
  readonly text: string;
  /** word facts of each token, by index */
  readonly bits: readonly number[];
  /** all of them together: whether any word has a fact */
  readonly any: number;
  readonly mode: 'upper' | 'lower' | 'mixed';
  /**
   * The name recognizer's facts of each word (lexicon-facts' factsOf), -1 for a number, which
   * factsAt looks up when asked: a list to hand it as its `fx`. The name recognizer runs first and
   * looked up most words' keys in its own table; answering from the same cache as `bits` spares
   * that second hashing and probing of every key.
   */
  readonly facts: number[];
}

// where a cached word's name facts stand in its `hot` value, above the 19 bits above
const FACTS_SHIFT = 19;
const BITS_MASK = (1 << FACTS_SHIFT) - 1;

// the detector runs the three recognizers one after another over a text, handing each the same
// token array: remembering the last array's answers shares them (a pointer comparison, where a
// WeakMap cost more than it saved)
let lastToks: readonly Token[] | undefined;
// The facts of words seen lately. The big table's lookups miss the processor's caches; notes
// repeat most of their words ("mg", "daily", "patient"), and a small table of those stays in
// them. Emptied when full, so its size is bounded whatever the corpus.
const HOT_WORDS = 4096;
let hot = new Map<string, number>();
let lastDoc: DocWords | undefined;

/** Facts of each of the text's words and its case mode, computed once per text. */
export function docWords(facts: WordFacts, text: string, toks: readonly Token[]): DocWords {
  if (toks === lastToks && lastDoc!.text === text) return lastDoc!;
  const bits: number[] = [];
  const names: number[] = [];
  let any = 0;
  for (let i = 0; i < toks.length; i++) {
    const key = toks[i]!.key;
    const c = key.charCodeAt(0);
    let b: number | undefined;
    // a number's key is all digits: compared with the few listed numbers, with no hashing (no
    // street type, cue or box word ends in a digit)
    if (c >= 48 && c <= 57) {
      b = numberFacts(facts, key);
      if ((b & STREET_TYPE) !== 0) b |= STREETISH;
      names.push(-1);
    } else {
      let v = hot.get(key);
      if (v === undefined) {
        v = keyFacts(facts, key) | (factsOf(key) << FACTS_SHIFT);
        if (hot.size >= HOT_WORDS) hot = new Map();
        hot.set(key, v);
      }
      b = v & BITS_MASK;
      names.push(v >>> FACTS_SHIFT);
    }
    bits.push(b);
    any |= b;
  }
  const doc: DocWords = { text, bits, any, mode: caseMode(text), facts: names };
  lastToks = toks;
  lastDoc = doc;
  return doc;
}

/**
 * The facts docWords last computed, when they were for this text and token array (the lexicon
 * recognizers ran over it), or undefined: for the tagger, which runs after them.
 */
export function lastDocWords(text: string, toks: readonly Token[]): DocWords | undefined {
  return toks === lastToks && lastDoc!.text === text ? lastDoc : undefined;
}

function numberFacts(facts: WordFacts, key: string): number {
  // (should the lists ever hold many numbers, the table is quicker)
  if (facts.numbers.length > 8) return facts.bits.get(key) ?? 0;
  for (const [k, b] of facts.numbers) if (k === key) return b;
  return 0;
}

/** Whether a key holds an ASCII digit: /\d/.test(key) without the regex. */
export function hasDigit(key: string): boolean {
  for (let i = 0; i < key.length; i++) {
    const c = key.charCodeAt(i);
    if (c >= 48 && c <= 57) return true;
  }
  return false;
}
