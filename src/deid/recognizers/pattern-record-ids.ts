import type { Recognizer } from '../recognizer.js';
import { CODE, type LabelHit, labelledRecognizer, readCode, SPACED_CODE } from './pattern-labelled.js';
import { countDigits, countLetters, LABEL_BOOST, labelRegex, registerLabelHeads } from './pattern-support.js';

// an identifier-like code is ambiguous on its own; these recognizers only emit it after its label
const CODE_BASE = 0.4;

/** Medical record numbers after "MRN", "medical record", "chart #", "patient id" and the like. */
export const mrnRecognizer: Recognizer = labelledRecognizer({
  name: 'mrn',
  type: 'MRN',
  labels: labelRegex([
    'mrn',
    'mr#',
    'mr no',
    'medical record',
    'medical rec',
    'med rec',
    'record number',
    'record no',
    'record #',
    'chart number',
    'chart no',
    'chart #',
    'chart',
    'patient id',
    'pt id',
    'patient number',
    'hospital number',
    'hospital no',
    'unit number',
    'encounter number',
  ]),
  context: ['mrn', 'medical record', 'record number', 'chart', 'patient id', 'med rec', 'hospital number'],
  read(text, hit) {
    // "chart" alone heads many other things ("chart reviewed", "chart 2 of 3"): it counts for less
    const weak = hit.label === 'chart' && !hit.separated;
    const value = readCode(text, hit, { minLength: weak ? 5 : 4, maxLength: 20, minDigits: 4 });
    if (value === undefined) return undefined;
    return { end: hit.at + value.length, score: CODE_BASE + LABEL_BOOST - (weak ? 0.1 : 0) };
  },
});

/** Health plan beneficiary numbers after "member id", "policy", "subscriber", "insurance", "MBI"… */
export const healthPlanRecognizer: Recognizer = labelledRecognizer({
  name: 'health-plan',
  type: 'HEALTH_PLAN',
  labels: labelRegex([
    'member id',
    'member number',
    'member no',
    'member #',
    'member',
    'policy',
    'policy holder id',
    'plan id',
    'plan number',
    'plan no',
    'health plan',
    'subscriber',
    'insurance',
    'insured id',
    'group number',
    'group no',
    'group #',
    'medicare',
    'medicaid',
    'mbi',
    'hicn',
    'beneficiary',
    'coverage id',
  ]),
  context: ['member id', 'policy', 'plan id', 'subscriber', 'insurance', 'medicare', 'medicaid', 'mbi'],
  read(text, hit) {
    const value = readCode(text, hit, { minLength: 5, maxLength: 20, minDigits: 3 });
    return value === undefined ? undefined : { end: hit.at + value.length, score: CODE_BASE + LABEL_BOOST };
  },
});

/** Bank and customer account numbers after "account", "acct", "a/c". */
export const accountRecognizer: Recognizer = labelledRecognizer({
  name: 'account',
  type: 'ACCOUNT',
  labels: labelRegex([
    'account',
    'account number',
    'account no',
    'account #',
    'account id',
    'acct',
    'acct no',
    'acct #',
    'acc no',
    'a/c',
    'a/c no',
    'bank account',
    'checking account',
    'savings account',
  ]),
  context: ['account', 'acct', 'a/c', 'bank account'],
  read(text, hit) {
    const value = readCode(text, hit, { re: SPACED_CODE, minLength: 4, maxLength: 34, minDigits: 4 });
    return value === undefined ? undefined : { end: hit.at + value.length, score: CODE_BASE + LABEL_BOOST };
  },
});

// "#" counts as a label only when a value follows it at once or after spaces: "#A12345", "# 55-1234"
const ID_LABELS =
  /(?<![a-z0-9])(?:identifier|id|number|no(?=[ \t]*[.:#])|ref|reference)(?![a-z0-9])|#(?=[ \t:]{0,3}[a-z0-9])/g;
registerLabelHeads(ID_LABELS, ['identifier', 'id', 'number', 'no', 'ref', 'reference'], '#');

/**
 * True when an ID value is a code rather than a word or a count: letters mixed with at least three
 * digits, digits with dashes, or (after an explicit "id") six or more digits.
 */
function idShaped(value: string, hit: LabelHit): boolean {
  const digits = countDigits(value);
  const letters = countLetters(value);
  if (hit.label === '#' && digits < 4) return false;
  if (letters > 0) return digits >= 3;
  if (value.includes('-')) return digits >= 5;
  return hit.label.startsWith('id') && digits >= 6;
}

/**
 * Any other identifier written after "ID", "number", "no." or "#". Its labels are common words, so
 * the score is that of the shape alone: the span survives only through the pipeline's context rule,
 * and loses to any specific recognizer that claims the same text.
 */
export const idRecognizer: Recognizer = labelledRecognizer({
  name: 'id',
  type: 'ID',
  labels: ID_LABELS,
  context: ['id', 'identifier', 'number', 'no', '#', 'ref'],
  read(text, hit) {
    const value = readCode(text, hit, { re: CODE, minLength: 6, maxLength: 40, minDigits: 3 });
    if (value === undefined || !idShaped(value, hit)) return undefined;
    return { end: hit.at + value.length, score: 0.35 };
  },
});
