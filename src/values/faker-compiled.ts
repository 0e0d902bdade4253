import type { Faker } from '@faker-js/faker';
import { AliasTable, type Rng } from '../random/index.js';

/** A compiled faker method: the same definitions faker draws from, without faker's per-call overhead. */
export type Gen = (rng: Rng) => string;
type Defs = Record<string, Record<string, unknown> | undefined>;
type Sex = 'female' | 'male' | 'generic' | undefined;

const isStrings = (v: unknown): v is string[] =>
  Array.isArray(v) && v.length > 0 && v.every((x) => typeof x === 'string');

function strings(list: unknown[]): Gen | undefined {
  return isStrings(list) ? pick(list) : undefined;
}

function pick(list: readonly string[]): Gen {
  return (rng) => list[rng.below(list.length)]!;
}

function oneOf(gens: readonly Gen[]): Gen {
  return gens.length === 1 ? gens[0]! : (rng) => gens[rng.below(gens.length)]!(rng);
}

const DIGITS = '0123456789';
const LETTERS = 'ABCDEFGHIJKLMNOPQRSTUVWXYZ';

/**
 * Compiles a symbol pattern into literal runs and slots: each slot is a character pool and the
 * offset of its first usable character. The pattern is parsed once, not on every value.
 */
function compileSlots(
  pattern: string,
  slotOf: (c: string, prev: string) => [string, number] | undefined,
): Gen {
  const lits: string[] = [];
  const pools: string[] = [];
  const from: number[] = [];
  let lit = '';
  for (let i = 0; i < pattern.length; i++) {
    const slot = slotOf(pattern[i]!, pattern[i - 1] ?? '');
    if (!slot) {
      lit += pattern[i];
      continue;
    }
    lits.push(lit);
    lit = '';
    pools.push(slot[0]);
    from.push(slot[1]);
  }
  if (pools.length === 0) return () => pattern;
  const tail = lit;
  const n = pools.length;
  return (rng) => {
    let s = '';
    for (let i = 0; i < n; i++) {
      const pool = pools[i]!;
      const lo = from[i]!;
      s += lits[i]! + pool[lo + rng.below(pool.length - lo)]!;
    }
    return s + tail;
  };
}

/** `#` a digit, `!` a digit 2–9, `?` an upper-case letter (faker's symbol conventions). */
function symbols(pattern: string): Gen {
  return compileSlots(pattern, (c) =>
    c === '#' ? [DIGITS, 0] : c === '!' ? [DIGITS, 2] : c === '?' ? [LETTERS, 0] : undefined,
  );
}

/** Replaces each run of `#` with digits, the first of them not zero (faker's building numbers). */
function numericRuns(pattern: string): Gen {
  return compileSlots(pattern, (c, prev) => (c === '#' ? [DIGITS, prev === '#' ? 0 : 1] : undefined));
}

/**
 * Faker's choice among gendered definitions (`{ generic, female, male }`): with no sex given it
 * picks one at random; then it takes the sex's list (weight 3·√size) or the generic list
 * (weight √size). A plain list is used as it is. `make` turns a chosen list into a generator.
 */
function bySex<T>(def: unknown, sex: Sex, make: (list: T[]) => Gen | undefined): Gen | undefined {
  const isList = (v: unknown): v is T[] => Array.isArray(v) && v.length > 0;
  if (isList(def)) return make(def);
  if (def === null || typeof def !== 'object') return undefined;
  const d = def as Record<string, unknown>;
  const generic = isList(d.generic) ? make(d.generic) : undefined;
  const forSex = (s: 'female' | 'male'): Gen | undefined => {
    const own = isList(d[s]) ? make(d[s] as T[]) : undefined;
    if (!own || !generic) return own ?? generic;
    const wOwn = 3 * Math.sqrt((d[s] as T[]).length);
    const pOwn = wOwn / (wOwn + Math.sqrt((d.generic as T[]).length));
    return (rng) => (rng.float() < pOwn ? own(rng) : generic(rng));
  };
  if (sex === 'generic') {
    if (generic) return generic;
    sex = undefined;
  }
  if (sex) return forSex(sex);
  const female = forSex('female');
  const male = forSex('male');
  if (!female || !male) return female ?? male;
  return (rng) => (rng.below(2) === 0 ? female(rng) : male(rng));
}

