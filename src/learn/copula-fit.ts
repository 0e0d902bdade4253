import { GaussianCopula, normalQuantile, Rng } from '../random/index.js';
import type { ColumnSpec } from '../spec/index.js';
import type { ColumnProfile } from './profile.js';

/** The spec a row's value is drawn from: its parent's case, or the column's own settings. */
function caseSpec(spec: ColumnSpec, parentValue: string | null | undefined): Record<string, unknown> {
  const own = spec as unknown as Record<string, unknown> & {
    cases?: Record<string, Record<string, unknown>>;
  };
  const over = parentValue === null || parentValue === undefined ? undefined : own.cases?.[parentValue];
  return over ? { ...own, ...over } : own;
}

const BASE = '\u0000base';

/**
 * A Gaussian copula fitted on normal scores: each row's score is its rank within its conditional
 * case (ties broken at random, so a category's rows fill its interval of the uniform, as the
 * category's quantile walks it; a value left out as rare lands anywhere), and the matrix is the
 * scores' correlations, rounded to three places and shrunk towards the identity until it is
 * positive definite. Undefined for fewer than two columns.
 *
 * @example
 * fitCopula(['age', 'hours'], specs, {}, profiles, 0)?.matrix; // [[1, 0.07], [0.07, 1]]
 */
export function fitCopula(
  names: readonly string[],
  columns: Record<string, ColumnSpec>,
  parents: Record<string, string>,
  profiles: ReadonlyMap<string, ColumnProfile>,
  seed: number,
): { columns: string[]; matrix: number[][] } | undefined {
  if (names.length < 2) return undefined;
  const rng = Rng.from([seed, 'learn-copula']);
  const n = profiles.get(names[0]!)!.rows;
  const scores: Float64Array[] = [];
  for (const name of names) {
    const p = profiles.get(name)!;
    const spec = columns[name]!;
    const parent = parents[name];
    const pk = parent ? profiles.get(parent)!.keys : undefined;
    // the value each row is ranked by: its category's position in its case's list, or its number
    const rankValue = new Float64Array(n).fill(Number.NaN);
    const group = new Array<string>(n);
    let j = 0;
    const positions = new Map<string, Map<string, number>>();
    for (let i = 0; i < n; i++) {
      const k = p.keys[i] ?? null;
      const parentValue = pk ? pk[i] : undefined;
      const cases = (spec as { cases?: Record<string, unknown> }).cases;
      const caseKey = parentValue != null && cases && parentValue in cases ? parentValue : BASE;
      group[i] = caseKey;
      if (k === null) continue;
      if (p.numbers && spec.kind !== 'category' && spec.kind !== 'boolean') {
        rankValue[i] = p.numbers[j++]!;
        continue;
      }
      let pos = positions.get(caseKey);
      if (!pos) {
        const s = caseSpec(spec, caseKey === BASE ? null : caseKey);
        const order = spec.kind === 'boolean' ? ['false', 'true'] : Object.keys((s.values as object) ?? {});
        pos = new Map(order.map((v, idx) => [v, idx]));
        positions.set(caseKey, pos);
      }
      const at = pos.get(spec.kind === 'boolean' ? k.toLowerCase() : k);
      // a value left out (rare) has no interval of its own: it lands anywhere
      rankValue[i] = at ?? rng.float() * pos.size - 0.5;
    }
    const z = new Float64Array(n);
    const byGroup = new Map<string, number[]>();
    for (let i = 0; i < n; i++) {
      if (p.keys[i] === null) continue;
      const list = byGroup.get(group[i]!) ?? [];
      list.push(i);
      byGroup.set(group[i]!, list);
    }
    for (const rows of byGroup.values()) {
      const jitter = new Float64Array(n);
      for (const r of rows) jitter[r] = rng.float();
      // ties are broken at random, so a category's rows fill its interval
      rows.sort((x, y) => rankValue[x]! - rankValue[y]! || jitter[x]! - jitter[y]!);
      rows.forEach((r, rank) => {
        z[r] = normalQuantile((rank + 0.5) / rows.length);
      });
    }
    scores.push(z);
  }
  const d = names.length;
  const raw: number[][] = Array.from({ length: d }, () => new Array<number>(d).fill(0));
  const sd = scores.map((z) => Math.sqrt(z.reduce((s, x) => s + x * x, 0) / n) || 1);
  for (let a = 0; a < d; a++) {
    raw[a]![a] = 1;
    for (let b = 0; b < a; b++) {
      let s = 0;
      const za = scores[a]!;
      const zb = scores[b]!;
      for (let i = 0; i < n; i++) s += za[i]! * zb[i]!;
      const r = s / n / (sd[a]! * sd[b]!);
      raw[a]![b] = r;
      raw[b]![a] = r;
    }
  }
  for (const shrink of [0, 0.01, 0.02, 0.05, 0.1, 0.2, 0.5]) {
    const m = raw.map((row, a) => row.map((r, b) => (a === b ? 1 : Number(((1 - shrink) * r).toFixed(3)))));
    const built = GaussianCopula.fromMatrix(m);
    if (built instanceof GaussianCopula) return { columns: [...names], matrix: m };
  }
  return undefined;
}
