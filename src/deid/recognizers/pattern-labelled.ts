import type { DetectContext, Recognizer } from '../recognizer.js';
import type { Span } from '../types.js';
import {
  countDigits,
  forEachLabelMatch,
  isWordChar,
  keepBest,
  looksLikeDateOrTime,
  looksLikeQuantity,
  lowered,
  span,
} from './pattern-support.js';

/** A label found in the text and the place where the value after it starts. */
export interface LabelHit {
  /** The label as written, lower-cased ("mrn", "member id"). */
  readonly label: string;
  readonly labelStart: number;
  /** Where the value starts, after separators and filler words. */
  readonly at: number;
  /** The lower-cased text between label and value (": ", " no. ", " # "). */
  readonly gap: string;
  /** True when the gap holds an explicit separator (:, =, #, |), not only spaces and words. */
  readonly separated: boolean;
}

/** A value read after a label: where it ends and how sure we are, or undefined to reject it. */
export type ValueReader = (text: string, hit: LabelHit) => { end: number; score: number } | undefined;

// characters that may sit between a label and its value: "MRN: ", "Acct #", "| SSN | ", "\"pwd\": \""
const GAP_CHARS = new Set(' \t\u00a0:=#-–—|.(["\'`');
const SEPARATOR_CHARS = new Set(':=#|');
// words that may follow a label before the value: "medical record number", "policy no.", "password is"
const FILLERS = ['number', 'numbers', 'num', 'nbr', 'no', 'nos', 'id', 'is', 'was', 'code', 'value'];
// wide enough for a padded table cell ("| MRN       |   00123456 |")
const MAX_GAP = 32;

/**
 * Skips what lies between a label ending at `pos` and its value: separators, at most one line
 * break and filler words. Returns undefined when the gap is too long to belong to the label.
 */
function skipGap(lower: string, pos: number): { at: number; separated: boolean } | undefined {
  let i = pos;
  let separated = false;
  let newlines = 0;
  while (i < lower.length) {
    if (i - pos > MAX_GAP) return undefined;
    const ch = lower[i]!;
    if (GAP_CHARS.has(ch)) {
      if (SEPARATOR_CHARS.has(ch)) separated = true;
      i++;
      continue;
    }
    if (ch === '\n' || ch === '\r') {
      if (ch === '\n' && ++newlines > 1) break;
      i++;
      continue;
    }
    const filler = FILLERS.find((w) => lower.startsWith(w, i) && !isWordChar(lower, i + w.length));
    if (filler === undefined) break;
    i += filler.length;
  }
  return i - pos > MAX_GAP ? undefined : { at: i, separated };
}

/**
 * Finds every label of a global lower-case regex and calls `each` with where its value would start.
 * `labelOk` may veto a label by looking around it (a "license" that is a "driver's license").
 */
function forEachLabel(
  text: string,
  lower: string,
  labels: RegExp,
  each: (hit: LabelHit) => void,
  labelOk?: (lower: string, start: number, end: number) => boolean,
): void {
  forEachLabelMatch(text, lower, labels, (m) => {
    const end = m.index + m[0].length;
    if (labelOk !== undefined && !labelOk(lower, m.index, end)) return;
    const gap = skipGap(lower, end);
    if (gap === undefined || gap.at >= lower.length) return;
    each({
      label: m[0],
      labelStart: m.index,
      at: gap.at,
      gap: lower.slice(end, gap.at),
      separated: gap.separated,
    });
  });
}

/** The text a sticky regex matches at `at`, or undefined. */
export function matchAt(re: RegExp, text: string, at: number): string | undefined {
  re.lastIndex = at;
  const m = re.exec(text);
  return m === null ? undefined : m[0];
}

/** Alphanumeric code with single inner dashes: A123-456, 00012345. At most 40 characters. */
export const CODE = /[A-Za-z0-9](?:[A-Za-z0-9]|-(?=[A-Za-z0-9])){0,39}(?![A-Za-z0-9])/y;
/** Like CODE, also allowing single spaces between digits: 1234 5678 9012. */
export const SPACED_CODE =
  /[A-Za-z0-9](?:[A-Za-z0-9]|[-](?=[A-Za-z0-9])|(?<=\d) (?=\d)){0,39}(?![A-Za-z0-9])/y;

// "certification 2015", "chart 2024": a year after a label is a date, not a code
const YEAR = /^(?:19|20)\d\d$/;

/** Bounds for a code read by readCode; lengths count letters and digits only. */
export interface CodeShape {
  readonly re?: RegExp;
  readonly minLength: number;
  readonly maxLength: number;
  readonly minDigits: number;
}

/**
 * Reads an identifier-like code at the hit: within the shape's bounds, and not a date, a time or a
 * measurement (which a label like "policy" or "chart" may well be followed by).
 */
export function readCode(text: string, hit: LabelHit, shape: CodeShape): string | undefined {
  const value = matchAt(shape.re ?? CODE, text, hit.at);
  if (value === undefined) return undefined;
  const compact = value.replace(/[- ]/g, '');
  if (compact.length < shape.minLength || compact.length > shape.maxLength) return undefined;
  if (countDigits(compact) < shape.minDigits) return undefined;
  if (looksLikeDateOrTime(value) || looksLikeQuantity(value) || YEAR.test(value)) return undefined;
  return value;
}

/** The parts of a family of identifiers that are found through the label written before them. */
export interface LabelledFamily {
  readonly name: string;
  readonly type: string;
  /** Global regex over lower-cased text, usually from labelRegex. */
  readonly labels: RegExp;
  readonly context: readonly string[];
  readonly read: ValueReader;
  readonly labelOk?: (lower: string, start: number, end: number) => boolean;
  /** Candidates found by shape alone (a VIN, an IMEI), scored without a label. */
  readonly bare?: (text: string) => Span[];
}

/**
 * A recognizer for identifiers that are only recognisable by their label ("MRN: 00123456",
 * "Policy # W123456789"): it reads the value after each label and keeps the best of overlapping finds.
 *
 * @example
 * const mrn = labelledRecognizer({ name: 'mrn', type: 'MRN', labels: labelRegex(['mrn']), context: ['mrn'],
 *   read: (text, hit) => ({ end: hit.at + (matchAt(CODE, text, hit.at)?.length ?? 0), score: 0.75 }) });
 */
export function labelledRecognizer(family: LabelledFamily): Recognizer {
  return {
    name: family.name,
    types: [family.type],
    context: family.context,
    detect(text: string, ctx: DetectContext): Span[] {
      const found: Span[] = family.bare?.(text) ?? [];
      forEachLabel(
        text,
        lowered(text, ctx),
        family.labels,
        (hit) => {
          const value = family.read(text, hit);
          if (value !== undefined && value.end > hit.at) {
            found.push(span(hit.at, value.end, family.type, value.score, family.name));
          }
        },
        family.labelOk,
      );
      return keepBest(found);
    },
  };
}
