import { readFileSync } from 'node:fs';
import { closest, userError } from '../errors/index.js';
import {
  type AlphaMetric,
  accuracyAgainst,
  alphaBootstrap,
  cohenKappa,
  compareValues,
  confusionMatrix,
  fleissKappa,
  type KappaWeights,
  krippendorffAlpha,
  type ReliabilityData,
  scottPiFromMatrix,
  type Value,
} from './agreement.js';
import {
  pairwiseSpanAgreement,
  type Span,
  type SpanAnnotations,
  type SpanScore,
  spanScoresAgainstGold,
} from './span-agreement.js';

/** Labels per item and annotator, as reliability data. */
export interface LabelAnnotations {
  readonly kind: 'labels';
  /** Items in the order they first appear. */
  readonly items: readonly string[];
  /** Annotators in the order they first appear. */
  readonly annotators: readonly string[];
  /** items × annotators, in the orders above; null where an annotator gave no label. */
  readonly units: ReliabilityData;
  /** True when labels mixed numbers and strings, so all were read as strings. */
  readonly mixedTypes: boolean;
}

/** NER spans per item and annotator. */
export interface SpanAnnotationSet {
  readonly kind: 'spans';
  readonly items: readonly string[];
  readonly annotators: readonly string[];
  readonly docs: SpanAnnotations;
}

/** A parsed annotations file: labels or spans, never both. */
export type Annotations = LabelAnnotations | SpanAnnotationSet;

interface Where {
  readonly file: string;
  readonly line: number;
  readonly text: string;
}

/** 1-based column of `"key"` in the line, or 1 when it cannot be found. */
function columnOf(text: string, key: string): number {
  const at = text.indexOf(JSON.stringify(key));
  return at === -1 ? 1 : at + 1;
}

function fail(
  w: Where,
  code: string,
  message: string,
  hint: string,
  extra: { column?: number; path?: (string | number)[] } = {},
) {
  return userError(code, message, { file: w.file, line: w.line, column: extra.column ?? 1, hint, ...extra });
}

/** Where JSON.parse stopped: its reported position, or the offending token's first occurrence. */
function jsonErrorColumn(text: string, message: string): number {
  const pos = /at position (\d+)/.exec(message);
  if (pos) return Number(pos[1]) + 1;
  if (/Unexpected end/.test(message)) return text.length + 1;
  const token = /Unexpected token '(.)'/.exec(message)?.[1];
  if (token === undefined) return 1;
  let inString = false;
  for (let i = 0; i < text.length; i++) {
    const ch = text[i];
    if (ch === '\\' && inString) i++;
    else if (ch === '"') inString = !inString;
    else if (!inString && ch === token) return i + 1;
  }
  return 1;
}

const LABEL_EXAMPLE = '{"item": "t1", "annotator": "ann1", "label": "positive"}';
const SPAN_EXAMPLE =
  '{"item": "doc1", "annotator": "ann1", "spans": [{"start": 0, "end": 11, "type": "PERSON"}]}';

function name(record: Record<string, unknown>, key: 'item' | 'annotator', w: Where): string {
  const v = record[key];
  if (typeof v === 'string' && v.length > 0) return v;
  if (typeof v === 'number' && Number.isFinite(v)) return String(v);
  const what = v === undefined ? `has no "${key}"` : `has ${JSON.stringify(v)} as "${key}"`;
  throw fail(
    w,
    `agree_bad_${key}`,
    `This annotation ${what}; it must be a non-empty string`,
    `write it as in ${LABEL_EXAMPLE}`,
    {
      column: v === undefined ? 1 : columnOf(w.text, key),
    },
  );
}

/**
 * 1-based column of span i's `"key"` (or of its opening brace, without a key) after `"spans"`.
 * The spans before i passed validation, so each holds every key once.
 */
function spanColumn(text: string, i: number, key?: string): number {
  const needle = key === undefined ? '{' : JSON.stringify(key);
  let at = text.indexOf('"spans"');
  if (at === -1) return 1;
  for (let n = 0; n <= i; n++) {
    const next = text.indexOf(needle, at + 1);
    if (next === -1) return columnOf(text, 'spans');
    at = next;
  }
  return at + 1;
}

