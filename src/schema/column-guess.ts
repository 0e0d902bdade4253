import type { ColumnStats } from './types.js';

/** What a declared type says about the values a column holds. */
export interface TypeInfo {
  readonly family:
    | 'integer'
    | 'decimal'
    | 'float'
    | 'boolean'
    | 'date'
    | 'datetime'
    | 'time'
    | 'text'
    | 'uuid'
    | 'json'
    | 'binary'
    | 'enum'
    /** a type no kind makes values for (geometry, ranges, arrays, intervals, network addresses) */
    | 'other';
  /** VARCHAR(n), CHAR(n): the most characters */
  readonly length?: number;
  /** NUMERIC(p, s) */
  readonly precision?: number;
  readonly scale?: number;
  /** the largest value of a small integer type */
  readonly maxInt?: number;
  /** ENUM('a', 'b') */
  readonly values?: string[];
}

// types no kind makes values for, of PostgreSQL and MySQL: ranges, arrays, geometry, intervals,
// network addresses, full-text and XML
const OTHER =
  /range$|\[\]$|^(point|line|lseg|box|path|polygon|circle|linestring|multi\w+|geometry\w*|geography|interval|inet|cidr|macaddr8?|tsvector|tsquery|xml|hstore|varbit|bit varying)\b/;

/**
 * Reads a declared type of any of the dialects: `INT`, `int(11) unsigned`, `NUMERIC(10,2)`,
 * `character varying(40)`, `NVARCHAR(160)`, `timestamp with time zone`, `tinyint(1)`, `ENUM('a','b')` …
 *
 * @example
 * typeInfo('NUMERIC(10,2)'); // { family: 'decimal', precision: 10, scale: 2 }
 */
export function typeInfo(declared: string): TypeInfo {
  const t = declared.trim().toLowerCase();
  const args = /\(([^)]*)\)/.exec(t)?.[1];
  const nums = args?.split(',').map((x) => Number(x.trim())) ?? [];
  if (/^(tinyint\s*\(\s*1\s*\)|bool(ean)?|bit(\s*\(\s*1\s*\))?$)/.test(t)) return { family: 'boolean' };
  // before the integers: int4range, interval and integer[] start like them
  if (OTHER.test(t)) return { family: 'other' };
  if (/^enum\s*\(/.test(t)) {
    const values = [...(args ?? '').matchAll(/'((?:[^']|'')*)'/g)].map((m) => m[1]!.replaceAll("''", "'"));
    return { family: 'enum', values };
  }
  if (/serial|^(tiny|small|medium|big)?int|^integer|^int[248]?\b|^long\b/.test(t)) {
    const unsigned = t.includes('unsigned');
    const maxInt = t.startsWith('tiny')
      ? unsigned
        ? 255
        : 127
      : t.startsWith('small') || t === 'int2' || t.startsWith('smallserial')
        ? 32767
        : t.startsWith('medium')
          ? 8388607
          : t.startsWith('big') || t === 'int8'
            ? Number.MAX_SAFE_INTEGER
            : 2147483647;
    return { family: 'integer', maxInt };
  }
  if (/^(numeric|decimal|dec|number|money|smallmoney)/.test(t)) {
    if (t.startsWith('money') || t.startsWith('smallmoney'))
      return { family: 'decimal', precision: 15, scale: 2 };
    return {
      family: 'decimal',
      ...(Number.isFinite(nums[0]) ? { precision: nums[0]! } : {}),
      ...(Number.isFinite(nums[1]) ? { scale: nums[1]! } : Number.isFinite(nums[0]) ? { scale: 0 } : {}),
    };
  }
  if (/^(real|float|double|binary_float|binary_double)/.test(t)) return { family: 'float' };
  if (/^uuid|^uniqueidentifier/.test(t)) return { family: 'uuid' };
  if (/^jsonb?\b/.test(t)) return { family: 'json' };
  if (/^(bytea|blob|tinyblob|mediumblob|longblob|binary|varbinary|image|bit)/.test(t))
    return { family: 'binary' };
  if (/^(timestamp|datetime|smalldatetime)/.test(t)) return { family: 'datetime' };
  if (/^date\b/.test(t)) return { family: 'date' };
  if (/^time\b/.test(t)) return { family: 'time' };
  const length = /char|text|string|clob/.test(t) && Number.isFinite(nums[0]) ? nums[0]! : undefined;
  return { family: 'text', ...(length === undefined ? {} : { length }) };
}

