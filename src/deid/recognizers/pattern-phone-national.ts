import type { Recognizer } from '../recognizer.js';
import type { Span } from '../types.js';
import { runChainStarts, textRuns } from './pattern-scan.js';

// digit groups joined by single spaces, dashes or dots, with an optional (area) and extension
const GROUPS =
  /(?<![\w+./$€£-])(?:\(\d{1,4}\)[ .-]?)?\d{1,5}(?:[ .-]\d{2,8}){1,4}(?:[ \t]?(?:x|ext\.?)[ \t]?\d{1,6})?(?![\w%]|[-./]\d)/gi;
const GROUPS_AT = new RegExp(GROUPS.source, 'iy');
const DATE_LIKE = /^(?:\d{1,2}[-./]\d{1,2}[-./]\d{2,4}|\d{4}[-./]\d{1,2}[-./]\d{1,2}|\d{1,2}[-./]\d{1,2})$/;
const WORDS =
  /(?:phone|tel|telephone|call|reach|office|mobile|cell|fax|home|work|number|contact|whatsapp|ring|dial)/i;
const UNITS = /^\s*(?:mg|mcg|g|kg|ml|l|mm|cm|km|%|units?|tabs?|years?|yrs?|days?|hours?|mins?|usd|eur|\$)/i;

/**
 * National phone numbers the strict patterns leave out: groups of digits in the local style of
 * many countries (06-10446904, 089 72 63 41, 042 078 6381, (88) 684-334). Alone such digits are
 * ambiguous, so the base score is low; a phone word just before or after the number (office,
 * mobile, call, fax) raises it.
 *
 * @example
 * phoneNationalRecognizer.detect('office: 089 72 63 41', ctx); // PHONE
 */
export const phoneNationalRecognizer: Recognizer = {
  name: 'phone-national',
  types: ['PHONE'],
  context: [
    'phone',
    'telephone',
    'tel',
    'call',
    'reach',
    'contact',
    'mobile',
    'cell',
    'office',
    'number',
    'answering',
  ],
  detect(text) {
    const spans: Span[] = [];
    // A match starts at "(" or at a run of at most five digits that a single space, dot or dash
    // joins to a run of two to eight. Trying the sticky pattern at those places only, in order and
    // past the previous match, finds what a scan of the whole text finds.
    const starts = runChainStarts(
      text,
      textRuns(text),
      [
        [1, 5],
        [2, 8],
      ],
      ' .-',
    );
    for (let i = text.indexOf('('); i >= 0; i = text.indexOf('(', i + 1)) {
      const c = text.charCodeAt(i + 1);
      if (c >= 48 && c <= 57) starts.push(i);
    }
    starts.sort((a, b) => a - b);
    let from = 0;
    for (const p of starts) {
      if (p < from) continue;
      GROUPS_AT.lastIndex = p;
      const m = GROUPS_AT.exec(text);
      if (m === null) continue;
      from = p + m[0].length;
      const raw = m[0];
      const digits = raw.replace(/[ \t]?(?:x|ext\.?).*$/i, '').replace(/\D/g, '').length;
      if (digits < 7 || digits > 15 || DATE_LIKE.test(raw) || /^\d{1,3}(?:[.,]\d{3})+$/.test(raw)) continue;
      if (/^\d+\.\d+$/.test(raw) || UNITS.test(text.slice(m.index + raw.length, m.index + raw.length + 8)))
        continue;
      const near =
        text.slice(Math.max(0, m.index - 24), m.index) +
        text.slice(m.index + raw.length, m.index + raw.length + 14);
      let score = /^\(?\d{3}\)?[ .-]?\d{3}[ .-]\d{4}/.test(raw) ? 0.6 : 0.4;
      if (WORDS.test(near)) score += 0.3;
      spans.push({
        start: m.index,
        end: m.index + raw.length,
        type: 'PHONE',
        score,
        recognizer: 'phone-national',
      });
    }
    return spans;
  },
};