function readSpan(v: unknown, i: number, w: Where): Span {
  const present = typeof v === 'object' && v !== null ? (v as Record<string, unknown>) : {};
  const bad = (message: string, path: string[]) =>
    fail(
      w,
      'agree_bad_span',
      message,
      `a span is {"start": 0, "end": 11, "type": "PERSON"}: character offsets, end after start`,
      {
        column: spanColumn(w.text, i, path[0] !== undefined && path[0] in present ? path[0] : undefined),
        path: ['spans', i, ...path],
      },
    );
  if (typeof v !== 'object' || v === null || Array.isArray(v))
    throw bad(`Span ${i + 1} is not an object`, []);
  const s = v as Record<string, unknown>;
  for (const key of ['start', 'end'] as const) {
    const x = s[key];
    if (typeof x !== 'number' || !Number.isInteger(x) || x < 0) {
      throw bad(
        `Span ${i + 1} has ${x === undefined ? `no "${key}"` : `"${key}" ${JSON.stringify(x)}`}: it must be a whole number ≥ 0`,
        [key],
      );
    }
  }
  if ((s.end as number) <= (s.start as number)) {
    throw bad(`Span ${i + 1} ends at ${s.end} but starts at ${s.start}: end must be after start`, ['end']);
  }
  if (typeof s.type !== 'string' || s.type.length === 0) {
    throw bad(`Span ${i + 1} has no "type" (a non-empty string such as "PERSON")`, ['type']);
  }
  return { start: s.start as number, end: s.end as number, type: s.type };
}

/**
 * Reads annotations in JSONL, one annotation per line: `{"item", "annotator", "label"}` with a
 * string or number label (null or an absent line: the annotator skipped the item), or
 * `{"item", "annotator", "spans": [{"start", "end", "type"}]}` (an optional `"text"` bounds the
 * offsets). The first annotation decides which
 * kind the file holds. Mistakes raise a user error at file:line:column saying how to fix them.
 *
 * @example
 * parseAnnotations('{"item":"t1","annotator":"a","label":"pos"}\n', 'ann.jsonl').kind; // 'labels'
 */
