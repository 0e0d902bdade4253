import type { Span } from './types.js';

export interface GoldDocument {
  readonly id: string;
  readonly text: string;
  readonly spans: readonly { readonly start: number; readonly end: number; readonly type: string }[];
}

export interface TypeScores {
  readonly gold: number;
  readonly caught: number;
  readonly predicted: number;
  readonly correct: number;
  readonly precision: number;
  readonly recall: number;
  readonly f2: number;
}

export interface EvaluationReport {
  readonly documents: number;
  readonly overall: TypeScores;
  readonly types: Readonly<Record<string, TypeScores>>;
}

/** Gold type names of the common public PII sets, mapped to trainkit's types. */
export const defaultTypeMap: Readonly<Record<string, string>> = {
  PHONE_NUMBER: 'PHONE',
  EMAIL_ADDRESS: 'EMAIL',
  DATE_TIME: 'DATE',
  US_SSN: 'SSN',
  IBAN_CODE: 'IBAN',
  DOMAIN_NAME: 'URL',
  US_DRIVER_LICENSE: 'DRIVER_LICENSE',
  NRP: 'LOCATION',
  PREFIX: 'PERSON',
  TITLE: 'PERSON',
  GPE: 'LOCATION',
  LOC: 'LOCATION',
  ORG: 'ORGANIZATION',
  PER: 'PERSON',
};

/** Marks the covered positions of `spans` in a bitmap of the text's length. */
function coverage(length: number, spans: readonly { start: number; end: number }[]): Uint8Array {
  const covered = new Uint8Array(length);
  for (const s of spans) covered.fill(1, Math.max(0, s.start), Math.min(length, s.end));
  return covered;
}

/** Share of the non-space characters of [start, end) that are covered. */
function coveredShare(text: string, covered: Uint8Array, start: number, end: number): number {
  let total = 0;
  let hit = 0;
  for (let i = start; i < end; i++) {
    if (/\s/.test(text[i]!)) continue;
    total++;
    hit += covered[i]!;
  }
  return total === 0 ? 1 : hit / total;
}

function scores(gold: number, caught: number, predicted: number, correct: number): TypeScores {
  const precision = predicted === 0 ? 1 : correct / predicted;
  const recall = gold === 0 ? 1 : caught / gold;
  const f2 = precision + recall === 0 ? 0 : (5 * precision * recall) / (4 * precision + recall);
  return { gold, caught, predicted, correct, precision, recall, f2 };
}

/**
 * Scores detected spans against gold spans the way a privacy engineer counts: a gold entity is
 * caught when at least 80% of its non-space characters are masked, whatever type they were given;
 * a predicted span is correct when at least half of its non-space characters lie in gold entities.
 * Per type, recall is by gold type (mapped through `typeMap`) and precision by predicted type;
 * F2 weighs recall four times as much as precision.
 *
 * @example
 * const report = evaluate(goldDocs, (text) => detector.detect(text));
 */
export function evaluate(
  docs: readonly GoldDocument[],
  detect: (text: string, id: string) => readonly Span[],
  typeMap: Readonly<Record<string, string>> = defaultTypeMap,
): EvaluationReport {
  const acc = new Map<string, { gold: number; caught: number; predicted: number; correct: number }>();
  const bucket = (t: string) => {
    let b = acc.get(t);
    if (!b) {
      b = { gold: 0, caught: 0, predicted: 0, correct: 0 };
      acc.set(t, b);
    }
    return b;
  };
  for (const doc of docs) {
    const predicted = detect(doc.text, doc.id);
    const masked = coverage(doc.text.length, predicted);
    const goldCover = coverage(doc.text.length, doc.spans);
    for (const g of doc.spans) {
      const b = bucket(typeMap[g.type] ?? g.type);
      b.gold++;
      if (coveredShare(doc.text, masked, g.start, g.end) >= 0.8) b.caught++;
    }
    for (const p of predicted) {
      const b = bucket(p.type);
      b.predicted++;
      if (coveredShare(doc.text, goldCover, p.start, p.end) >= 0.5) b.correct++;
    }
  }
  const types: Record<string, TypeScores> = {};
  let g = 0;
  let c = 0;
  let p = 0;
  let k = 0;
  for (const [t, b] of [...acc].sort(([a], [b]) => (a < b ? -1 : 1))) {
    types[t] = scores(b.gold, b.caught, b.predicted, b.correct);
    g += b.gold;
    c += b.caught;
    p += b.predicted;
    k += b.correct;
  }
  return { documents: docs.length, overall: scores(g, c, p, k), types };
}

/** The gold types the tagger is scored on alone: its own, and addresses (a place it covers). */
export const TAGGER_GOLD_TYPES: readonly string[] = ['PERSON', 'LOCATION', 'ADDRESS', 'ORGANIZATION'];

/**
 * The documents with only the gold spans whose type (mapped through `typeMap`) is one of `types`:
 * to score one recognizer on the entities it is meant to find.
 *
 * @example
 * evaluate(restrictGold(docs, ['PERSON']), (t) => names.detect(t));
 */
export function restrictGold(
  docs: readonly GoldDocument[],
  types: readonly string[],
  typeMap: Readonly<Record<string, string>> = defaultTypeMap,
): GoldDocument[] {
  const keep = new Set(types);
  return docs.map((d) => ({ ...d, spans: d.spans.filter((s) => keep.has(typeMap[s.type] ?? s.type)) }));
}
