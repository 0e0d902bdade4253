import { vinValid } from '../checksums.js';
import type { Recognizer } from '../recognizer.js';
import type { Span } from '../types.js';
import { labelledRecognizer, matchAt } from './pattern-labelled.js';
import { textRuns } from './pattern-scan.js';
import {
  countDigits,
  countLetters,
  LABEL_BOOST,
  labelRegex,
  looksLikeQuantity,
  span,
} from './pattern-support.js';

// seventeen VIN characters as a whole word; upper case only, as VINs are printed
const BARE_VIN = /(?<![A-Za-z0-9])[A-HJ-NPR-Z0-9]{17}(?![A-Za-z0-9])/g;
const VIN_AT = /[A-HJ-NPR-Z0-9]{17}(?![A-Za-z0-9])/iy;
// a plate: up to eight letters and digits, optionally in two groups (ABC 1234, 7-ABC-123)
const PLATE_AT = /[A-Za-z0-9]{1,8}(?:[ -][A-Za-z0-9]{1,4}){0,2}(?![A-Za-z0-9])/y;
const VIN_LABEL = /^(?:vin|vehicle identification|chassis)/;
// a plate screwed to a bone is measured: "plate 3.5 mm", "plate 4 holes"
const MEASURED = /\d[ -]?(?:mm|cm|m|in|holes?)$/i;

function bareVins(text: string): Span[] {
  const found: Span[] = [];
  if (textRuns(text).maxAlnum < 17) return found;
  for (const m of text.matchAll(BARE_VIN)) {
    const vin = m[0];
    if (countLetters(vin) > 0 && countDigits(vin) > 0 && vinValid(vin)) {
      found.push(span(m.index, m.index + 17, 'VEHICLE', 0.9, 'vehicle'));
    }
  }
  return found;
}

/**
 * Vehicle identifiers: any VIN whose check digit holds, a VIN-shaped value after "VIN" (European
 * VINs carry no check digit), and licence plates after "license plate", "plate", "tag number".
 */
export const vehicleRecognizer: Recognizer = labelledRecognizer({
  name: 'vehicle',
  type: 'VEHICLE',
  labels: labelRegex([
    'vin',
    'vin number',
    'vehicle identification number',
    'chassis number',
    'license plate',
    'licence plate',
    'number plate',
    'registration plate',
    'plate number',
    'plate no',
    'plate #',
    'plate',
    'plates',
    'tag number',
    'tag no',
    'tag #',
    'license tag',
    'vehicle tag',
  ]),
  bare: bareVins,
  context: ['vin', 'vehicle', 'license plate', 'plate', 'tag number', 'car'],
  read(text, hit) {
    if (VIN_LABEL.test(hit.label)) {
      const vin = matchAt(VIN_AT, text, hit.at);
      if (vin === undefined || countDigits(vin) === 0) return undefined;
      return { end: hit.at + 17, score: vinValid(vin) ? 0.95 : 0.45 + LABEL_BOOST };
    }
    const plate = matchAt(PLATE_AT, text, hit.at);
    if (plate === undefined) return undefined;
    const compact = plate.replace(/[ -]/g, '');
    // plates mix letters and digits; "plate 3.5 mm" or "plate and screws" are orthopaedics
    if (compact.length < 4 || compact.length > 8 || countDigits(compact) === 0) return undefined;
    if (countLetters(compact) === 0 || looksLikeQuantity(compact) || MEASURED.test(plate)) return undefined;
    return { end: hit.at + plate.length, score: 0.4 + LABEL_BOOST };
  },
});
