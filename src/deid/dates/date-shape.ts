import type { DateMatch } from './date-match.js';

/**
 * A date one shape found. A numeric date whose both numbers are at most 12 ("04/02/1961") can be
 * read both ways: `dayFirst` holds the other reading, and `reading` says which order the numbers
 * force when only one is valid, so that the document's dates can vote on its convention. A `weak`
 * date ("24/7") counts only if the document turns out to be written day-first.
 */
export interface DateCandidate {
  readonly match: DateMatch;
  readonly dayFirst?: DateMatch;
  readonly reading?: 'month-first' | 'day-first';
  readonly weak?: boolean;
}

/** Something that finds one shape of date: a linear-time pattern and a validating builder. */
export interface DateShape {
  /** Global (`g`) and linear: every quantifier bounded, so each start position costs O(1). */
  readonly pattern: RegExp;
  /**
   * Every place a match can start, ascending and without repeats: where a chain of digit runs of
   * the shape's lengths begins, or at and a few characters before a month word. The pattern is
   * only tried there, so a text without such places costs no scan.
   */
  starts(text: string): readonly number[];
  build(m: RegExpExecArray, text: string): DateCandidate | undefined;
}