export function parseAnnotations(text: string, file: string): Annotations {
  const items = new Map<string, number>();
  const annotators = new Map<string, number>();
  const seen = new Map<string, number>();
  const labels: { item: number; annotator: number; label: Value | null }[] = [];
  const spans = new Map<string, Map<string, readonly Span[]>>();
  let kind: { kind: 'labels' | 'spans'; line: number } | undefined;
  const lines = text.split('\n');
  for (let n = 0; n < lines.length; n++) {
    const raw = lines[n]!.replace(/\r$/, '');
    if (raw.trim() === '') continue;
    const w: Where = { file, line: n + 1, text: raw };
    let record: unknown;
    try {
      record = JSON.parse(raw);
    } catch (e) {
      const message = e instanceof Error ? e.message : String(e);
      throw fail(
        w,
        'agree_bad_json',
        `Line ${n + 1} is not valid JSON (${message})`,
        `each line holds one JSON object, e.g. ${LABEL_EXAMPLE}`,
        {
          column: jsonErrorColumn(raw, message),
        },
      );
    }
    if (typeof record !== 'object' || record === null || Array.isArray(record)) {
      throw fail(
        w,
        'agree_not_object',
        `Line ${n + 1} holds ${Array.isArray(record) ? 'an array' : JSON.stringify(record)}, not an annotation object`,
        `write one object per line, e.g. ${LABEL_EXAMPLE}`,
      );
    }
    const r = record as Record<string, unknown>;
    const item = name(r, 'item', w);
    const annotator = name(r, 'annotator', w);
    const hasLabel = 'label' in r;
    const hasSpans = 'spans' in r;
    if (hasLabel === hasSpans) {
      throw fail(
        w,
        hasLabel ? 'agree_label_and_spans' : 'agree_no_annotation',
        hasLabel
          ? 'This annotation has both "label" and "spans"'
          : 'This annotation has neither "label" nor "spans"',
        `give one: ${LABEL_EXAMPLE} or ${SPAN_EXAMPLE}`,
      );
    }
    const lineKind = hasLabel ? 'labels' : 'spans';
    kind ??= { kind: lineKind, line: n + 1 };
    if (kind.kind !== lineKind) {
      throw fail(
        w,
        'agree_mixed_kinds',
        `This line has ${lineKind} but line ${kind.line} has ${kind.kind}: a file holds one kind`,
        'put label annotations and span annotations in separate files',
        {
          column: columnOf(raw, hasLabel ? 'label' : 'spans'),
        },
      );
    }
    const key = JSON.stringify([item, annotator]);
    const earlier = seen.get(key);
    if (earlier !== undefined) {
      throw fail(
        w,
        'agree_duplicate',
        `Annotator "${annotator}" annotated item "${item}" already on line ${earlier}`,
        'keep one annotation per item and annotator',
      );
    }
    seen.set(key, n + 1);
    if (!items.has(item)) items.set(item, items.size);
    if (!annotators.has(annotator)) annotators.set(annotator, annotators.size);
    if (hasLabel) {
      const label = r.label;
      if (
        label !== null &&
        typeof label !== 'string' &&
        !(typeof label === 'number' && Number.isFinite(label))
      ) {
        throw fail(
          w,
          'agree_bad_label',
          `The label ${JSON.stringify(label)} is neither a string nor a number`,
          'write the label as a string ("positive") or a number (3); null marks a skipped item',
          {
            column: columnOf(raw, 'label'),
          },
        );
      }
      labels.push({ item: items.get(item)!, annotator: annotators.get(annotator)!, label });
    } else {
      if (!Array.isArray(r.spans)) {
        throw fail(
          w,
          'agree_bad_spans',
          '"spans" must be a list of spans (empty when the annotator found none)',
          `write it as in ${SPAN_EXAMPLE}`,
          {
            column: columnOf(raw, 'spans'),
          },
        );
      }
      const list = r.spans.map((s, i) => readSpan(s, i, w));
      const text = r.text;
      const over = typeof text === 'string' ? list.findIndex((s) => s.end > text.length) : -1;
      if (over !== -1) {
        throw fail(
          w,
          'agree_span_outside_text',
          `Span ${over + 1} ends at ${list[over]!.end} but "text" has ${(text as string).length} characters`,
          'offsets count characters of "text" from 0, end exclusive',
          { column: spanColumn(raw, over, 'end'), path: ['spans', over, 'end'] },
        );
      }
      if (!spans.has(item)) spans.set(item, new Map());
      spans.get(item)!.set(annotator, list);
    }
  }
  if (kind === undefined) {
    throw userError('agree_empty', `${file} holds no annotations`, {
      file,
      hint: `write one JSON object per line, e.g. ${LABEL_EXAMPLE}`,
    });
  }
  const itemNames = [...items.keys()];
  const annotatorNames = [...annotators.keys()];
  if (kind.kind === 'spans')
    return { kind: 'spans', items: itemNames, annotators: annotatorNames, docs: spans };
  const mixedTypes =
    labels.some((l) => typeof l.label === 'number') && labels.some((l) => typeof l.label === 'string');
  const units = itemNames.map(() => annotatorNames.map((): Value | null => null));
  for (const l of labels)
    units[l.item]![l.annotator] = mixedTypes && l.label !== null ? String(l.label) : l.label;
  return { kind: 'labels', items: itemNames, annotators: annotatorNames, units, mixedTypes };
}

/**
 * Reads and parses an annotations file (see `parseAnnotations` for the format).
 *
 * @example
 * readAnnotations('examples/annotations/sentiment.jsonl').annotators; // ['ann1', 'ann2', 'ann3']
 */
export function readAnnotations(file: string): Annotations {
  let text: string;
  try {
    text = readFileSync(file, 'utf8');
  } catch (e) {
    const code = (e as NodeJS.ErrnoException).code;
    throw userError(
      'file_not_found',
      code === 'ENOENT' ? `${file} does not exist` : `Cannot read ${file} (${code})`,
      {
        file,
        hint: 'check the path',
      },
    );
  }
  return parseAnnotations(text, file);
}

