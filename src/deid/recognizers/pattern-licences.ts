import { deaValid } from '../checksums.js';
import type { Recognizer } from '../recognizer.js';
import type { Span } from '../types.js';
import { labelledRecognizer, matchAt, readCode } from './pattern-labelled.js';
import { textRuns } from './pattern-scan.js';
import { LABEL_BOOST, labelRegex, span } from './pattern-support.js';

const CODE_BASE = 0.4;

// DEA registrant letters, then the first letter of the registrant's surname or 9 for a business
const BARE_DEA = /(?<![A-Za-z0-9])[ABCDEFGHJKLMPRSTUX][A-Z9]\d{7}(?![A-Za-z0-9])/g;
const DEA_SHAPE = /[A-Za-z][A-Za-z9]\d{7}(?![A-Za-z0-9])/y;

/** The commonest shapes of US driver's licence numbers, once dashes and spaces are removed. */
const DL_SHAPE = /^(?:[A-Z]\d{6,14}|[A-Z]\d{3}[A-Z]\d{5}|\d{7,9}|\d{12,13})$/i;

// "license"/"licence" headed by one of these is a professional licence, never a driver's licence
const PROFESSIONAL =
  /(?<![a-z])(?:medical|nursing|state|professional|pharmacy|pharmacist|business|contractor|dea|board|practice|physician|provider|rn|md)[ \t-]{1,2}$/;

/** Whether a run of seven digits, or eight (the business 9 and seven), follows a capital letter. */
function mayHoldDea(text: string): boolean {
  const runs = textRuns(text);
  for (let k = 0; k < runs.count; k++) {
    const length = runs.ends[k]! - runs.starts[k]!;
    const before = text.charCodeAt(runs.starts[k]! - 1);
    if ((length === 7 || length === 8) && before >= 65 && before <= 90) return true;
  }
  return false;
}

function bareDea(text: string): Span[] {
  const found: Span[] = [];
  if (!mayHoldDea(text)) return found;
  for (const m of text.matchAll(BARE_DEA)) {
    if (deaValid(m[0])) found.push(span(m.index, m.index + m[0].length, 'LICENSE', 0.45, 'license'));
  }
  return found;
}

/**
 * Professional licence and certificate numbers: "License #: RN123456", "DEA: AB1234563",
 * "Certificate No. 2019-55412". Driver's licences and licence plates are left to their recognizers.
 */
export const licenseRecognizer: Recognizer = labelledRecognizer({
  name: 'license',
  type: 'LICENSE',
  labels: labelRegex([
    'license',
    'licence',
    'license number',
    'licence number',
    'license id',
    'lic',
    'lic no',
    'certificate',
    'certificate number',
    'certificate no',
    'cert',
    'cert no',
    'certification',
    'certification number',
    'registration number',
    'registration no',
    'dea',
    'dea number',
    'dea no',
  ]),
  labelOk(lower, start, end) {
    const before = lower.slice(Math.max(0, start - 12), start);
    if (/(?:driver|driving|drivers)['’]?s?[ \t-]{1,2}$/.test(before)) return false;
    return !/^[ \t-]{1,2}(?:plate|tag)/.test(lower.slice(end, end + 8));
  },
  bare: bareDea,
  context: ['license', 'licence', 'certificate', 'dea', 'registration number', 'lic'],
  read(text, hit) {
    if (hit.label.startsWith('dea')) {
      const dea = matchAt(DEA_SHAPE, text, hit.at);
      return dea !== undefined && deaValid(dea) ? { end: hit.at + dea.length, score: 0.9 } : undefined;
    }
    const value = readCode(text, hit, { minLength: 4, maxLength: 20, minDigits: 3 });
    if (value === undefined) return undefined;
    // a bare "license no. D1234567" is most often a driver's licence: leave it to that recognizer
    const before = text.slice(Math.max(0, hit.labelStart - 16), hit.labelStart).toLowerCase();
    const bareLicence = hit.label.startsWith('lic') && !PROFESSIONAL.test(before);
    if (bareLicence && DL_SHAPE.test(value.replace(/[- ]/g, ''))) return undefined;
    return { end: hit.at + value.length, score: CODE_BASE + LABEL_BOOST };
  },
});

/** Passport numbers (six to nine letters and digits) after "passport". */
export const passportRecognizer: Recognizer = labelledRecognizer({
  name: 'passport',
  type: 'PASSPORT',
  labels: labelRegex(['passport', 'passport number', 'passport no', 'passport #', 'passport id']),
  context: ['passport'],
  read(text, hit) {
    const value = readCode(text, hit, {
      re: /[A-Za-z0-9]{6,9}(?![A-Za-z0-9])/y,
      minLength: 6,
      maxLength: 9,
      minDigits: 3,
    });
    return value === undefined ? undefined : { end: hit.at + value.length, score: 0.45 + LABEL_BOOST };
  },
});

// "dl" is also decilitres (mg/dL): it only counts with a separator and never right after a slash
const SHORT_DL = /^(?:dl|d\/l|dln|cdl)$/;

/** Driver's licence numbers after "driver's license", "DL#", "license no." in the usual US shapes. */
export const driverLicenseRecognizer: Recognizer = labelledRecognizer({
  name: 'driver-license',
  type: 'DRIVER_LICENSE',
  labels: labelRegex([
    "driver's license",
    "driver's licence",
    'drivers license',
    'driver license',
    'driving license',
    'driving licence',
    "driver's lic",
    'driver lic',
    'dl',
    'd/l',
    'dln',
    'cdl',
    'license no',
    'licence no',
    'license number',
    'license #',
  ]),
  labelOk(lower, start, end) {
    const label = lower.slice(start, end);
    if (SHORT_DL.test(label))
      return lower[start - 1] !== '/' && /^[ \t]{0,2}[:#=]/.test(lower.slice(end, end + 4));
    if (label.startsWith('lic')) return !PROFESSIONAL.test(lower.slice(Math.max(0, start - 16), start));
    return true;
  },
  context: ["driver's license", 'drivers license', 'driving licence', 'dl', 'license no'],
  read(text, hit) {
    const value = readCode(text, hit, { minLength: 5, maxLength: 16, minDigits: 4 });
    if (value === undefined) return undefined;
    if (hit.label.startsWith('lic')) {
      return DL_SHAPE.test(value.replace(/[- ]/g, ''))
        ? { end: hit.at + value.length, score: 0.7 }
        : undefined;
    }
    return { end: hit.at + value.length, score: 0.45 + LABEL_BOOST };
  },
});
