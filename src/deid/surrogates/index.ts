import type { OperatorServices } from '../operator.js';
import { addressSurrogate } from './address.js';
import { ageSurrogate } from './age.js';
import { dateSurrogate } from './date.js';
import { emailSurrogate } from './email.js';
import { creditCardSurrogate, ibanSurrogate, routingSurrogate } from './financial.js';
import { formatPreserving } from './generic.js';
import { locationSurrogate } from './location.js';
import { npiSurrogate, ssnSurrogate } from './national-id.js';
import { ipSurrogate, macSurrogate, urlSurrogate } from './network.js';
import { organizationSurrogate } from './organization.js';
import { personSurrogate } from './person.js';
import { phoneSurrogate } from './phone.js';
import { zipSurrogate } from './postal.js';
import type { SurrogateContext, SurrogateFn } from './surrogate.js';

export { generalizeAge } from './age.js';
export { DEFAULT_MAX_SHIFT_DAYS, dateShiftDays, shiftDatesIn } from './date.js';
export type { SurrogateContext, SurrogateFn } from './surrogate.js';

/** The entity families with a surrogate of their own; every other type gets a format-preserving one. */
const surrogates: Readonly<Record<string, SurrogateFn>> = {
  PERSON: personSurrogate,
  DATE: dateSurrogate,
  PHONE: phoneSurrogate,
  FAX: phoneSurrogate,
  EMAIL: emailSurrogate,
  CREDIT_CARD: creditCardSurrogate,
  SSN: ssnSurrogate,
  IBAN: ibanSurrogate,
  ROUTING: routingSurrogate,
  NPI: npiSurrogate,
  ZIP: zipSurrogate,
  IP_ADDRESS: ipSurrogate,
  MAC_ADDRESS: macSurrogate,
  URL: urlSurrogate,
  LOCATION: locationSurrogate,
  ADDRESS: addressSurrogate,
  ORGANIZATION: organizationSurrogate,
  AGE: ageSurrogate,
};

/** The entity types with a type-specific surrogate (the rest are format-preserving). */
export const surrogateTypes: readonly string[] = Object.keys(surrogates);

/**
 * A realistic stand-in for one entity, of the same type and format: a deterministic function of
 * the key, the type and the value (case and accents aside), so a value gets the same surrogate
 * everywhere in a run and in every run with the same key. Dates move by the document's (or the
 * subject's) keyed shift. Checksummed identifiers (cards, IBANs, SSNs, NPIs, routing numbers) stay
 * valid; other identifiers keep their shape: digits for digits, letters for letters.
 *
 * @example
 * const services = new KeyServices(key);
 * surrogate('PERSON', 'Maria Gomez', services); // e.g. 'Janet Cole'
 * surrogate('PERSON', 'Ms. Gomez', services); // then 'Ms. Cole'
 */
export function surrogate(
  type: string,
  original: string,
  services: OperatorServices,
  context: SurrogateContext = {},
): string {
  if (original.trim() === '') return original;
  const make = surrogates[type];
  return make === undefined ? formatPreserving(type, original, services) : make(original, services, context);
}