/** A column spec as trainkit init writes it, and whether it was guessed from the name. */
export interface ColumnGuess {
  readonly spec: Record<string, unknown>;
  /** guessed from the column's name (a person should review it) */
  readonly guessed: boolean;
  /** a remark for the YAML comment */
  readonly note?: string;
  /** the declared type is not kept as sql_type: trainkit makes no values it takes (a text column instead) */
  readonly untyped?: boolean;
}

/** The words of a name: `BillingPostalCode` and `billing_postal_code` are both billing postal code. */
export function nameWords(name: string): string[] {
  return name
    .replace(/([a-z0-9])([A-Z])/g, '$1 $2')
    .replace(/([A-Z]+)([A-Z][a-z])/g, '$1 $2')
    .toLowerCase()
    .split(/[^a-z0-9]+/)
    .filter(Boolean);
}

const PERSON_TABLES =
  /^(artist|author|customer|client|person|people|user|employee|staff|member|contact|patient|student|teacher|composer|owner|driver|agent|manager|account)s?$/;
const COMPANY_TABLES =
  /^(compan(y|ies)|organi[sz]ations?|vendors?|suppliers?|publishers?|labels?|brands?|manufacturers?)$/;
const PRODUCT_TABLES = /^(products?|items?|tracks?|albums?|songs?|books?|movies?|films?|games?)$/;

/** Faker-backed kinds guessed from a text column's name (its last words matter most). */
function textGuess(words: string[], table: string): Record<string, unknown> | undefined {
  const name = words.join(' ');
  const last = words[words.length - 1] ?? '';
  const tableWord = nameWords(table).pop() ?? '';
  const fake = (method: string, args?: unknown) => ({
    kind: 'fake',
    method,
    ...(args === undefined ? {} : { args }),
  });
  if (/e ?mail/.test(name)) return fake('internet.email');
  if (/\b(first|given|fore) ?name\b/.test(name) || name === 'fname') return fake('person.firstName');
  if (/\b(last|family|sur) ?name\b|^surname$/.test(name) || name === 'lname') return fake('person.lastName');
  if (/\bmiddle ?name\b/.test(name)) return fake('person.middleName');
  if (/\b(full ?name|display ?name|contact ?name)\b/.test(name)) return fake('person.fullName');
  if (/\b(phone|mobile|cell|tel|telephone|fax)\b/.test(name)) return fake('phone.number');
  if (/\b(postal ?code|zip ?code|zip|postcode)\b/.test(name)) return fake('location.zipCode');
  if (/\b(address|street)\b/.test(name) && !/\b(ip|mac|email)\b/.test(name))
    return fake('location.streetAddress');
  if (/\b(city|town)\b/.test(name)) return fake('location.city');
  if (/\b(state|province|region|county)\b/.test(name)) return fake('location.state');
  if (/\bcountry\b/.test(name)) return fake('location.country');
  if (/\b(company|employer|organi[sz]ation|business)\b/.test(name)) return fake('company.name');
  if (/\b(url|website|homepage|link)\b/.test(name)) return fake('internet.url');
  if (/\b(user ?name|login|handle)\b/.test(name)) return fake('internet.username');
  if (/\b(job ?title|position|role)\b/.test(name)) return fake('person.jobTitle');
  if (/\b(composer|author|writer|artist)\b/.test(name)) return fake('person.fullName');
  if (/\b(description|comment|comments|notes?|bio|summary|body|message)\b/.test(name))
    return fake('lorem.sentence');
  if (last === 'title') {
    return PERSON_TABLES.test(tableWord) ? fake('person.jobTitle') : fake('commerce.productName');
  }
  if (last === 'name') {
    if (PERSON_TABLES.test(tableWord)) return fake('person.fullName');
    if (COMPANY_TABLES.test(tableWord)) return fake('company.name');
    if (PRODUCT_TABLES.test(tableWord)) return fake('commerce.productName');
    if (/^(city|cities|town)s?$/.test(tableWord)) return fake('location.city');
    if (/^(countr(y|ies))$/.test(tableWord)) return fake('location.country');
    if (
      /^(department|category|categories|genre|tag|type|status)s?$/.test(tableWord) ||
      tableWord.endsWith('type')
    )
      return fake('commerce.department');
    return fake('commerce.productName');
  }
  return undefined;
}

const MONEY = /\b(price|amount|total|cost|fee|balance|salary|revenue|subtotal|tax|discount|payment|charge)\b/;
const QUANTITY = /\b(quantity|qty|count|units)\b/;
const BIRTH = /\b(birth|dob|born)\b/;

/**
 * A column's spec from its declared type, its name and, from a live database, its values'
 * range. Semantic kinds (names, emails, cities, prices …) come from the name and are marked as
 * guesses.
 *
 * @example
 * guessColumn('customer', 'email', 'VARCHAR(60)').spec; // { kind: 'fake', method: 'internet.email' }
 */
