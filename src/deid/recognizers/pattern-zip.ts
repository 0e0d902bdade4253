import type { Recognizer } from '../recognizer.js';
import type { Span } from '../types.js';
import { hasRunOf, textRuns } from './pattern-scan.js';
import { LABEL_BOOST, span } from './pattern-support.js';

// five digits, optionally +4, not part of a longer number, a price, a decimal or a dashed code
const ZIP = /(?<![\w$€£¥.,/#-])\d{5}(?:-\d{4})?(?![\w]|[-.,/]\d)/g;
// a measurement or a count is not a place: "10000 units", "50000 mg"
const UNIT_AFTER =
  /^[ \t]?(?:mg|mcg|ml|g|kg|units?|iu|cells|copies|%|lbs?|ft|miles|km|m|steps|cal|kcal|rpm)\b/i;
const STATES = new Set(
  (
    'AL AK AZ AR CA CO CT DE DC FL GA HI ID IL IN IA KS KY LA ME MD MA MI MN MS MO MT NE NV NH NJ NM NY NC ND ' +
    'OH OK OR PA RI SC SD TN TX UT VT VA WA WV WI WY PR VI GU AS MP AA AE AP'
  ).split(' '),
);

/** True when a two-letter upper-case US state abbreviation stands right before `at` ("MA 02139"). */
function stateBefore(text: string, at: number): boolean {
  let i = at;
  while (i > 0 && at - i < 3 && (text[i - 1] === ' ' || text[i - 1] === ',' || text[i - 1] === '\t')) i--;
  if (i === at || i < 2) return false;
  const abbr = text.slice(i - 2, i);
  return STATES.has(abbr) && (i === 2 || !/[A-Za-z0-9]/.test(text[i - 3]!));
}

/**
 * US ZIP codes (12345 or 12345-6789). Five digits alone could be anything, so they score low unless
 * a state abbreviation stands before them or the pipeline finds "zip" or "postal" nearby.
 */
export const zipRecognizer: Recognizer = {
  name: 'zip',
  types: ['ZIP'],
  context: ['zip', 'zip code', 'zipcode', 'postal', 'postal code', 'postcode'],
  detect(text) {
    const found: Span[] = [];
    // a ZIP code opens with a run of exactly five digits
    if (!hasRunOf(textRuns(text), 5)) return found;
    for (const m of text.matchAll(ZIP)) {
      const end = m.index + m[0].length;
      // no ZIP code starts below 005 (Holtsville, NY is 00501)
      if (Number(m[0].slice(0, 3)) < 5 || UNIT_AFTER.test(text.slice(end, end + 8))) continue;
      const base = m[0].length > 5 ? 0.45 : 0.35;
      const score = stateBefore(text, m.index) ? base + LABEL_BOOST : base;
      found.push(span(m.index, end, 'ZIP', score, 'zip'));
    }
    return found;
  },
};