/** Metrics over labels. */
export const LABEL_METRICS = [
  'cohen',
  'cohen-linear',
  'cohen-quadratic',
  'scott',
  'fleiss',
  'alpha-nominal',
  'alpha-ordinal',
  'alpha-interval',
  'alpha-ratio',
] as const;
/** Metrics over NER spans. */
export const SPAN_METRICS = ['span-exact', 'span-overlap'] as const;
export type AgreementMetric = (typeof LABEL_METRICS)[number] | (typeof SPAN_METRICS)[number];

/** What `agreementReport` computes. */
export interface AgreementOptions {
  /** The annotator taken as gold: scored against, and left out of the agreement among the others. */
  readonly gold?: string;
  /** Metrics to compute (default: every one that applies to the file's kind). */
  readonly metrics?: readonly string[];
  /** Label order, lowest first, for the ordered metrics over string labels. */
  readonly order?: readonly string[];
  /** Bootstrap samples for alpha's confidence interval (0 or absent: none). */
  readonly bootstrap?: number;
  readonly seed?: number;
}

/** A two-annotator coefficient for one pair. */
export interface PairValue {
  readonly a: string;
  readonly b: string;
  readonly items: number;
  readonly value: number;
}

/** One agreement coefficient over the annotators. */
export interface MetricResult {
  readonly metric: AgreementMetric;
  readonly value: number;
  /** Items the coefficient is computed over (those with at least two annotations). */
  readonly items: number;
  readonly annotators: number;
  /** Two-annotator coefficients: each pair (the value is their mean). */
  readonly pairs?: readonly PairValue[];
  readonly ci?: {
    readonly low: number;
    readonly high: number;
    readonly level: number;
    readonly samples: number;
  };
}

/** One annotator scored against gold. */
export interface GoldResult {
  readonly annotator: string;
  readonly items: number;
  readonly accuracy?: number;
  readonly kappa?: number;
  readonly exact?: SpanScore;
  readonly overlap?: SpanScore;
}

/** Everything `trainkit agree` reports. */
export interface AgreementReport {
  readonly kind: 'labels' | 'spans';
  readonly items: number;
  /** The annotators compared with each other (gold left out). */
  readonly annotators: readonly string[];
  readonly gold?: string;
  readonly metrics: readonly MetricResult[];
  readonly againstGold: readonly GoldResult[];
  /** Why a metric was skipped or how it was computed, in a sentence each. */
  readonly notes: readonly string[];
}

function chooseMetrics(kind: Annotations['kind'], asked: readonly string[] | undefined): AgreementMetric[] {
  const own: readonly AgreementMetric[] = kind === 'labels' ? LABEL_METRICS : SPAN_METRICS;
  if (asked === undefined || asked.length === 0) return [...own];
  const all: readonly string[] = [...LABEL_METRICS, ...SPAN_METRICS];
  return asked.map((m) => {
    if (!all.includes(m)) {
      const near = closest(m, all, 3);
      throw userError('agree_unknown_metric', `Unknown metric "${m}"`, {
        hint: `${near ? `did you mean "${near}"? ` : ''}metrics: ${all.join(', ')}`,
      });
    }
    if (!own.includes(m as AgreementMetric)) {
      throw userError(
        'agree_metric_kind',
        `The metric "${m}" is for ${kind === 'labels' ? 'spans' : 'labels'}, but the file holds ${kind}`,
        {
          hint: `for ${kind} use ${own.join(', ')}`,
        },
      );
    }
    return m as AgreementMetric;
  });
}

function goldIndex(annotators: readonly string[], gold: string | undefined): number {
  if (gold === undefined) return -1;
  const i = annotators.indexOf(gold);
  if (i === -1) {
    const near = closest(gold, annotators, 3);
    throw userError('agree_unknown_gold', `No annotator is called "${gold}"`, {
      hint: `${near ? `did you mean "${near}"? ` : ''}annotators: ${annotators.join(', ')}`,
    });
  }
  return i;
}

