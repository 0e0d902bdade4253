import type { Rng } from '../../random/index.js';
import { abaValid, luhn } from '../checksums.js';
import type { OperatorServices } from '../operator.js';
import { formatPreserving } from './generic.js';
import { digitsOf, fillDigits, randomDigits, reshape, unlike } from './shape.js';

/** The digit 0–9 that makes `valid(prefix + d)` true (every check-digit scheme here has one). */
function checkDigit(prefix: string, valid: (s: string) => boolean): string {
  for (let d = 0; d <= 9; d++) if (valid(prefix + d)) return String(d);
  return '0';
}

/** A card number's issuer digits: the first, and the second where it names the network. */
function cardPrefix(digits: string, rng: Rng): string {
  const first = digits[0]!;
  // Mastercard is 51–55; 34/37 (Amex), 36/38 (Diners) and 35 (JCB) differ in the second digit
  if (first === '5') return `5${rng.int(1, 5)}`;
  if (first === '3') return digits.slice(0, 2);
  return first;
}

/**
 * A payment card number of the same length, grouping and network (first digit) that passes the
 * Luhn check and differs from the original.
 */
export function creditCardSurrogate(original: string, services: OperatorServices): string {
  const digits = digitsOf(original);
  if (digits.length < 2) return formatPreserving('CREDIT_CARD', original, services);
  const rng = services.rngFor('surrogate/CREDIT_CARD', digits);
  const made = unlike(digits, rng, (r) => {
    const prefix = cardPrefix(digits, r).slice(0, digits.length - 1);
    const body = prefix + randomDigits(r, digits.length - 1 - prefix.length);
    return body + checkDigit(body, luhn);
  });
  return fillDigits(original, made);
}

/** ISO 7064 mod 97 of an IBAN-style string (letters count as 10–35). */
function mod97(s: string): number {
  let rem = 0;
  for (const ch of s) {
    const c = ch.charCodeAt(0);
    rem = c <= 57 ? (rem * 10 + (c - 48)) % 97 : (rem * 100 + (c - 55)) % 97;
  }
  return rem;
}

/**
 * An IBAN of the same country, length, grouping and letter case, with a new account part
 * (digits for digits, letters for letters) and check digits that make it valid again.
 */
export function ibanSurrogate(original: string, services: OperatorServices): string {
  const compact = original.replace(/[^A-Za-z0-9]/g, '').toUpperCase();
  if (!/^[A-Z]{2}\d{2}[A-Z0-9]+$/.test(compact)) return formatPreserving('IBAN', original, services);
  const rng = services.rngFor('surrogate/IBAN', compact);
  const country = compact.slice(0, 2);
  const made = unlike(compact, rng, (r) => {
    const bban = reshape(compact.slice(4), r);
    const check = String(98 - mod97(`${bban}${country}00`)).padStart(2, '0');
    return country + check + bban;
  });
  // put the new characters back into the original layout, in its case
  let i = 0;
  const out = original.replace(/[A-Za-z0-9]/g, (ch) => {
    const c = made[i++]!;
    return ch === ch.toLowerCase() ? c.toLowerCase() : c;
  });
  return out;
}

const ROUTING_PREFIXES = [
  1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 21, 22, 23, 24, 25, 26, 27, 28, 29, 30, 31, 32,
];

/**
 * An ABA routing number: the original's Federal Reserve district prefix (when it has a valid one),
 * six new digits and the check digit that makes it valid.
 */
export function routingSurrogate(original: string, services: OperatorServices): string {
  const digits = digitsOf(original);
  if (digits.length !== 9) return formatPreserving('ROUTING', original, services);
  const rng = services.rngFor('surrogate/ROUTING', digits);
  const kept = abaValid(digits) ? digits.slice(0, 2) : undefined;
  const made = unlike(digits, rng, (r) => {
    const body = (kept ?? String(r.pick(ROUTING_PREFIXES)).padStart(2, '0')) + randomDigits(r, 6);
    return body + checkDigit(body, abaValid);
  });
  return fillDigits(original, made);
}
