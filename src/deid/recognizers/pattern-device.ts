import { luhn } from '../checksums.js';
import type { Recognizer } from '../recognizer.js';
import type { Span } from '../types.js';
import { labelledRecognizer, readCode, SPACED_CODE } from './pattern-labelled.js';
import { hasRunAtLeast, hasRunChain, textRuns } from './pattern-scan.js';
import { LABEL_BOOST, labelRegex, span } from './pattern-support.js';

// 15 digits, or the printed 2-6-6-1 grouping (35-209900-176148-1)
const BARE_IMEI = /(?<![\d-])(?:\d{15}|\d{2}-\d{6}-\d{6}-\d)(?![\d]|-\d)/g;
const IMEI_LABEL = /^(?:imei|meid|esn)/;
// "sn" alone is also tin (Sn) and a common abbreviation: only with "sn:" or "sn#"
const SHORT_SN = /^(?:sn|s\/n)$/;

function bareImeis(text: string): Span[] {
  const found: Span[] = [];
  const runs = textRuns(text);
  if (
    !hasRunAtLeast(runs, 15) &&
    !hasRunChain(
      text,
      runs,
      [
        [2, 2],
        [6, 6],
        [6, 6],
        [1, 1],
      ],
      '-',
    )
  )
    return found;
  for (const m of text.matchAll(BARE_IMEI)) {
    if (!luhn(m[0].replace(/-/g, ''))) continue;
    // the bare 15 digits could be many things; the dashed grouping is specific to IMEIs
    const score = m[0].includes('-') ? 0.7 : 0.4;
    found.push(span(m.index, m.index + m[0].length, 'DEVICE', score, 'device'));
  }
  return found;
}

/**
 * Device identifiers and serial numbers after "serial", "S/N", "SN:", "device id", "IMEI", "UDID"
 * or "UDI", plus IMEIs (15 digits with a Luhn check digit) anywhere.
 */
export const deviceRecognizer: Recognizer = labelledRecognizer({
  name: 'device',
  type: 'DEVICE',
  labels: labelRegex([
    'serial',
    'serial number',
    'serial no',
    'serial #',
    's/n',
    'sn',
    'device id',
    'device identifier',
    'device serial',
    'imei',
    'meid',
    'esn',
    'udid',
    'udi',
    'unique device identifier',
    'implant serial',
  ]),
  labelOk(lower, start, end) {
    return !SHORT_SN.test(lower.slice(start, end)) || /^[ \t]{0,2}[:#=]/.test(lower.slice(end, end + 4));
  },
  bare: bareImeis,
  context: ['serial', 's/n', 'sn', 'device id', 'imei', 'udid', 'udi', 'device'],
  read(text, hit) {
    // "serial 12-lead EKGs" is a series: without a separator or "no." a serial needs four digits
    const loose = hit.label === 'serial' && !hit.separated && hit.gap.trim() === '';
    const value = readCode(text, hit, {
      re: SPACED_CODE,
      minLength: 4,
      maxLength: 40,
      minDigits: loose ? 4 : 2,
    });
    if (value === undefined) return undefined;
    const digits = value.replace(/[- ]/g, '');
    const checkedImei = IMEI_LABEL.test(hit.label) && /^\d{15}$/.test(digits) && luhn(digits);
    return { end: hit.at + value.length, score: checkedImei ? 0.95 : 0.4 + LABEL_BOOST };
  },
});
