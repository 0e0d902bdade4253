import type { DateMatch } from './date-match.js';
import type { DateCandidate, DateShape } from './date-shape.js';
import { numericShapes } from './numeric-shapes.js';
import { textualShapes } from './textual-shapes.js';

const shapes: readonly DateShape[] = [...numericShapes, ...textualShapes];
const sticky = new Map(
  shapes.map((s) => [s, new RegExp(s.pattern.source, s.pattern.flags.replace('g', 'y'))]),
);

/**
 * Finds every written date in a text: numeric (3/14, 03/14/2024, 2024-03-14, 14.03.2024, and
 * 20240314 after a date word), textual (March 14th, 14 Mar 2024, 14-MAR-24, March 2024), with an
 * optional weekday before it ("Tuesday, March 14"). A year alone, a weekday alone, a time alone,
 * fractions, scores and doses are not dates. A time written after a date is not part of the match
 * ("2024-03-14T10:30:00Z" gives "2024-03-14"), so a shift or a redaction leaves it as it is.
 * Matches are in text order and never overlap; offsets are UTF-16 code units, end exclusive.
 *
 * A numeric date whose two numbers are both at most 12 is read month-first, unless the text's
 * other numeric dates show it is written day-first (more of them only valid as 25/12 than as 12/25);
 * a day-first pair without a year ("24/7") is a date only in such a text or after a date word.
 *
 * @example
 * findDates('DOB: 04/02/1961, seen March 14th');
 * // [{ start: 5, end: 15, year: 1961, month: 4, day: 2, format }, { start: 22, end: 32, month: 3, day: 14, format }]
 */
export function findDates(text: string): DateMatch[] {
  // detection and the shift operator both read the same document: remember the last answer
  if (text === lastText && lastDates !== undefined) return lastDates;
  lastDates = scan(text);
  lastText = text;
  return lastDates;
}

let lastText = '';
let lastDates: DateMatch[] | undefined;

function scan(text: string): DateMatch[] {
  const found: DateCandidate[] = [];
  for (const shape of shapes) {
    // the leftmost match at or after a position starts at one of `starts`: trying those in order,
    // past an accepted match or one place past a rejected one, finds what a scan of the whole
    // text that rescans after each rejection finds
    const at = sticky.get(shape)!;
    let from = 0;
    for (const p of shape.starts(text)) {
      if (p < from) continue;
      at.lastIndex = p;
      const m = at.exec(text);
      if (m === null) continue;
      const candidate = shape.build(m, text);
      if (candidate) {
        found.push(candidate);
        from = p + m[0].length;
      }
    }
  }
  found.sort((a, b) => a.match.start - b.match.start || b.match.end - a.match.end);
  const kept: DateCandidate[] = [];
  let reach = 0;
  let votes = 0;
  for (const c of found) {
    if (c.match.start < reach) continue;
    kept.push(c);
    reach = c.match.end;
    if (c.reading === 'day-first') votes++;
    else if (c.reading === 'month-first') votes--;
  }
  const dayFirst = votes > 0;
  const out: DateMatch[] = [];
  for (const c of kept) if (!c.weak || dayFirst) out.push(dayFirst && c.dayFirst ? c.dayFirst : c.match);
  return out;
}
