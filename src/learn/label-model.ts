import { Rng } from '../random/index.js';
import type { ColumnSpec } from '../spec/index.js';
import { LogisticRegression } from '../validate/index.js';
import { sig } from './goodness-of-fit.js';
import type { ColumnProfile } from './profile.js';
import type { LearnedColumn } from './types.js';

/** A binary target as a label whose probability is a logistic model of the row. */
export interface LabelModel {
  readonly spec: ColumnSpec;
  readonly note: string;
}

/** The spec's limit on an expression's length, less a margin. */
const MAX_EXPRESSION = 3900;
/** Rows the logistic regression is fitted on at most. */
const FIT_ROWS = 10_000;

const name = (column: string) => (/^[A-Za-z_][A-Za-z0-9_]*$/.test(column) ? column : undefined);
const literal = (value: string) => `'${value.replace(/\\/g, '\\\\').replace(/'/g, "\\'")}'`;

/**
 * Fits the target of a binary classification task as a logistic regression of the other
 * modelled columns (numbers as they are, categories one-hot against their most frequent value,
 * booleans as 0/1) and writes it as a `label` with `p: sigmoid(…)` and the data's two values as
 * `outcomes`: the generated rows then carry the relation a model has to learn, in a formula a
 * reviewer can read. Undefined when the target is not a two-valued column or no feature can be
 * written in an expression.
 *
 * @example
 * fitLabelModel('income', columns, profiles, 5)?.spec; // { kind: 'label', p: 'sigmoid(…)', outcomes: [...] }
 */
export function fitLabelModel(
  target: string,
  learned: readonly LearnedColumn[],
  profiles: ReadonlyMap<string, ColumnProfile>,
  seed = 0,
): LabelModel | undefined {
  const tp = profiles.get(target);
  if (tp?.distinct !== 2 || tp.nulls > 0 || tp.type === 'integer' || tp.type === 'number') return undefined;
  // the minority value is the positive class
  const [negative, positive] = [...tp.counts].sort((a, b) => b[1] - a[1]).map(([v]) => v) as [string, string];
  type Term = { write: (coef: number) => string; value: (row: number) => number; scale: number };
  const terms: Term[] = [];
  for (const col of learned) {
    const p = profiles.get(col.name)!;
    const ident = name(col.name);
    if (!col.modelled || col.name === target || !ident) continue;
    if (p.type === 'integer' || p.type === 'number') {
      const values = new Float64Array(p.rows);
      let j = 0;
      let sum = 0;
      p.keys.forEach((k) => {
        if (k !== null) sum += p.numbers![j++]!;
      });
      const mean = sig(sum / Math.max(1, j), 6);
      j = 0;
      p.keys.forEach((k, i) => {
        values[i] = k === null ? mean : p.numbers![j++]!;
      });
      const x = p.nulls > 0 ? `coalesce(${ident}, ${mean})` : ident;
      let ss = 0;
      for (const v of values) ss += (v - mean) ** 2;
      terms.push({
        write: (c) => `${sig(c, 3)} * ${x}`,
        value: (r) => values[r]!,
        scale: Math.sqrt(ss / p.rows),
      });
    } else if (p.type === 'boolean') {
      terms.push({
        write: (c) => `if(${ident}, ${sig(c, 3)}, 0)`,
        value: (r) => (p.keys[r]?.toLowerCase() === 'true' ? 1 : 0),
        scale: 1,
      });
    } else if (col.spec.kind === 'category' && !Array.isArray(col.spec.values)) {
      const kept = Object.entries(col.spec.values)
        .sort((a, b) => b[1] - a[1])
        .map(([v]) => v);
      for (const v of kept.slice(1))
        terms.push({
          write: (c) => `if(${ident} == ${literal(v)}, ${sig(c, 3)}, 0)`,
          value: (r) => (p.keys[r] === v ? 1 : 0),
          scale: 1,
        });
    }
  }
  if (terms.length === 0) return undefined;
  // Newton's method costs rows × features²: a seeded sample of FIT_ROWS rows is as good a fit
  const rng = Rng.from([seed, 'learn-label']);
  const rows = Array.from({ length: tp.rows }, (_, r) => r);
  for (let i = rows.length - 1; i > 0; i--) {
    const j = rng.below(i + 1);
    [rows[i], rows[j]] = [rows[j]!, rows[i]!];
  }
  const fitRows = rows.slice(0, FIT_ROWS);
  const x = fitRows.map((r) => Float64Array.from(terms, (t) => t.value(r)));
  const y = fitRows.map((r) => (tp.keys[r] === positive ? 1 : 0));
  const model = new LogisticRegression({ l2: 1e-3, tol: 1e-6, maxIter: 30 }).fit(x, y);
  // the terms by effect (coefficient × spread); the weakest go first while the formula is too long
  const ranked = [...model.coefficients]
    .map((c, i) => ({ c, i, effect: Math.abs(c) * terms[i]!.scale }))
    .filter((t) => t.effect >= 0.02)
    .sort((a, b) => b.effect - a.effect);
  let p = '';
  for (let keep = ranked.length; keep >= 0; keep--) {
    const parts = [
      String(sig(model.intercept, 4)),
      ...ranked
        .slice(0, keep)
        .sort((a, b) => a.i - b.i)
        .map((t) => terms[t.i]!.write(t.c)),
    ];
    p = `sigmoid(${parts.join(' + ').replace(/\+ -/g, '- ')})`;
    if (p.length <= MAX_EXPRESSION) break;
  }
  return {
    spec: { kind: 'label', p, outcomes: [negative, positive] },
    note: `the target: a logistic regression of the other columns (P(${target} = ${positive})), fitted on the source, so a model trained on the generated rows learns the same relation`,
  };
}
