import { findDates } from '../dates/index.js';
import type { OperatorInput } from '../operator.js';
import { generalizeAge } from '../surrogates/index.js';
import type { OperatorDefinition } from './operator-options.js';
import { redactLabel } from './redact.js';

/** Three-digit ZIP prefixes with 20,000 people or fewer (HHS list from 2000 census data). */
const RESTRICTED_ZIP3 = new Set([
  '036',
  '059',
  '063',
  '102',
  '203',
  '556',
  '692',
  '790',
  '821',
  '823',
  '830',
  '831',
  '878',
  '879',
  '884',
  '890',
  '893',
]);

/**
 * A ZIP code as HIPAA Safe Harbor allows it: the first three digits then `00` (ZIP+4 drops its
 * four), or `00000` where the three-digit area holds 20,000 people or fewer; a bare three-digit
 * prefix stays unless restricted (`000`). Anything else is redacted.
 *
 * @example
 * generalizeZip('02139-4307'); // '02100'
 */
export function generalizeZip(text: string): string {
  const m = /^(\d{3})(\d{2}(?:[- ]?\d{4})?)?$/.exec(text.trim());
  if (m === null) return redactLabel('ZIP');
  const zip3 = RESTRICTED_ZIP3.has(m[1]!) ? '000' : m[1]!;
  return m[2] === undefined ? zip3 : `${zip3}00`;
}

/** The year of the date in `text`, or a redaction when it names no year. */
function dateYear(text: string): string {
  const years = findDates(text).flatMap((d) => (d.year === undefined ? [] : [d.year]));
  return years.length === 1 ? String(years[0]) : redactLabel('DATE');
}

const GENERALIZERS: Readonly<Record<string, (text: string) => string>> = {
  AGE: generalizeAge,
  ZIP: generalizeZip,
  DATE: dateYear,
};

/**
 * `generalize` (HIPAA Safe Harbor): ages over 89 become `90+` ("92 years old" → "90+ years old"),
 * ZIP codes their first three digits plus `00` (`000` prefixes for sparsely populated areas),
 * dates their year; addresses, places and every other type are redacted.
 *
 * @example
 * createOperator('generalize', {}); // "03/14/2024" → "2024", "02139" → "02100", "92" → "90+"
 */
export const generalize: OperatorDefinition = {
  name: 'generalize',
  options: [],
  create: () => ({
    name: 'generalize',
    apply: ({ text, span }: OperatorInput) =>
      (GENERALIZERS[span.type] ?? (() => redactLabel(span.type)))(text),
  }),
};
