import type { DbTable } from '../schema/index.js';
import { typeFamily } from './db-types.js';
import type { Policy } from './policy.js';

/** What happens to a column: kept, one entity per value, or free text through detection. */
export type ColumnRule =
  | { readonly action: 'keep'; readonly why: string }
  | { readonly action: 'entity'; readonly type: string; readonly why: string }
  | { readonly action: 'text'; readonly why: string };

// column names (lower case, without _ and -) that say what a whole value is
const NAME_GUESSES: readonly [RegExp, string][] = [
  [/e?mail/, 'EMAIL'],
  [/fax/, 'FAX'],
  [/phone|mobile|cellular|telephone/, 'PHONE'],
  [
    /^(first|last|middle|given|family|full|maiden|contact|sur)name$|^surname$|^(customer|patient|person)name$/,
    'PERSON',
  ],
  [/address|street/, 'ADDRESS'],
  [/postalcode|postcode|zipcode|^zip$|zip$/, 'ZIP'],
  [/city|town/, 'LOCATION'],
  [/^(company|employer|organi[sz]ation)(name)?$/, 'ORGANIZATION'],
  [/^ssn$|socialsecurity/, 'SSN'],
  [/birthdate|dateofbirth|^dob$|birthday/, 'DATE'],
  [/^(ip|ipaddress)$/, 'IP_ADDRESS'],
  [/^(url|website|homepage)$/, 'URL'],
];

/** The entity type a column's name suggests, if any. */
export function guessEntity(column: string): string | undefined {
  const n = column.toLowerCase().replace(/[_\s-]/g, '');
  return NAME_GUESSES.find(([re]) => re.test(n))?.[1];
}

const TEXTUAL = new Set(['varchar', 'text']);
const DATED = new Set(['date', 'timestamp', 'timestamptz']);

/** A policy's column rule (`text`, `keep` or an entity type) for `table.column`, or for the bare column name. */
function policyRule(policy: Policy, table: string, column: string): string | undefined {
  const c = policy.columns;
  return c[`${table}.${column}`] ?? c[column];
}

/**
 * Decides, for every column of a table, what de-identification does to it:
 * 1. the policy's `columns` (keyed `table.column` or `column`) win;
 * 2. a foreign key takes the rule of the key it refers to, so joins still match;
 * 3. a column whose name says what it holds (email, phone, first_name, address, city, zip…) is
 *    one entity per value;
 * 4. other text columns are free text (detection runs) when long enough to hold a sentence
 *    (unbounded, or 40 characters or more) and a sample of their values has spaces;
 * 5. everything else, integer surrogate keys included, is kept.
 * `sampleHasSpaces` reports, for a text column, whether its sampled values read like prose.
 */
export function columnRules(
  table: DbTable,
  policy: Policy,
  parentRule: (column: string) => ColumnRule | undefined,
  sampleHasSpaces: (column: string) => boolean,
): Map<string, ColumnRule> {
  const rules = new Map<string, ColumnRule>();
  for (const col of table.columns) {
    const named = policyRule(policy, table.name, col.name);
    const { family, size } = typeFamily(col.type);
    if (named !== undefined) {
      const lower = named.toLowerCase();
      rules.set(
        col.name,
        lower === 'keep'
          ? { action: 'keep', why: 'policy' }
          : lower === 'text'
            ? { action: 'text', why: 'policy' }
            : { action: 'entity', type: named.toUpperCase(), why: 'policy' },
      );
      continue;
    }
    const inherited = parentRule(col.name);
    if (inherited) {
      rules.set(col.name, { ...inherited, why: 'foreign key' } as ColumnRule);
      continue;
    }
    const textual = TEXTUAL.has(family);
    const guess = guessEntity(col.name);
    if (guess && (textual || (guess === 'DATE' && DATED.has(family)))) {
      rules.set(col.name, { action: 'entity', type: guess, why: 'column name' });
      continue;
    }
    const long = family === 'text' || Number(size ?? 0) >= 40;
    if (textual && long && sampleHasSpaces(col.name)) {
      rules.set(col.name, { action: 'text', why: 'free text' });
      continue;
    }
    rules.set(col.name, { action: 'keep', why: textual ? 'short text' : family });
  }
  return rules;
}
