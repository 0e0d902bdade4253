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

const lists = new Map<string, readonly string[]>();

/** Single-word names from one of a locale's person lists (`first_name.female`, `last_name.generic`, …). */
function nameList(locale: string, field: 'first_name' | 'last_name', sub: string): readonly string[] {
  const id = `${locale}/${field}/${sub}`;
  let list = lists.get(id);
  if (list === undefined) {
    const def = localeDefinition(locale)?.person?.[field] as Record<string, unknown> | undefined;
    list = stringsOf(def?.[sub]).filter((n) => n.length >= 2 && !/[\s{]/.test(n));
    lists.set(id, list);
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

function tokenize(text: string): Token[] {
  const tokens: Token[] = [];
  for (const m of text.matchAll(WORD)) {
    // "Gomez's" is Gomez: the possessive must not make it another name
    const split = /^(.+?)(\.|['’]s)?$/su.exec(m[0])!;
    const core = split[1]!;
    tokens.push({
      start: m.index,
      end: m.index + m[0].length,
      core,
      folded: fold(core.replace(/’/g, "'")),
      after: split[2] ?? '',
      kind: 'name',
    });
  }
  const { titles } = lexicon();
  let nameSeen = false;
  tokens.forEach((t, i) => {
    const next = tokens[i + 1];
    if (!nameSeen && t.core.length >= 2 && titles.has(t.folded)) t.kind = 'title';
    else if (PARTICLES.has(t.folded) && (t.core === t.folded || (nameSeen && next !== undefined)))
      t.kind = 'particle';
    else if (nameSeen && SUFFIXES.has(t.folded) && (next === undefined || SUFFIXES.has(next.folded)))
      t.kind = 'suffix';
    else if ([...t.core].length === 1) t.kind = 'initial';
    if (t.kind === 'name' || t.kind === 'initial') nameSeen = true;
  });
  return tokens;
}

/**
 * The role each name token plays by position: "Gomez, Maria" puts the surname first; otherwise
 * the last name (with the tokens hyphenated to it) is the surname when there is more than one
 * name or a title ("Ms. Gomez").
 */
function positionalRoles(text: string, tokens: readonly Token[]): Map<Token, Role> {
  const names = tokens.filter((t) => t.kind === 'name' || t.kind === 'initial');
  const roles = new Map<Token, Role>();
  const commaAt = names.findIndex((t, i) => {
    const next = names[i + 1];
    return next !== undefined && text.slice(t.end, next.start).includes(',');
  });
  if (commaAt >= 0) {
    for (const [i, t] of names.entries()) roles.set(t, i <= commaAt ? 'last' : 'first');
    return roles;
  }
  const titled = tokens.some((t) => t.kind === 'title');
  let surnameFrom = names.length - 1;
  // "Smith-Jones" is one surname
  while (surnameFrom > 0 && text.slice(names[surnameFrom - 1]!.end, names[surnameFrom]!.start) === '-')
    surnameFrom--;
  for (const [i, t] of names.entries()) {
    roles.set(t, (names.length > 1 || titled) && i >= surnameFrom ? 'last' : 'first');
  }
  return roles;
}

/** The lexicon's word when it knows a token as only one of first or last name; else its position's. */
function roleOf(token: Token, positional: Role): Role {
  const { firstNames, lastNames } = lexicon();
  const first = firstNames.has(token.folded);
  const last = lastNames.has(token.folded);
  if (first && !last) return 'first';
  if (last && !first) return 'last';
  return positional;
}

const tokenMemo = new WeakMap<OperatorServices, Map<string, string>>();

/**
 * A surrogate for a person's name, token by token: titles, particles and suffixes stay; each
 * first or last name maps on its own (keyed by its folded form) to a name of the same sex and
 * culture, so "Maria Gomez", "Ms. Gomez" and "MARIA" stay consistent; initials map to initials;
 * casing is kept. No name token is ever returned unchanged.
 */
export function personSurrogate(original: string, services: OperatorServices): string {
  const tokens = tokenize(original);
  const positional = positionalRoles(original, tokens);
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
      const role = roleOf(t, positional.get(t) ?? 'first');
      // a token's surrogate depends only on the key, its role and its folded form: remember it
      let memo = tokenMemo.get(services);
      if (!memo) {
        memo = new Map();
        tokenMemo.set(services, memo);
      }
      const id = `${role}\0${t.folded}`;
      let hit = memo.get(id);
      if (hit === undefined) {
        hit = role === 'first' ? firstName(t.folded, services) : lastName(t.folded, services);
        if (memo.size > 100_000) memo.clear();
        memo.set(id, hit);
      }
      name = hit;
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
