import type { Rng } from '../../random/index.js';
import { fold, lexicon } from '../lexicon.js';
import type { OperatorServices } from '../operator.js';
import { localeDefinition, localeNames, stringsOf } from './faker-source.js';
import { applyCasing, casingOf } from './shape.js';

type Sex = 'female' | 'male';
type Role = 'first' | 'last';
type Kind = 'title' | 'particle' | 'suffix' | 'initial' | 'name';

// kept as written: they carry no identity and dropping them would change the name's shape
const PARTICLES = new Set(
  'de del della der den di da dos das do du la le van von ten ter y e bin ibn al el zu af av'.split(' '),
);
const SUFFIXES = new Set(
  'jr sr ii iii iv md phd dds dmd rn np esq mba dvm pharmd lpn bsn msn cpa facs facp'.split(' '),
);
// letters that start names often enough that a replacement initial looks ordinary
const INITIALS = 'ABCDEFGHJKLMNPRSTW';
const WORD = /[\p{L}\p{M}][\p{L}\p{M}'’]*\.?/gu;

interface Token {
  readonly start: number;
  readonly end: number;
  /** the word without a trailing dot or possessive */
  readonly core: string;
  readonly folded: string;
  /** what followed the word and stays: ".", "'s", "’s" or nothing */
  readonly after: string;
  kind: Kind;
  /** the part a name token plays by its position in the name */
  role: Role;
}

let sexVotes: Map<string, { female: number; male: number }> | undefined;

/**
 * The sex a first name is given in faker's sex-specific lists, by locale vote. The lexicon counts
 * sex-neutral ("generic") lists as both, which would make James as unknown as Jordan.
 */
function sexOf(folded: string): Sex | undefined {
  if (sexVotes === undefined) {
    sexVotes = new Map();
    for (const locale of localeNames()) {
      const first = localeDefinition(locale)?.person?.first_name as Record<string, unknown> | undefined;
      for (const sex of ['female', 'male'] as const) {
        for (const name of stringsOf(first?.[sex])) {
          const key = fold(name);
          const votes = sexVotes.get(key) ?? { female: 0, male: 0 };
          votes[sex]++;
          sexVotes.set(key, votes);
        }
      }
    }
  }
  const votes = sexVotes.get(folded);
  if (votes === undefined) return undefined;
  // a clear majority only: "Jean" is male in French and female in English
  if (votes.female >= 3 * votes.male && votes.female > 0) return 'female';
  if (votes.male >= 3 * votes.female && votes.male > 0) return 'male';
  return undefined;
}

// field → sub-list → locale → names: nested rather than one joined key, as it is read per locale
const lists = new Map<string, Map<string, Map<string, readonly string[]>>>();

/** Single-word names from one of a locale's person lists (`first_name.female`, `last_name.generic`, …). */
function nameList(locale: string, field: 'first_name' | 'last_name', sub: string): readonly string[] {
  let byField = lists.get(field);
  if (byField === undefined) {
    byField = new Map();
    lists.set(field, byField);
  }
  let byLocale = byField.get(sub);
  if (byLocale === undefined) {
    byLocale = new Map();
    byField.set(sub, byLocale);
  }
  let list = byLocale.get(locale);
  if (list === undefined) {
    const def = localeDefinition(locale)?.person?.[field] as Record<string, unknown> | undefined;
    list = stringsOf(def?.[sub]).filter((n) => n.length >= 2 && !/[\s{]/.test(n));
    byLocale.set(locale, list);
  }
  return list;
}

/** A name from `list` other than the original (in folded form). */
function pickOther(rng: Rng, list: readonly string[], folded: string): string | undefined {
  if (list.length === 0) return undefined;
  for (let i = 0; i < 16; i++) {
    const name = rng.pick(list);
    if (fold(name) !== folded) return name;
  }
  return list.find((n) => fold(n) !== folded);
}

function firstName(folded: string, services: OperatorServices): string {
  const rng = services.rngFor('surrogate/PERSON/first', folded);
  const sex = sexOf(folded) ?? (rng.chance(0.5) ? 'female' : 'male');
  const known = lexicon().firstNames.get(folded)?.locales ?? [];
  const locales = known.filter((l) => nameList(l, 'first_name', sex).length > 0);
  const locale = locales.length > 0 ? rng.pick(locales) : 'en';
  return (
    pickOther(rng, nameList(locale, 'first_name', sex), folded) ??
    pickOther(rng, nameList('en', 'first_name', sex), folded)!
  );
}

const lastMembers = new Map<string, ReadonlySet<string>>();

/** The locale's last-name list the original belongs to (Russian and Czech surnames have sexes). */
function lastListFor(locale: string, folded: string): readonly string[] {
  const def = localeDefinition(locale)?.person?.last_name as Record<string, unknown> | undefined;
  const subs = Object.keys(def ?? {}).filter((s) => nameList(locale, 'last_name', s).length > 0);
  if (subs.length > 1) {
    for (const sub of subs) {
      const id = `${locale}/${sub}`;
      let members = lastMembers.get(id);
      if (members === undefined) {
        members = new Set(nameList(locale, 'last_name', sub).map(fold));
        lastMembers.set(id, members);
      }
      if (members.has(folded)) return nameList(locale, 'last_name', sub);
    }
  }
  const sub = subs.includes('generic') ? 'generic' : subs[0];
  return sub === undefined ? [] : nameList(locale, 'last_name', sub);
}

function lastName(folded: string, services: OperatorServices): string {
  const rng = services.rngFor('surrogate/PERSON/last', folded);
  const known = lexicon().lastNames.get(folded) ?? [];
  const locales = known.filter((l) => lastListFor(l, folded).length > 0);
  const locale = locales.length > 0 ? rng.pick(locales) : 'en';
  return (
    pickOther(rng, lastListFor(locale, folded), folded) ?? pickOther(rng, lastListFor('en', ''), folded)!
  );
}

function initial(folded: string, services: OperatorServices): string {
  const rng = services.rngFor('surrogate/PERSON/initial', folded);
  const others = [...INITIALS].filter((c) => c.toLowerCase() !== folded);
  return rng.pick(others);
}

/** True for the code units of ASCII letters, the only letters a pure-ASCII name can hold. */
function isAsciiLetter(c: number): boolean {
  return (c >= 65 && c <= 90) || (c >= 97 && c <= 122);
}

/** One WORD match split into its core and what follows it: "Gomez's" is Gomez, "Dr." is Dr. */
function token(word: string, start: number): Token {
  // the shortest core leaving ".", "'s", "’s" or nothing, as /^(.+?)(\.|['’]s)?$/ would split it
  const n = word.length;
  let cut = n;
  if (n >= 2 && word.charCodeAt(n - 1) === 46) cut = n - 1;
  else if (n >= 3 && word.charCodeAt(n - 1) === 115) {
    const q = word.charCodeAt(n - 2);
    if (q === 39 || q === 0x2019) cut = n - 2;
  }
  const core = cut === n ? word : word.slice(0, cut);
  return {
    start,
    end: start + n,
    core,
    folded: fold(core.indexOf('’') < 0 ? core : core.replace(/’/g, "'")),
    after: cut === n ? '' : word.slice(cut),
    kind: 'name',
    role: 'first',
  };
}

/** The WORD matches of `text` as tokens; plain ASCII (most names) is scanned without the regex. */
function words(text: string): Token[] {
  const tokens: Token[] = [];
  let ascii = true;
  for (let i = 0; i < text.length; i++) {
    if (text.charCodeAt(i) >= 128) {
      ascii = false;
      break;
    }
  }
  if (!ascii) {
    for (const m of text.matchAll(WORD)) tokens.push(token(m[0], m.index));
    return tokens;
  }
  // WORD restricted to ASCII: a letter, then letters and apostrophes, then an optional dot
  for (let i = 0; i < text.length; ) {
    if (!isAsciiLetter(text.charCodeAt(i))) {
      i++;
      continue;
    }
    const start = i++;
    while (i < text.length && (isAsciiLetter(text.charCodeAt(i)) || text.charCodeAt(i) === 39)) i++;
    if (i < text.length && text.charCodeAt(i) === 46) i++;
    tokens.push(token(text.slice(start, i), start));
  }
  return tokens;
}

function tokenize(text: string): Token[] {
  const tokens = words(text);
  const { titles } = lexicon();
  let nameSeen = false;
  for (let i = 0; i < tokens.length; i++) {
    const t = tokens[i]!;
    const next = tokens[i + 1];
    if (!nameSeen && t.core.length >= 2 && titles.has(t.folded)) t.kind = 'title';
    else if (PARTICLES.has(t.folded) && (t.core === t.folded || (nameSeen && next !== undefined)))
      t.kind = 'particle';
    else if (nameSeen && SUFFIXES.has(t.folded) && (next === undefined || SUFFIXES.has(next.folded)))
      t.kind = 'suffix';
    // one code point: a letter outside the BMP takes two code units
    else if (t.core.length === 1 || (t.core.length === 2 && [...t.core].length === 1)) t.kind = 'initial';
    if (t.kind === 'name' || t.kind === 'initial') nameSeen = true;
  }
  return tokens;
}

/**
 * Sets the role each name token plays by position: "Gomez, Maria" puts the surname first;
 * otherwise the last name (with the tokens hyphenated to it) is the surname when there is more
 * than one name or a title ("Ms. Gomez").
 */
function assignPositionalRoles(text: string, tokens: readonly Token[]): void {
  const names = tokens.filter((t) => t.kind === 'name' || t.kind === 'initial');
  let commaAt = -1;
  for (let i = 0; i + 1 < names.length; i++) {
    if (text.slice(names[i]!.end, names[i + 1]!.start).includes(',')) {
      commaAt = i;
      break;
    }
  }
  if (commaAt >= 0) {
    for (let i = 0; i < names.length; i++) names[i]!.role = i <= commaAt ? 'last' : 'first';
    return;
  }
  const titled = tokens.some((t) => t.kind === 'title');
  let surnameFrom = names.length - 1;
  // "Smith-Jones" is one surname
  while (
    surnameFrom > 0 &&
    names[surnameFrom]!.start - names[surnameFrom - 1]!.end === 1 &&
    text.charCodeAt(names[surnameFrom - 1]!.end) === 45
  )
    surnameFrom--;
  for (let i = 0; i < names.length; i++) {
    names[i]!.role = (names.length > 1 || titled) && i >= surnameFrom ? 'last' : 'first';
  }
}

/**
 * What is remembered per folded name token and key: the role the lexicon fixes for it (when it
 * knows the word as only one of first or last name), and its surrogate in each role, which
 * depends on nothing but the key, the role and the folded form.
 */
interface TokenEntry {
  readonly lexical: Role | undefined;
  first: string | undefined;
  last: string | undefined;
}

// the bound keeps memory flat over a long run
const TOKEN_MEMO_LIMIT = 100_000;
const tokenMemo = new WeakMap<OperatorServices, Map<string, TokenEntry>>();

function tokenEntry(folded: string, memo: Map<string, TokenEntry>): TokenEntry {
  let entry = memo.get(folded);
  if (entry === undefined) {
    const { firstNames, lastNames } = lexicon();
    const first = firstNames.has(folded);
    const last = lastNames.has(folded);
    entry = {
      lexical: first && !last ? 'first' : last && !first ? 'last' : undefined,
      first: undefined,
      last: undefined,
    };
    if (memo.size >= TOKEN_MEMO_LIMIT) memo.clear();
    memo.set(folded, entry);
  }
  return entry;
}

/**
 * A surrogate for a person's name, token by token: titles, particles and suffixes stay; each
 * first or last name maps on its own (keyed by its folded form) to a name of the same sex and
 * culture, so "Maria Gomez", "Ms. Gomez" and "MARIA" stay consistent; initials map to initials;
 * casing is kept. No name token is ever returned unchanged.
 */
export function personSurrogate(original: string, services: OperatorServices): string {
  const tokens = tokenize(original);
  assignPositionalRoles(original, tokens);
  let memo = tokenMemo.get(services);
  if (memo === undefined) {
    memo = new Map();
    tokenMemo.set(services, memo);
  }
  let out = '';
  let at = 0;
  for (const t of tokens) {
    out += original.slice(at, t.start);
    at = t.end;
    if (t.kind === 'title' || t.kind === 'particle' || t.kind === 'suffix') {
      out += original.slice(t.start, t.end);
      continue;
    }
    const casing = casingOf(t.core);
    let name: string;
    if (t.kind === 'initial') name = initial(t.folded, services);
    else {
      const entry = tokenEntry(t.folded, memo);
      // the lexicon's role wins over the position's
      if ((entry.lexical ?? t.role) === 'first') name = entry.first ??= firstName(t.folded, services);
      else name = entry.last ??= lastName(t.folded, services);
    }
    out += applyCasing(casing === 'lower' || casing === 'upper' ? name : titleCase(name), casing);
    out += t.after;
  }
  return out + original.slice(at);
}

/** faker lists are title case already; a few sources write names in capitals. */
function titleCase(name: string): string {
  return name === name.toUpperCase() && name !== name.toLowerCase()
    ? name.charAt(0) + name.slice(1).toLowerCase()
    : name;
}