/** The label order as label values: numbers when the labels are numbers. */
function labelOrder(values: readonly Value[], order: readonly string[] | undefined): Value[] | undefined {
  const numeric = values.every((v) => typeof v === 'number');
  if (order === undefined) return numeric ? [...values].sort(compareValues) : undefined;
  const out: Value[] = order.map((o) => {
    if (!numeric) return o;
    const x = Number(o);
    if (o.trim() === '' || !Number.isFinite(x)) {
      throw userError('agree_bad_order', `--order has "${o}" but the labels are numbers`, {
        hint: 'numbers order themselves; leave --order out or list the numbers',
      });
    }
    return x;
  });
  const known = new Set<Value>();
  for (const v of out) {
    if (known.has(v))
      throw userError('agree_bad_order', `--order lists "${v}" twice`, { hint: 'list each label once' });
    known.add(v);
  }
  for (const v of values) {
    if (!known.has(v)) {
      throw userError('agree_label_not_in_order', `The label "${v}" is not in --order`, {
        hint: `list every label, lowest first: --order ${[...out, v].join(',')}`,
      });
    }
  }
  return out;
}

const WEIGHTS: Record<string, KappaWeights> = {
  cohen: 'none',
  'cohen-linear': 'linear',
  'cohen-quadratic': 'quadratic',
};
const ALPHA: Record<string, AlphaMetric> = {
  'alpha-nominal': 'nominal',
  'alpha-ordinal': 'ordinal',
  'alpha-interval': 'interval',
  'alpha-ratio': 'ratio',
};

function column(units: ReliabilityData, j: number): (Value | null)[] {
  return units.map((u) => u[j] ?? null);
}

function mean(xs: readonly number[]): number {
  const finite = xs.filter((x) => Number.isFinite(x));
  return finite.length > 0 ? finite.reduce((s, x) => s + x, 0) / finite.length : Number.NaN;
}

function labelReport(
  set: LabelAnnotations,
  metrics: readonly AgreementMetric[],
  options: AgreementOptions,
): AgreementReport {
  const g = goldIndex(set.annotators, options.gold);
  const coders = set.annotators.map((_, j) => j).filter((j) => j !== g);
  const units = set.units.map((u) => coders.map((j) => u[j] ?? null));
  const names = coders.map((j) => set.annotators[j]!);
  const values = [...new Set(set.units.flat().filter((v): v is Value => v !== null))].sort(compareValues);
  const order = labelOrder(values, options.order);
  const notes: string[] = [];
  if (set.mixedTypes) notes.push('labels mix numbers and strings, so every label was read as a string');
  const results: MetricResult[] = [];
  const shared = units.filter((u) => u.filter((v) => v !== null).length >= 2).length;
  if (names.length < 2) notes.push('agreement needs at least two annotators besides gold');
  for (const metric of names.length < 2 ? [] : metrics) {
    const weights = WEIGHTS[metric];
    if (weights !== undefined || metric === 'scott') {
      if (weights !== undefined && weights !== 'none' && order === undefined) {
        notes.push(`${metric} skipped: string labels need an order (--order low,mid,high)`);
        continue;
      }
      const pairs: PairValue[] = [];
      for (let a = 0; a < names.length; a++) {
        for (let b = a + 1; b < names.length; b++) {
          const x = column(units, a);
          const y = column(units, b);
          const m = confusionMatrix(x, y, order ?? values);
          const items = m.counts.flat().reduce((s, c) => s + c, 0);
          if (items === 0) continue;
          const value =
            weights === undefined
              ? scottPiFromMatrix(m.counts)
              : cohenKappa(x, y, { weights, categories: order ?? values }).kappa;
          pairs.push({ a: names[a]!, b: names[b]!, items, value });
        }
      }
      if (pairs.length > 1) notes.push(`${metric}: the mean over ${pairs.length} pairs of annotators`);
      results.push({
        metric,
        value: mean(pairs.map((p) => p.value)),
        items: shared,
        annotators: names.length,
        pairs,
      });
      continue;
    }
    if (metric === 'fleiss') {
      const r = fleissKappa(units, values);
      const counts = new Set(units.map((u) => u.filter((v) => v !== null).length).filter((c) => c >= 2));
      if (counts.size > 1)
        notes.push(
          "fleiss: items have different numbers of labels; each item's agreement is over its own pairs",
        );
      results.push({ metric, value: r.kappa, items: r.subjects, annotators: names.length });
      continue;
    }
    const am = ALPHA[metric]!;
    if (am === 'ratio' && !values.every((v) => typeof v === 'number')) {
      notes.push(`${metric} skipped: a ratio scale needs numeric labels`);
      continue;
    }
    if (am !== 'nominal' && order === undefined) {
      notes.push(`${metric} skipped: string labels need an order (--order low,mid,high)`);
      continue;
    }
    if (am === 'interval' && !values.every((v) => typeof v === 'number')) {
      notes.push(`${metric}: string labels are placed at their positions 1, 2, … in --order`);
    }
    const byOrder = am === 'nominal' || order === undefined ? {} : { order };
    const r = krippendorffAlpha(units, am, byOrder);
    const result: MetricResult = { metric, value: r.alpha, items: r.units, annotators: names.length };
    if ((options.bootstrap ?? 0) > 0) {
      const ci = alphaBootstrap(units, am, {
        ...byOrder,
        samples: options.bootstrap!,
        seed: options.seed ?? 1,
      });
      results.push({ ...result, ci: { low: ci.low, high: ci.high, level: ci.level, samples: ci.samples } });
    } else results.push(result);
  }
  const againstGold: GoldResult[] =
    g === -1
      ? []
      : coders.map((j) => {
          const x = column(set.units, j);
          const y = column(set.units, g);
          const { accuracy, n } = accuracyAgainst(x, y);
          const kappa = n > 0 ? cohenKappa(x, y, { categories: values }).kappa : Number.NaN;
          return { annotator: set.annotators[j]!, items: n, accuracy, kappa };
        });
  return {
    kind: 'labels',
    items: set.items.length,
    annotators: names,
    ...(options.gold === undefined ? {} : { gold: options.gold }),
    metrics: results,
    againstGold,
    notes,
  };
}

