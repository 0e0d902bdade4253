import { npiValid, ssnValid } from '../checksums.js';
import type { OperatorServices } from '../operator.js';
import { formatPreserving } from './generic.js';
import { digitsOf, fillDigits, randomDigits, unlike } from './shape.js';

/**
 * A US Social Security number the SSA could issue (area 001–899 but not 666, group 01–99, serial
 * 0001–9999), written in the original's format (dashes, spaces or none).
 */
export function ssnSurrogate(original: string, services: OperatorServices): string {
  const digits = digitsOf(original);
  if (digits.length !== 9) return formatPreserving('SSN', original, services);
  const rng = services.rngFor('surrogate/SSN', digits);
  const made = unlike(digits, rng, (r) => {
    let ssn: string;
    do {
      let area: number;
      do area = r.int(1, 899);
      while (area === 666);
      ssn =
        String(area).padStart(3, '0') +
        String(r.int(1, 99)).padStart(2, '0') +
        String(r.int(1, 9999)).padStart(4, '0');
    } while (!ssnValid(ssn));
    return ssn;
  });
  return fillDigits(original, made);
}

/** A National Provider Identifier: same first digit (1 or 2), new body, valid check digit. */
export function npiSurrogate(original: string, services: OperatorServices): string {
  const digits = digitsOf(original);
  if (digits.length !== 10) return formatPreserving('NPI', original, services);
  const rng = services.rngFor('surrogate/NPI', digits);
  const first = digits[0] === '2' ? '2' : '1';
  const made = unlike(digits, rng, (r) => {
    const body = first + randomDigits(r, 8);
    for (let d = 0; d <= 9; d++) if (npiValid(body + d)) return body + d;
    return `${body}0`;
  });
  return fillDigits(original, made);
}
