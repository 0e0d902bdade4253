import type { Recognizer } from '../recognizer.js';
import { ageRecognizer } from './pattern-age.js';
import { apiKeyRecognizer } from './pattern-api-keys.js';
import { passwordRecognizer, usernameRecognizer } from './pattern-credentials.js';
import { deviceRecognizer } from './pattern-device.js';
import { driverLicenseRecognizer, licenseRecognizer, passportRecognizer } from './pattern-licences.js';
import {
  emailRecognizer,
  ipAddressRecognizer,
  macAddressRecognizer,
  urlRecognizer,
} from './pattern-network.js';
import {
  creditCardRecognizer,
  ibanRecognizer,
  npiRecognizer,
  routingRecognizer,
  ssnRecognizer,
} from './pattern-numbers.js';
import { phoneRecognizer } from './pattern-phone.js';
import {
  accountRecognizer,
  healthPlanRecognizer,
  idRecognizer,
  mrnRecognizer,
} from './pattern-record-ids.js';
import { vehicleRecognizer } from './pattern-vehicle.js';
import { zipRecognizer } from './pattern-zip.js';

export {
  accountRecognizer,
  ageRecognizer,
  apiKeyRecognizer,
  creditCardRecognizer,
  deviceRecognizer,
  driverLicenseRecognizer,
  emailRecognizer,
  healthPlanRecognizer,
  ibanRecognizer,
  idRecognizer,
  ipAddressRecognizer,
  licenseRecognizer,
  macAddressRecognizer,
  mrnRecognizer,
  npiRecognizer,
  passportRecognizer,
  passwordRecognizer,
  phoneRecognizer,
  routingRecognizer,
  ssnRecognizer,
  urlRecognizer,
  usernameRecognizer,
  vehicleRecognizer,
  zipRecognizer,
};

/**
 * The validated pattern recognizers, one per entity family: structured identifiers found by their
 * shape, a checksum or the label written before them. Scores follow one convention: a validated,
 * unambiguous shape scores 0.85–1; a shape that needs context scores 0.3–0.45 and passes the
 * pipeline's threshold only when a context word is near; a value read after its own label carries
 * that context already. Names, places, organisations, street addresses and dates are not here.
 *
 * @example
 * const ctx = { lower: text.toLowerCase() };
 * const spans = patternRecognizers.flatMap((r) => r.detect(text, ctx));
 */
export const patternRecognizers: Recognizer[] = [
  emailRecognizer,
  urlRecognizer,
  ipAddressRecognizer,
  macAddressRecognizer,
  phoneRecognizer,
  ssnRecognizer,
  creditCardRecognizer,
  ibanRecognizer,
  routingRecognizer,
  npiRecognizer,
  mrnRecognizer,
  healthPlanRecognizer,
  accountRecognizer,
  licenseRecognizer,
  vehicleRecognizer,
  deviceRecognizer,
  passportRecognizer,
  driverLicenseRecognizer,
  usernameRecognizer,
  passwordRecognizer,
  apiKeyRecognizer,
  zipRecognizer,
  ageRecognizer,
  idRecognizer,
];