function spanReport(
  set: SpanAnnotationSet,
  metrics: readonly AgreementMetric[],
  options: AgreementOptions,
): AgreementReport {
  const g = goldIndex(set.annotators, options.gold);
  const names = set.annotators.filter((_, j) => j !== g);
  const notes: string[] = [];
  const results: MetricResult[] = [];
  if (names.length < 2) notes.push('agreement needs at least two annotators besides gold');
  let shared = 0;
  for (const byAnnotator of set.docs.values()) {
    if (names.filter((a) => byAnnotator.has(a)).length >= 2) shared++;
  }
  for (const metric of names.length < 2 ? [] : metrics) {
    const mode = metric === 'span-exact' ? 'exact' : 'overlap';
    const { pairs, meanF1 } = pairwiseSpanAgreement(set.docs, mode, names);
    if (pairs.length > 1) notes.push(`${metric}: the mean F1 over ${pairs.length} pairs of annotators`);
    results.push({
      metric,
      value: meanF1,
      items: shared,
      annotators: names.length,
      pairs: pairs.map((p) => ({ a: p.a, b: p.b, items: p.items, value: p.score.f1 })),
    });
  }
  let againstGold: GoldResult[] = [];
  if (options.gold !== undefined) {
    const exact = spanScoresAgainstGold(set.docs, options.gold, 'exact', names);
    const overlap = spanScoresAgainstGold(set.docs, options.gold, 'overlap', names);
    againstGold = exact.map((e, i) => ({
      annotator: e.a,
      items: e.items,
      exact: e.score,
      overlap: overlap[i]!.score,
    }));
  }
  return {
    kind: 'spans',
    items: set.items.length,
    annotators: names,
    ...(options.gold === undefined ? {} : { gold: options.gold }),
    metrics: results,
    againstGold,
    notes,
  };
}

/**
 * The agreement report of an annotations file: the chosen coefficients among the annotators and,
 * with a gold annotator, each one's accuracy (labels) or span precision/recall/F1 against it.
 *
 * @example
 * agreementReport(parseAnnotations(text, 'ann.jsonl'), { gold: 'expert', metrics: ['alpha-nominal'] });
 */
export function agreementReport(annotations: Annotations, options: AgreementOptions = {}): AgreementReport {
  const metrics = chooseMetrics(annotations.kind, options.metrics);
  return annotations.kind === 'labels'
    ? labelReport(annotations, metrics, options)
    : spanReport(annotations, metrics, options);
}
