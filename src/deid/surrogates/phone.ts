import type { Rng } from '../../random/index.js';
import type { OperatorServices } from '../operator.js';
import { formatPreserving } from './generic.js';
import { digitsOf, fillDigits, randomDigits, unlike } from './shape.js';

/** How many leading digits are the country code, kept as written: "+44 20…" keeps 44. */
function countryDigits(original: string, digits: string): number {
  const plus = /^\s*\+\s*(\d+)/.exec(original);
  if (plus !== null) {
    const run = plus[1]!.length;
    if (run <= 3) return run;
    // "+14155550123": no separator says where the code ends; 1 (NANP) and 7 are one digit, most are two
    return digits[0] === '1' || digits[0] === '7' ? 1 : 2;
  }
  // "1-800-…": a leading trunk 1 before a ten-digit North American number
  return digits.length === 11 && digits[0] === '1' ? 1 : 0;
}

/** Random digits for the national number; NANP numbers keep area code and exchange valid. */
function nationalDigits(rng: Rng, length: number, nanp: boolean, trunkZero: boolean): string {
  if (nanp) {
    let area: string;
    do area = String(rng.int(2, 9)) + randomDigits(rng, 2);
    while (area.endsWith('11'));
    let exchange: string;
    do exchange = String(rng.int(2, 9)) + randomDigits(rng, 2);
    while (exchange.endsWith('11'));
    return area + exchange + randomDigits(rng, 4);
  }
  // a national number keeps its trunk 0 ("020 7946 0958") and never starts another with 0
  if (trunkZero) return `0${String(rng.int(1, 9))}${randomDigits(rng, length - 2)}`.slice(0, length);
  return length === 0 ? '' : String(rng.int(1, 9)) + randomDigits(rng, length - 1);
}

/**
 * A phone or fax number with the same characters around the digits and the same number of digits;
 * a leading "+country code" or trunk 1 stays, North American numbers keep a valid area code and
 * exchange (first digit 2–9, not N11). Keyed on the digits alone, so "(415) 555-0134" and
 * "415.555.0134" get the same new number.
 */
export function phoneSurrogate(original: string, services: OperatorServices): string {
  const digits = digitsOf(original);
  if (digits.length === 0) return formatPreserving('PHONE', original, services);
  const rng = services.rngFor('surrogate/PHONE', digits);
  const kept = countryDigits(original, digits);
  const national = digits.length - kept;
  const nanp =
    national === 10 &&
    /[2-9]/.test(digits[kept]!) &&
    (kept === 0 ? !/^\s*\+/.test(original) : digits[0] === '1');
  const trunkZero = kept === 0 && digits[0] === '0';
  const made = unlike(
    digits,
    rng,
    (r) => digits.slice(0, kept) + nationalDigits(r, national, nanp, trunkZero),
  );
  return fillDigits(original, made);
}