export function guessColumn(
  table: string,
  column: string,
  declared: string,
  stats?: ColumnStats,
): ColumnGuess {
  const info = typeInfo(declared);
  const words = nameWords(column);
  const name = words.join(' ');
  const lo = stats?.min;
  const hi = stats?.max;
  switch (info.family) {
    case 'boolean':
      return { spec: { kind: 'boolean' }, guessed: false };
    case 'enum':
      return { spec: { kind: 'category', values: info.values ?? [] }, guessed: false };
    case 'integer': {
      if (typeof lo === 'number' && typeof hi === 'number')
        return { spec: { kind: 'integer', min: lo, max: hi }, guessed: false };
      if (QUANTITY.test(name)) return { spec: { kind: 'integer', min: 1, max: 10 }, guessed: true };
      if (/\byear\b/.test(name)) return { spec: { kind: 'integer', min: 1990, max: 2025 }, guessed: true };
      if (/\bage\b/.test(name)) return { spec: { kind: 'integer', min: 18, max: 90 }, guessed: true };
      return { spec: { kind: 'integer', min: 0, max: Math.min(1000, info.maxInt ?? 1000) }, guessed: false };
    }
    case 'decimal':
    case 'float': {
      const round = info.family === 'decimal' ? (info.scale ?? 2) : 2;
      // NUMERIC(p, s) holds less than 10^(p−s)
      const limit =
        info.precision === undefined
          ? Number.POSITIVE_INFINITY
          : 10 ** (info.precision - round) - 10 ** -round;
      if (typeof lo === 'number' && typeof hi === 'number') {
        return { spec: { kind: 'number', min: lo, max: hi, round }, guessed: false };
      }
      if (MONEY.test(name))
        return {
          spec: { kind: 'number', min: Math.min(1, limit), max: Math.min(500, limit), round },
          guessed: true,
        };
      return { spec: { kind: 'number', min: 0, max: Math.min(1000, limit), round }, guessed: false };
    }
    case 'date':
    case 'datetime': {
      const kind = info.family;
      const text = (v: string | number | undefined) =>
        typeof v === 'string' ? dateText(v, kind === 'date') : undefined;
      const min = text(lo);
      const max = text(hi);
      const format = kind === 'datetime' ? { format: 'YYYY-MM-DD HH:mm:ss' } : {};
      if (min && max) return { spec: { kind, min, max, ...format }, guessed: false };
      if (BIRTH.test(name))
        return { spec: { kind: 'date', min: '1945-01-01', max: '2005-12-31' }, guessed: true };
      return { spec: { kind, min: '2020-01-01', max: '2025-12-31', ...format }, guessed: false };
    }
    case 'time':
      return {
        spec: {
          kind: 'datetime',
          min: '2024-01-01T00:00:00Z',
          max: '2024-01-01T23:59:59Z',
          format: 'HH:mm:ss',
        },
        guessed: false,
      };
    case 'uuid':
      return { spec: { kind: 'fake', method: 'string.uuid' }, guessed: false };
    case 'json':
      return {
        spec: { kind: 'category', values: ['{}'] },
        guessed: false,
        note: 'JSON: write its fields with kind: object',
      };
    case 'binary':
      return { spec: { kind: 'pattern', pattern: '********' }, guessed: false, note: 'binary data: review' };
    case 'other':
      return {
        spec: { kind: 'pattern', pattern: '*'.repeat(10) },
        guessed: false,
        note: `${declared}: trainkit makes no values of this type; created as text: review`,
        untyped: true,
      };
    case 'text': {
      const guess = textGuess(words, table);
      if (guess) return { spec: guess, guessed: true };
      const n = info.length;
      if (n !== undefined && n <= 4)
        return { spec: { kind: 'pattern', pattern: '?'.repeat(n) }, guessed: false };
      if (n !== undefined && n < 40) return { spec: { kind: 'fake', method: 'lorem.word' }, guessed: false };
      return { spec: { kind: 'fake', method: 'lorem.sentence' }, guessed: false };
    }
  }
}

/** A database's date or date-time text as the spec writes it: `YYYY-MM-DD` or ISO with Z. */
function dateText(v: string, dateOnly: boolean): string | undefined {
  const m = /^(\d{4}-\d{2}-\d{2})(?:[ T](\d{2}:\d{2}:\d{2}))?/.exec(v);
  if (!m) return undefined;
  return dateOnly || !m[2] ? m[1] : `${m[1]}T${m[2]}Z`;
}
