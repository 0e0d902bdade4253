/**
 * A direct identifier or PII type a column holds, found by its name and by its values, and the
 * faker method that makes values of the same format in its place.
 */
export interface SemanticType {
  readonly type: string;
  /** The faker method that replaces the real values. */
  readonly method: string;
  /** How it was recognised, for the spec's comment. */
  readonly by: 'name' | 'values' | 'name and values';
}

interface Rule {
  readonly type: string;
  readonly method: string;
  /** a column name that says what it holds (matched on the name in snake case) */
  readonly name?: RegExp;
  /** a value of this type; a column is of the type when nearly all its values match */
  readonly value?: RegExp;
  /** the name alone is not enough: values must match too */
  readonly needsValues?: boolean;
}

// most specific first; names are matched in snake case (CustomerEmail → customer_email)
const RULES: readonly Rule[] = [
  {
    type: 'email',
    method: 'internet.email',
    name: /(^|_)e_?mail(_address)?$/,
    value: /^[^@\s]+@[^@\s]+\.[A-Za-z]{2,}$/,
  },
  {
    type: 'uuid',
    method: 'string.uuid',
    value: /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i,
  },
  { type: 'url', method: 'internet.url', name: /(^|_)(url|website|homepage)$/, value: /^https?:\/\/\S+$/ },
  {
    type: 'ip_address',
    method: 'internet.ipv4',
    name: /(^|_)ip(_address)?$/,
    value: /^(\d{1,3}\.){3}\d{1,3}$/,
  },
  {
    type: 'phone',
    method: 'phone.number',
    name: /(^|_)(phone|fax|mobile|cell|telephone|tel)(_number|_no)?$/,
    value: /^(?=(?:\D*\d){7,15}\D*$)\+?[\d\s().-]{7,24}$/,
    needsValues: false,
  },
  { type: 'ssn', method: 'string.numeric', name: /(^|_)(ssn|social_security(_number)?)$/ },
  {
    type: 'credit_card',
    method: 'finance.creditCardNumber',
    name: /(^|_)(credit_?card|card_number|cc_number)$/,
  },
  { type: 'iban', method: 'finance.iban', name: /(^|_)iban$/ },
  { type: 'first_name', method: 'person.firstName', name: /(^|_)(first|given|fore)_?name$/ },
  { type: 'last_name', method: 'person.lastName', name: /(^|_)(last|family|sur)_?name$|^surname$/ },
  {
    type: 'full_name',
    method: 'person.fullName',
    name: /(^|_)(full_?name|(customer|client|employee|patient|person|user|contact|member|student|author|owner)_?name)$/,
  },
  { type: 'username', method: 'internet.username', name: /(^|_)(user_?name|login|handle)$/ },
  {
    type: 'street_address',
    method: 'location.streetAddress',
    name: /(^|_)(street|address|address_?line_?\d?|street_address|addr)$/,
  },
  { type: 'postal_code', method: 'location.zipCode', name: /(^|_)(zip|zip_?code|postal_?code|postcode)$/ },
  { type: 'company', method: 'company.name', name: /(^|_)(company|company_name|employer|organi[sz]ation)$/ },
  {
    type: 'birth_date',
    method: 'date.birthdate',
    name: /(^|_)(birth_?date|date_of_birth|dob)$/,
  },
];

/** Tables whose rows are people: a bare `name` column of such a table is a person's name. */
const PEOPLE =
  /^(customers?|clients?|employees?|patients?|persons?|people|users?|contacts?|members?|students?|authors?|staff|artists?)$/;

/** `CustomerEmail` → `customer_email`. */
export function snakeCase(name: string): string {
  return name
    .replace(/([a-z0-9])([A-Z])/g, '$1_$2')
    .replace(/([A-Z]+)([A-Z][a-z])/g, '$1_$2')
    .replace(/[^A-Za-z0-9]+/g, '_')
    .toLowerCase();
}

/**
 * The PII type of a column, by its name and its values: e-mail addresses, UUIDs, URLs, IP
 * addresses, phone numbers, national and card numbers, person names, user names, street
 * addresses, postal codes, company names and birth dates. A name rule alone is enough except
 * where the values must agree (a `phone` column of numbers that are not phone-shaped is not one).
 *
 * @example
 * detectSemanticType('CustomerEmail', ['ann@example.com'], 'customers')?.method; // 'internet.email'
 */
export function detectSemanticType(
  column: string,
  values: readonly string[],
  table = '',
): SemanticType | undefined {
  const name = snakeCase(column);
  const share = (re: RegExp) => {
    if (values.length === 0) return 0;
    let hits = 0;
    for (const v of values) if (re.test(v)) hits++;
    return hits / values.length;
  };
  for (const rule of RULES) {
    const byName = rule.name?.test(name) ?? false;
    const byValue = rule.value ? share(rule.value) >= 0.95 : false;
    // phone-shaped values alone are too common (codes, amounts): the name must say so too
    if (rule.type === 'phone' && !byName) continue;
    // a phone column by name holds numbers of seven digits or more, however they are written
    if (byName && rule.type === 'phone' && values.length && share(/^(?:\D*\d){7}/) < 0.8) continue;
    if (byName || byValue)
      return {
        type: rule.type,
        method: rule.method,
        by: byName && byValue ? 'name and values' : byName ? 'name' : 'values',
      };
  }
  if (name === 'name' && PEOPLE.test(snakeCase(table))) {
    const personLike = share(/^\p{Lu}[\p{L}'.-]*( \p{Lu}[\p{L}'.-]*){1,3}$/u) >= 0.8;
    if (personLike) return { type: 'full_name', method: 'person.fullName', by: 'name and values' };
  }
  return undefined;
}