function hasSexes(def: unknown): boolean {
  return def !== null && typeof def === 'object' && isStrings((def as Record<string, unknown>).female);
}

/** Transliterates to the characters an email local part may hold. */
function emailPart(s: string): string {
  if (/^[A-Za-z0-9._-]*$/.test(s)) return s;
  return s
    .normalize('NFKD')
    .replace(/[\u0300-\u036f]/g, '')
    .replace(/[^A-Za-z0-9._-]/g, '');
}

/**
 * Compiles the faker methods that are lookups into faker's locale definitions. Returns undefined
 * when the method, its arguments or this locale's definitions are not ones it knows, so the
 * caller falls back to faker itself.
 */
export function compileFakerMethod(faker: Faker, path: string, args: unknown): Gen | undefined {
  const defs = faker.rawDefinitions as unknown as Defs;
  const sexArg: Sex =
    args === 'female' || args === 'male' || args === 'generic'
      ? args
      : typeof args === 'object' && args !== null && 'sex' in args
        ? ((args as { sex: Sex }).sex ?? undefined)
        : undefined;
  const noArgs = args === undefined || args === null;

  const person = defs.person ?? {};
  const location = defs.location ?? {};

  const token = (name: string, sex: Sex): Gen | undefined => {
    const compiled = method(name, sex);
    if (compiled) return compiled;
    // a path into the definitions, such as location.city_prefix or person.last_name.generic
    let def: unknown = defs;
    for (const key of name.split('.'))
      def = def && typeof def === 'object' ? (def as Record<string, unknown>)[key] : undefined;
    if (!isStrings(def)) return undefined;
    const gens = def.map((p) => (p.includes('{{') ? pattern(p, sex) : () => p));
    return gens.every((g) => g) ? oneOf(gens as Gen[]) : undefined;
  };

  const pattern = (p: string, sex: Sex): Gen | undefined => {
    const parts: Gen[] = [];
    let last = 0;
    for (const m of p.matchAll(/\{\{\s*([\w.]+)\s*\}\}/g)) {
      const lit = p.slice(last, m.index);
      if (lit) parts.push(() => lit);
      const g = token(m[1]!, sex);
      if (!g) return undefined;
      parts.push(g);
      last = m.index + m[0].length;
    }
    const tail = p.slice(last);
    // a faker expression this compiler does not parse, such as {{number.int({"min":1})}}: leave it to faker
    if (/\{\{|\}\}/.test(p.replace(/\{\{\s*[\w.]+\s*\}\}/g, ''))) return undefined;
    if (tail) parts.push(() => tail);
    if (parts.length === 1) return parts[0];
    return (rng) => {
      let s = '';
      for (const g of parts) s += g(rng);
      return s;
    };
  };

  /** Definition patterns: `{{…}}` expanded, then `symbols` (faker's replaceSymbols) or `numeric` (runs of # without a leading zero). */
  const patterns = (def: unknown, sex: Sex, digits?: 'symbols' | 'numeric'): Gen | undefined => {
    const list = typeof def === 'string' ? [def] : isStrings(def) ? def : undefined;
    if (!list) return undefined;
    const gens = list.map((p) => {
      const expand = p.includes('{{') ? pattern(p, sex) : () => p;
      if (!expand || !digits) return expand;
      const fill = digits === 'symbols' ? symbols : numericRuns;
      return p.includes('{{') ? (rng: Rng) => fill(expand(rng))(rng) : fill(p);
    });
    return gens.every((g) => g) ? oneOf(gens as Gen[]) : undefined;
  };

  function weighted(forms: readonly { value: string; weight: number }[], sex: Sex): Gen | undefined {
    const gens = forms.map((f) => pattern(f.value, sex));
    if (!gens.every((g) => g)) return undefined;
    const table = new AliasTable(forms.map((f) => f.weight));
    return (rng: Rng) => gens[table.sample(rng)]!(rng);
  }

  function method(name: string, sex: Sex): Gen | undefined {
    switch (name) {
      case 'person.firstName':
        return bySex<string>(person.first_name, sex, strings);
      case 'person.lastName':
        // weighted patterns such as "{{person.last_name.generic}}-{{person.last_name.generic}}"
        if (person.last_name_pattern) {
          return bySex<{ value: string; weight: number }>(person.last_name_pattern, sex, (forms) =>
            weighted(forms, sex),
          );
        }
        return bySex<string>(person.last_name, sex, strings);
      case 'person.middleName':
        return bySex<string>(person.middle_name, sex, strings);
      case 'person.prefix':
        return bySex<string>(person.prefix, sex, strings);
      case 'person.suffix':
        return isStrings(person.suffix) ? pick(person.suffix) : undefined;
      case 'person.fullName': {
        const forms = person.name as { value: string; weight: number }[] | undefined;
        if (!Array.isArray(forms) || forms.length === 0) return undefined;
        const build = (s: Sex) => weighted(forms, s);
        if (sex || !hasSexes(person.first_name)) return build(sex);
        // like faker: pick a sex first, so first name, prefix and last name agree
        const female = build('female');
        const male = build('male');
        return female && male ? (rng) => (rng.below(2) === 0 ? female(rng) : male(rng)) : undefined;
      }
      case 'location.city':
        return patterns(location.city_pattern, sex);
      case 'location.street':
        return patterns(location.street_pattern, sex);
      case 'location.buildingNumber':
        return patterns(location.building_number, sex, 'numeric');
      case 'location.secondaryAddress':
        return patterns(location.secondary_address, sex, 'numeric');
      case 'location.streetAddress': {
        const forms = location.street_address as { normal?: string; full?: string } | undefined;
        return forms?.normal ? pattern(forms.normal, sex) : undefined;
      }
      case 'location.zipCode':
        return patterns(location.postcode, sex, 'symbols');
      case 'location.state':
      case 'location.county':
      case 'location.country': {
        const list = location[name.slice(9)];
        return isStrings(list) ? pick(list) : undefined;
      }
      case 'company.name':
        return patterns(defs.company?.name_pattern, sex);
      case 'phone.number': {
        const human = (defs.phone_number?.format as { human?: unknown } | undefined)?.human;
        return patterns(human, sex, 'symbols');
      }
      case 'lorem.word':
        return isStrings(defs.lorem?.word) ? pick(defs.lorem.word) : undefined;
      case 'lorem.sentence': {
        // like faker: 3 to 10 words, the first capitalised, a full stop
        const words = defs.lorem?.word;
        if (!isStrings(words)) return undefined;
        const word = pick(words);
        return (rng) => {
          const n = 3 + rng.below(8);
          let s = word(rng);
          for (let i = 1; i < n; i++) s += ` ${word(rng)}`;
          return `${s.charAt(0).toUpperCase()}${s.slice(1)}.`;
        };
      }
      case 'commerce.department':
        return isStrings(defs.commerce?.department) ? pick(defs.commerce.department) : undefined;
      case 'commerce.productName': {
        const pn = defs.commerce?.product_name as Record<string, unknown> | undefined;
        if (!pn || !isStrings(pn.adjective) || !isStrings(pn.material) || !isStrings(pn.product))
          return undefined;
        const [a, m, p] = [pick(pn.adjective), pick(pn.material), pick(pn.product)];
        return (rng) => `${a(rng)} ${m(rng)} ${p(rng)}`;
      }
      case 'internet.email': {
        const first = method('person.firstName', undefined);
        const last = method('person.lastName', undefined);
        const providers = defs.internet?.free_email;
        if (!first || !last || !isStrings(providers)) return undefined;
        // names in scripts that do not transliterate to ASCII are left to faker
        const names = person.first_name as Record<string, unknown> | string[] | undefined;
        const sample = (Array.isArray(names) ? names : Object.values(names ?? {}).flat()) as unknown[];
        if (sample.slice(0, 50).some((n) => typeof n !== 'string' || emailPart(n) === '')) return undefined;
        const provider = pick(providers);
        return (rng) => {
          const f = emailPart(first(rng));
          const l = emailPart(last(rng));
          const sep = rng.below(2) === 0 ? '.' : '_';
          let local: string;
          switch (rng.below(3)) {
            case 0:
              local = `${f}${rng.below(100)}`;
              break;
            case 1:
              local = `${f}${sep}${l}`;
              break;
            default:
              local = `${f}${sep}${l}${rng.below(100)}`;
          }
          return `${local}@${provider(rng)}`;
        };
      }
      default:
        return undefined;
    }
  }

  if (!noArgs && !(path.startsWith('person.') && sexArg)) return undefined;
  return method(path, sexArg);
}
