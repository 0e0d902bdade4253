import type { Recognizer } from './recognizer.js';
import { type Token, tokenize } from './recognizers/tokens.js';
import type { Span } from './types.js';

export interface DetectorOptions {
  readonly recognizers: readonly Recognizer[];
  /** Spans scoring below this are dropped (default 0.5). Lower it for recall, raise it for precision. */
  readonly threshold?: number;
  /** Texts never reported (compared case-insensitively): e.g. the hospital's own name in a header. */
  readonly allow?: readonly string[];
  /** Texts always reported, by entity type: e.g. `{ PERSON: ['Dr. House'] }`. */
  readonly deny?: Readonly<Record<string, readonly string[]>>;
}

/** How far before a span (in characters) a recognizer's context word still counts. */
const CONTEXT_WINDOW = 48;
/** What a context word adds to a span's score. */
const CONTEXT_BOOST = 0.35;

/**
 * Runs every recognizer over a text, raises the scores of spans that follow one of their
 * recognizer's context words, applies allow and deny lists and the threshold, and resolves
 * overlaps: the longer span wins, then the higher score.
 *
 * @example
 * new Detector({ recognizers: defaultRecognizers() }).detect('Call Maria at 617-555-0134');
 */
export class Detector {
  private readonly threshold: number;
  private readonly allow: Set<string>;
  private readonly deny: [string, string][];
  private readonly contextRes: Map<Recognizer, { re: RegExp; anywhere: RegExp }>;

  constructor(private readonly options: DetectorOptions) {
    this.threshold = options.threshold ?? 0.5;
    this.allow = new Set((options.allow ?? []).map((a) => a.toLowerCase()));
    this.deny = Object.entries(options.deny ?? {}).flatMap(([type, values]) =>
      values.filter((v) => v.length > 0).map((v): [string, string] => [v.toLowerCase(), type]),
    );
    this.contextRes = new Map();
    for (const r of options.recognizers) {
      if (!r.context || r.context.length === 0) continue;
      const words = r.context.map((w) => w.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')).join('|');
      const re = new RegExp(`(?:^|[^\\p{L}\\p{N}])(?:${words})(?:[^\\p{L}\\p{N}]|$)`, 'u');
      // any of the words anywhere, boundaries or not: one scan instead of one per word
      this.contextRes.set(r, { re, anywhere: new RegExp(words) });
    }
  }

  /** Every entity found, in text order, without overlaps. */
  detect(text: string): Span[] {
    const lower = text.toLowerCase();
    const found: Span[] = [];
    let toks: Token[] | undefined;
    const ctx = { lower, tokens: () => (toks ??= tokenize(text)) };
    for (const r of this.options.recognizers) {
      const context = this.contextRes.get(r);
      // whether any context word occurs anywhere in the text, found out when first needed: the
      // window is a slice of `lower` and the regex has no i flag, so a word absent from `lower`
      // is absent from every window and the regex need not run
      let inText: boolean | undefined;
      for (const span of r.detect(text, ctx)) {
        let score = span.score;
        if (context && score < 1 && inText === undefined) inText = context.anywhere.test(lower);
        if (context && score < 1 && inText) {
          const window = lower.slice(Math.max(0, span.start - CONTEXT_WINDOW), span.start);
          if (context.re.test(window)) score = Math.min(1, score + CONTEXT_BOOST);
        }
        found.push(score === span.score ? span : { ...span, score });
      }
    }
    for (const [needle, type] of this.deny) {
      for (let at = lower.indexOf(needle); at >= 0; at = lower.indexOf(needle, at + needle.length)) {
        found.push({ start: at, end: at + needle.length, type, score: 1, recognizer: 'deny-list' });
      }
    }
    const allow = this.allow;
    const kept = found.filter(
      (s) =>
        s.score >= this.threshold &&
        s.end > s.start &&
        (allow.size === 0 || !allow.has(lower.slice(s.start, s.end))),
    );
    return resolveOverlaps(kept);
  }
}

/**
 * Keeps one of overlapping spans, in text order: the longer one (it masks everything the shorter
 * one would: an address over the city inside it, a full name over a surname), then the higher
 * score, then the earlier. Every span here has already passed the threshold.
 */
export function resolveOverlaps(spans: readonly Span[]): Span[] {
  const ranked = [...spans].sort(
    (a, b) => b.end - b.start - (a.end - a.start) || b.score - a.score || a.start - b.start,
  );
  const taken: Span[] = [];
  for (const s of ranked) {
    // taken is kept sorted by start: find the neighbours of s
    let lo = 0;
    let hi = taken.length;
    while (lo < hi) {
      const mid = (lo + hi) >> 1;
      if (taken[mid]!.start < s.start) lo = mid + 1;
      else hi = mid;
    }
    const before = taken[lo - 1];
    const after = taken[lo];
    if ((before && before.end > s.start) || (after && after.start < s.end)) continue;
    taken.splice(lo, 0, s);
  }
  return taken;
}
