import { dateRecognizer } from '../dates/index.js';
import type { Recognizer } from '../recognizer.js';
import { addressRecognizer } from './address-recognizer.js';
import { locationRecognizer } from './location-recognizer.js';
import { nameRecognizer } from './name-recognizer.js';
import { organizationRecognizer } from './organization-recognizer.js';
import { phoneNationalRecognizer } from './pattern-phone-national.js';
import { patternRecognizers } from './pattern-recognizers.js';

export { addressRecognizer, locationRecognizer, nameRecognizer, organizationRecognizer, patternRecognizers };

/**
 * The default recognizers: validated patterns, dates, and the lexicon recognizers for names,
 * places, organisations and addresses.
 *
 * @example
 * const detector = new Detector({ recognizers: defaultRecognizers() });
 */
export function defaultRecognizers(): Recognizer[] {
  return [
    ...patternRecognizers,
    phoneNationalRecognizer,
    dateRecognizer,
    nameRecognizer(),
    locationRecognizer(),
    organizationRecognizer(),
    addressRecognizer(),
  ];
}
