import { dateRecognizer } from '../dates/index.js';
import type { Recognizer } from '../recognizer.js';
import { taggerRecognizer } from '../tagger/tagger.js';
import { addressRecognizer } from './address-recognizer.js';
import { locationRecognizer } from './location-recognizer.js';
import { nameRecognizer } from './name-recognizer.js';
import { organizationRecognizer } from './organization-recognizer.js';
import { phoneNationalRecognizer } from './pattern-phone-national.js';
import { patternRecognizers } from './pattern-recognizers.js';

export { addressRecognizer, locationRecognizer, nameRecognizer, organizationRecognizer, patternRecognizers };

export interface DefaultRecognizerOptions {
  /** Add the learned name, place and organisation tagger (default true). */
  readonly tagger?: boolean;
}

/**
 * The default recognizers: validated patterns, dates, the lexicon recognizers for names, places,
 * organisations and addresses, and the learned tagger beside them (its model is read on the first
 * text). The lexicons catch what their lists and cues know; the tagger catches names and places
 * they do not list, from context.
 *
 * @example
 * const detector = new Detector({ recognizers: defaultRecognizers() });
 */
export function defaultRecognizers(options: DefaultRecognizerOptions = {}): Recognizer[] {
  return [
    ...patternRecognizers,
    phoneNationalRecognizer,
    dateRecognizer,
    nameRecognizer(),
    locationRecognizer(),
    organizationRecognizer(),
    addressRecognizer(),
    ...(options.tagger === false ? [] : [taggerRecognizer()]),
  ];
}
