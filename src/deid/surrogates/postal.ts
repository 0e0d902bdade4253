import type { OperatorServices } from '../operator.js';
import { formatPreserving } from './generic.js';
import { fillDigits, randomDigits, unlike } from './shape.js';

const ZIP = /^(\d{5})(?:([- ]?)(\d{4}))?$/;

/**
 * A US ZIP code in the same format (5 digits or ZIP+4). The five digits are keyed on the original
 * five alone, so "02118" and "02118-3456" share their new five digits.
 */
export function zipSurrogate(original: string, services: OperatorServices): string {
  const m = ZIP.exec(original.trim());
  if (m === null) return formatPreserving('ZIP', original, services);
  const five = m[1]!;
  // no ZIP code starts below 010 outside a few Puerto Rico and military ranges
  const zip = unlike(
    five,
    services.rngFor('surrogate/ZIP', five),
    (r) => String(r.int(10, 999)).padStart(3, '0') + randomDigits(r, 2),
  );
  const plus4 = m[3] === undefined ? '' : randomDigits(services.rngFor('surrogate/ZIP+4', five + m[3]), 4);
  return fillDigits(original, zip + plus4);
}
