/** A labelled character range [start, end) in an item's text, as an NER annotation. */
export interface Span {
  readonly start: number;
  readonly end: number;
  readonly type: string;
}

/** `exact`: same start, end and type. `overlap`: same type and at least one shared character. */
export type SpanMatch = 'exact' | 'overlap';

/** Spans per item and annotator: `docs.get(item).get(annotator)`; an absent annotator skipped the item. */
export type SpanAnnotations = ReadonlyMap<string, ReadonlyMap<string, readonly Span[]>>;

/** Precision, recall and F1 of predicted spans against reference spans. NaN where 0/0. */
export interface SpanScore {
  /** Spans paired one to one with a matching reference span. */
  readonly matched: number;
  readonly predicted: number;
  readonly reference: number;
  readonly precision: number;
  readonly recall: number;
  readonly f1: number;
}

function matches(a: Span, b: Span, mode: SpanMatch): boolean {
  if (a.type !== b.type) return false;
  return mode === 'exact' ? a.start === b.start && a.end === b.end : a.start < b.end && b.start < a.end;
}

/**
 * The largest number of one-to-one pairs (a span of `a`, a span of `b`) that match. One-to-one, so
 * a long span overlapping two short ones counts once, and F1 stays symmetric in `a` and `b`.
 *
 * @example
 * matchSpans([{ start: 0, end: 10, type: 'PER' }], [{ start: 0, end: 4, type: 'PER' }, { start: 5, end: 10, type: 'PER' }], 'overlap'); // 1
 */
export function matchSpans(a: readonly Span[], b: readonly Span[], mode: SpanMatch): number {
  const partnerOfB = new Array<number>(b.length).fill(-1);
  const edges = a.map((x) => b.flatMap((y, j) => (matches(x, y, mode) ? [j] : [])));
  // augmenting paths (Kuhn): an item holds a handful of spans, so O(V·E) is nothing
  const augment = (i: number, seen: boolean[]): boolean => {
    for (const j of edges[i]!) {
      if (seen[j]) continue;
      seen[j] = true;
      if (partnerOfB[j] === -1 || augment(partnerOfB[j]!, seen)) {
        partnerOfB[j] = i;
        return true;
      }
    }
    return false;
  };
  let matched = 0;
  for (let i = 0; i < a.length; i++) if (augment(i, new Array<boolean>(b.length).fill(false))) matched++;
  return matched;
}

function score(matched: number, predicted: number, reference: number): SpanScore {
  const precision = matched / predicted;
  const recall = matched / reference;
  const f1 = (2 * matched) / (predicted + reference);
  return { matched, predicted, reference, precision, recall, f1 };
}

/**
 * Precision, recall and F1 of `predicted` against `reference`, summed over items (micro average):
 * each entry is one item's spans from both sides.
 *
 * @example
 * spanScore([[[{ start: 0, end: 5, type: 'PER' }], [{ start: 0, end: 5, type: 'PER' }]]], 'exact').f1; // 1
 */
export function spanScore(
  items: readonly (readonly [predicted: readonly Span[], reference: readonly Span[]])[],
  mode: SpanMatch,
): SpanScore {
  let matched = 0;
  let predicted = 0;
  let reference = 0;
  for (const [p, r] of items) {
    matched += matchSpans(p, r, mode);
    predicted += p.length;
    reference += r.length;
  }
  return score(matched, predicted, reference);
}

/** The items both annotators annotated, as (a's spans, b's spans). */
function shared(docs: SpanAnnotations, a: string, b: string): [readonly Span[], readonly Span[]][] {
  const out: [readonly Span[], readonly Span[]][] = [];
  for (const byAnnotator of docs.values()) {
    const x = byAnnotator.get(a);
    const y = byAnnotator.get(b);
    if (x && y) out.push([x, y]);
  }
  return out;
}

/** Agreement of one pair of annotators over the items both annotated. */
export interface SpanPair {
  readonly a: string;
  readonly b: string;
  readonly items: number;
  readonly score: SpanScore;
}

/**
 * Span F1 between every pair of annotators (over the items both annotated, micro-averaged), and
 * the mean F1 over the pairs that share an item. With two annotators F1 does not depend on which
 * one is taken as reference.
 *
 * @example
 * pairwiseSpanAgreement(docs, 'exact'); // { pairs: [{ a: 'ann1', b: 'ann2', items: 3, score }], meanF1: 0.8 }
 */
export function pairwiseSpanAgreement(
  docs: SpanAnnotations,
  mode: SpanMatch,
  annotators?: readonly string[],
): { readonly pairs: readonly SpanPair[]; readonly meanF1: number } {
  const names =
    annotators ??
    [...new Set([...docs.values()].flatMap((m) => [...m.keys()]))].sort((x, y) => (x < y ? -1 : 1));
  const pairs: SpanPair[] = [];
  for (let i = 0; i < names.length; i++) {
    for (let j = i + 1; j < names.length; j++) {
      const items = shared(docs, names[i]!, names[j]!);
      if (items.length > 0)
        pairs.push({ a: names[i]!, b: names[j]!, items: items.length, score: spanScore(items, mode) });
    }
  }
  const f1s = pairs.map((p) => p.score.f1).filter((f) => !Number.isNaN(f));
  return { pairs, meanF1: f1s.length > 0 ? f1s.reduce((s, f) => s + f, 0) / f1s.length : Number.NaN };
}

/**
 * Each annotator's spans scored against the gold annotator's (precision: how many of the
 * annotator's spans gold has; recall: how many gold spans the annotator found), over the items
 * both annotated.
 *
 * @example
 * spanScoresAgainstGold(docs, 'expert', 'overlap'); // [{ a: 'ann1', b: 'expert', items: 3, score }]
 */
export function spanScoresAgainstGold(
  docs: SpanAnnotations,
  gold: string,
  mode: SpanMatch,
  annotators?: readonly string[],
): readonly SpanPair[] {
  const names =
    annotators ??
    [...new Set([...docs.values()].flatMap((m) => [...m.keys()]))].sort((x, y) => (x < y ? -1 : 1));
  return names
    .filter((name) => name !== gold)
    .map((name) => {
      const items = shared(docs, name, gold);
      return { a: name, b: gold, items: items.length, score: spanScore(items, mode) };
    });
}
