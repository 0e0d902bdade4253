import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import { describe, expect, it } from 'vitest';
import { generateChunks, generateToDirectory, planGeneration } from '../src/generate/index.js';
import { planLayouts } from '../src/generate/plan.js';
import {
  exponentialCdf,
  lognormalCdf,
  normalCdf,
  Rng,
  regularizedGamma,
  spearmanFromGaussian,
} from '../src/random/index.js';
import { defineSpec, mergeOverride, type SpecInput } from '../src/spec/index.js';
import type { Value } from '../src/values/index.js';
import { runCli } from './helpers/run-cli.js';
import {
  ALPHA,
  expectCorrelation,
  expectKsOneSample,
  expectKsTwoSample,
  expectRate,
  K,
  spearman,
} from './helpers/stats.js';
import { tempDir } from './helpers/tmp.js';

const dir = tempDir();

/** A table's output, column by column, plus where each chunk starts. */
interface TableData {
  cols: Record<string, Value[]>;
  rows: number;
  /** the first row of each chunk */
  chunkStarts: number[];
}

/** Generates a spec in process: table → columns (in the layout's order, copied out of the reused arrays). */
function run(input: SpecInput, seed?: number): Map<string, TableData> {
  const plan = planGeneration(defineSpec(input), seed === undefined ? {} : { seed });
  const layouts = planLayouts(plan);
  const out = new Map<string, TableData>();
  for (const l of layouts) {
    out.set(l.name, {
      cols: Object.fromEntries(l.columns.map((c) => [c.name, [] as Value[]])),
      rows: 0,
      chunkStarts: [],
    });
  }
  for (const chunk of generateChunks(plan)) {
    const layout = layouts.find((l) => l.name === chunk.table)!;
    const t = out.get(chunk.table)!;
    t.chunkStarts.push(t.rows);
    layout.columns.forEach((c, i) => {
      const dest = t.cols[c.name]!;
      const src = chunk.columns[i]!;
      for (let r = 0; r < chunk.rows; r++) dest.push(src[r]!);
    });
    t.rows += chunk.rows;
  }
  return out;
}

const nums = (xs: readonly Value[]) => xs as number[];
const pick = <T>(xs: readonly T[], mask: readonly boolean[]) => xs.filter((_, i) => mask[i]);

/** Chi-square goodness of fit of observed counts to probabilities, at ALPHA. */
function expectFit(counts: readonly number[], probs: readonly number[]): void {
  const n = counts.reduce((a, b) => a + b, 0);
  let stat = 0;
  counts.forEach((c, i) => {
    const e = n * probs[i]!;
    stat += ((c - e) * (c - e)) / e;
  });
  const df = counts.length - 1;
  const p = regularizedGamma(df / 2, stat / 2).upper;
  expect(p, `chi-square ${stat} with ${df} df, p = ${p}`).toBeGreaterThanOrEqual(ALPHA);
}

function countOf<T>(xs: readonly T[], values: readonly T[]): number[] {
  return values.map((v) => xs.filter((x) => x === v).length);
}

/** The CDF of a lognormal truncated to [lo, ∞). */
const truncLognormal = (mu: number, sigma: number, lo: number) => (x: number) => {
  const f0 = lognormalCdf(lo, mu, sigma);
  return x < lo ? 0 : (lognormalCdf(x, mu, sigma) - f0) / (1 - f0);
};

/** Runs `trainkit generate` on a spec text; stderr with the temp path masked. */
async function specError(name: string, text: string) {
  const file = join(dir, name);
  writeFileSync(file, text);
  const r = await runCli(['generate', file, '--out', join(dir, `out-${name}`)]);
  return { code: r.code, stderr: r.stderr.replaceAll(dir, '<dir>') };
}

describe('label', () => {
  const data = run({
    name: 'labels',
    seed: 11,
    tables: {
      t: {
        rows: 50_000,
        columns: {
          id: { kind: 'id' },
          x: { kind: 'number', dist: 'uniform', min: -4, max: 4 },
          bin: { kind: 'label', rate: 0.03 },
          cls: { kind: 'label', classes: { a: 5, b: 3, c: 2 } },
          dep: { kind: 'label', p: 'sigmoid(1.5 * x - 1)' },
        },
      },
    },
  }).get('t')!;

  it('a rate label is true at its rate (binomial, K = 5)', () => {
    const v = data.cols.bin!;
    expect(v.every((x) => typeof x === 'boolean')).toBe(true);
    expectRate(v.filter((x) => x === true).length, v.length, 0.03);
  });

  it('a classes label follows its weights (chi-square)', () => {
    const v = data.cols.cls!;
    const counts = countOf(v, ['a', 'b', 'c']);
    expect(counts.reduce((a, b) => a + b, 0)).toBe(v.length);
    expectFit(counts, [0.5, 0.3, 0.2]);
  });

  it('a p label is true with the probability its expression gives, bucket by bucket', () => {
    const x = nums(data.cols.x!);
    const y = data.cols.dep!;
    const p = (v: number) => 1 / (1 + Math.exp(-(1.5 * v - 1)));
    for (let b = -4; b < 4; b++) {
      let hits = 0;
      let expected = 0;
      let varSum = 0;
      let n = 0;
      for (let i = 0; i < x.length; i++) {
        if (x[i]! < b || x[i]! >= b + 1) continue;
        n++;
        const pi = p(x[i]!);
        expected += pi;
        varSum += pi * (1 - pi);
        if (y[i] === true) hits++;
      }
      // hits is a sum of independent Bernoulli(p_i): mean Σp_i, variance Σp_i(1 − p_i)
      const tol = K * Math.sqrt(varSum);
      expect(
        Math.abs(hits - expected),
        `bucket [${b}, ${b + 1}) of ${n} rows: ${hits} vs ${expected} ± ${tol}`,
      ).toBeLessThanOrEqual(tol);
    }
  });
});

const fraudSpec: SpecInput = {
  name: 'fraud',
  seed: 5,
  tables: {
    tx: {
      rows: 40_000,
      scenarios: [
        {
          name: 'fraud',
          when: 'is_fraud',
          columns: {
            amount: { dist: 'lognormal', mu: 6, sigma: 1.2 },
            hour: { dist: 'uniform', min: 0, max: 5 },
            score: { min: 100, max: 200 },
          },
        },
        {
          name: 'promo',
          rate: 0.25,
          columns: { score: { min: 300, max: 400 }, wait: { dist: 'exponential', rate: 2 } },
        },
      ],
      columns: {
        id: { kind: 'id' },
        is_fraud: { kind: 'label', rate: 0.1 },
        amount: { kind: 'number', dist: 'lognormal', mu: 3.4, sigma: 0.9, min: 0.5 },
        hour: { kind: 'integer', dist: 'normal', mean: 14, sd: 4, min: 0, max: 23 },
        score: { kind: 'number', min: 0, max: 1 },
        wait: { kind: 'number', dist: 'lognormal', mu: 0, sigma: 1 },
      },
    },
  },
};

describe('scenarios', () => {
  const data = run(fraudSpec).get('tx')!;
  const fraud = data.cols.is_fraud!.map((v) => v === true);
  const truth = data.cols._scenario!.map((v) => (v === null ? [] : String(v).split('+')));
  const promo = truth.map((s) => s.includes('promo'));

  it('a when scenario overrides exactly the rows where it holds (KS per group)', () => {
    expect(truth.map((s) => s.includes('fraud'))).toEqual(fraud);
    const amount = nums(data.cols.amount!);
    const notFraud = fraud.map((f) => !f);
    expectKsOneSample(pick(amount, fraud), truncLognormal(6, 1.2, 0.5));
    expectKsOneSample(pick(amount, notFraud), truncLognormal(3.4, 0.9, 0.5));
  });

  it('an override that changes dist drops the old parameters (uniform hours, not a truncated normal)', () => {
    const hour = nums(data.cols.hour!);
    const fraudHours = pick(hour, fraud);
    expect(fraudHours.every((h) => Number.isInteger(h) && h >= 0 && h <= 5)).toBe(true);
    expectFit(
      countOf(fraudHours, [0, 1, 2, 3, 4, 5]),
      [1, 1, 1, 1, 1, 1].map((w) => w / 6),
    );
    expect(
      mergeOverride(
        { kind: 'number', dist: 'lognormal', mu: 3.4, sigma: 0.9, min: 0.5, round: 2, given: 'g', cases: {} },
        { dist: 'exponential', rate: 2 },
      ),
    ).toEqual({ kind: 'number', dist: 'exponential', rate: 2, min: 0.5, round: 2 });
    expect(mergeOverride({ kind: 'number', dist: 'normal', mean: 1, sd: 2 }, { sd: 3 })).toEqual({
      kind: 'number',
      dist: 'normal',
      mean: 1,
      sd: 3,
    });
  });

  it('a rate scenario holds at its rate, independently of the label', () => {
    expectRate(promo.filter(Boolean).length, promo.length, 0.25);
    const promoAmongFraud = pick(promo, fraud);
    expectRate(promoAmongFraud.filter(Boolean).length, promoAmongFraud.length, 0.25);
    const wait = nums(data.cols.wait!);
    expectKsOneSample(
      pick(
        wait,
        promo.map((p, i) => p && !fraud[i]),
      ),
      (x) => exponentialCdf(x, 2),
    );
  });

  it('the first listed scenario wins where two hold', () => {
    const score = nums(data.cols.score!);
    const both = fraud.map((f, i) => f && promo[i]!);
    expect(both.filter(Boolean).length).toBeGreaterThan(100);
    for (let i = 0; i < score.length; i++) {
      const [lo, hi] = fraud[i] ? [100, 200] : promo[i] ? [300, 400] : [0, 1];
      if (!(score[i]! >= lo && score[i]! <= hi))
        throw new Error(`row ${i}: score ${score[i]} not in [${lo}, ${hi}]`);
    }
    expect(truth.filter((s) => s.length === 2).every((s) => s.join('+') === 'fraud+promo')).toBe(true);
    expect(truth.filter((s) => s.length === 2).length).toBe(both.filter(Boolean).length);
  });

  it('ground truth: `_scenario` and `_edge_case` columns by default, nothing with none', () => {
    const layout = [...Object.keys(data.cols)];
    expect(layout).toEqual(['id', 'is_fraud', 'amount', 'hour', 'score', 'wait', '_scenario', '_edge_case']);
    expect(data.cols._edge_case!.every((v) => v === null)).toBe(true);
    const none = run({
      ...fraudSpec,
      tables: { tx: { ...fraudSpec.tables.tx!, rows: 2000, ground_truth: 'none' } },
    });
    expect([...none.keys()]).toEqual(['tx']);
    expect(Object.keys(none.get('tx')!.cols)).toEqual(['id', 'is_fraud', 'amount', 'hour', 'score', 'wait']);
  });

  it('ground truth as a sidecar: one row per affected row, keyed and tied to the table by a foreign key', async () => {
    const spec: SpecInput = {
      ...fraudSpec,
      tables: {
        tx: {
          ...fraudSpec.tables.tx!,
          rows: 3000,
          ground_truth: 'sidecar',
          edge_cases: [{ name: 'no_wait', kind: 'missing', column: 'wait', rate: 0.05 }],
        },
      },
    };
    const mem = run(spec);
    const tx = mem.get('tx')!;
    const side = mem.get('tx_truth')!;
    expect(Object.keys(tx.cols)).toEqual(['id', 'is_fraud', 'amount', 'hour', 'score', 'wait']);
    expect(Object.keys(side.cols)).toEqual(['id', 'scenario', 'edge_case']);
    // a row is in the sidecar when a scenario held (fraud, or promo: score in [300, 400]) or an edge case hit
    const affected = tx.cols.id!.filter(
      (_, i) =>
        tx.cols.is_fraud![i] === true || (tx.cols.score![i] as number) >= 300 || tx.cols.wait![i] === null,
    );
    expect(side.cols.id).toEqual(affected);
    const promoOrEdge = side.cols.id!.length;
    const byKey = new Map(
      side.cols.id!.map((k, i) => [k, [side.cols.scenario![i], side.cols.edge_case![i]]]),
    );
    for (let i = 0; i < tx.rows; i++) {
      const rec = byKey.get(tx.cols.id![i]!);
      if (tx.cols.wait![i] === null) expect(rec?.[1]).toBe('no_wait');
      else expect(rec?.[1] ?? null).toBeNull();
      if (tx.cols.is_fraud![i] === true) expect(String(rec?.[0])).toMatch(/^fraud/);
    }

    const out = join(dir, 'sidecar');
    await generateToDirectory(defineSpec(spec), { out, format: 'sqlite' });
    const db = new Database(join(out, 'fraud.sqlite'), { readonly: true });
    try {
      expect(db.pragma('foreign_key_list(tx_truth)')).toMatchObject([{ table: 'tx', from: 'id', to: 'id' }]);
      expect(db.pragma('foreign_key_check')).toEqual([]);
      expect((db.prepare('SELECT count(*) AS n FROM tx_truth').get() as { n: number }).n).toBe(promoOrEdge);
    } finally {
      db.close();
    }
  });
});

describe('given / cases', () => {
  const data = run({
    name: 'cases',
    seed: 3,
    tables: {
      t: {
        rows: 30_000,
        columns: {
          id: { kind: 'id' },
          segment: { kind: 'category', values: { consumer: 6, business: 3, gov: 1 } },
          spend: {
            kind: 'number',
            dist: 'normal',
            mean: 50,
            sd: 10,
            given: 'segment',
            cases: { business: { mean: 200, sd: 30 }, consumer: { dist: 'lognormal', mu: 3, sigma: 0.5 } },
          },
          plan: {
            kind: 'category',
            values: { basic: 1, pro: 1 },
            given: 'segment',
            cases: { business: { values: { basic: 1, pro: 9 } } },
          },
        },
      },
    },
  }).get('t')!;
  const seg = data.cols.segment!;
  const spend = nums(data.cols.spend!);
  const plan = data.cols.plan!;

  it('each case draws from its own distribution; values without a case use the base (KS)', () => {
    expectKsOneSample(
      pick(
        spend,
        seg.map((s) => s === 'business'),
      ),
      (x) => normalCdf((x - 200) / 30),
    );
    expectKsOneSample(
      pick(
        spend,
        seg.map((s) => s === 'consumer'),
      ),
      (x) => lognormalCdf(x, 3, 0.5),
    );
    expectKsOneSample(
      pick(
        spend,
        seg.map((s) => s === 'gov'),
      ),
      (x) => normalCdf((x - 50) / 10),
    );
  });

  it('a category case reweights the values for its rows only (chi-square)', () => {
    expectFit(
      countOf(
        pick(
          plan,
          seg.map((s) => s === 'business'),
        ),
        ['basic', 'pro'],
      ),
      [0.1, 0.9],
    );
    expectFit(
      countOf(
        pick(
          plan,
          seg.map((s) => s !== 'business'),
        ),
        ['basic', 'pro'],
      ),
      [0.5, 0.5],
    );
  });
});

describe('derived', () => {
  const data = run({
    name: 'derived',
    seed: 9,
    tables: {
      customers: {
        rows: 300,
        columns: {
          id: { kind: 'id' },
          segment: { kind: 'category', values: ['consumer', 'business'] },
        },
      },
      orders: {
        rows: { per: 'customers', dist: 'fixed', value: 3 },
        columns: {
          id: { kind: 'id' },
          customer_id: { kind: 'ref', ref: 'customers.id' },
          price: { kind: 'number', min: 1, max: 100, round: 2 },
          qty: { kind: 'integer', min: 1, max: 5 },
          ordered_at: { kind: 'date', min: '2024-01-01', max: '2024-12-31' },
          total: { kind: 'derived', expr: 'price * qty', round: 2 },
          third: { kind: 'derived', expr: 'price / 3', type: 'integer' },
          ships: { kind: 'derived', expr: 'add_days(ordered_at, 3)' },
          ships_eu: { kind: 'derived', expr: 'add_days(ordered_at, 3)', type: 'date', format: 'DD/MM/YYYY' },
          big: { kind: 'derived', expr: 'total > 100' },
          seg: { kind: 'derived', expr: 'customers.segment' },
          seg_ref: { kind: 'derived', expr: "customer_id.segment == 'business'" },
        },
      },
    },
  });
  const customers = data.get('customers')!.cols;
  const o = data.get('orders')!.cols;
  const segOf = new Map(customers.id!.map((id, i) => [id, customers.segment![i]]));

  it('computes arithmetic, rounding and integer results from the row', () => {
    for (let i = 0; i < o.id!.length; i++) {
      const price = o.price![i] as number;
      const qty = o.qty![i] as number;
      expect(o.total![i]).toBe(Math.round(price * qty * 100) / 100);
      expect(o.third![i]).toBe(Math.round(price / 3));
      expect(o.big![i]).toBe((o.total![i] as number) > 100);
    }
  });

  it('moves dates and formats them (default YYYY-MM-DD, or the given format)', () => {
    for (let i = 0; i < o.id!.length; i++) {
      const d = new Date(`${o.ordered_at![i]}T00:00:00Z`);
      d.setUTCDate(d.getUTCDate() + 3);
      const iso = d.toISOString().slice(0, 10);
      expect(o.ships![i]).toBe(iso);
      expect(o.ships_eu![i]).toBe(`${iso.slice(8, 10)}/${iso.slice(5, 7)}/${iso.slice(0, 4)}`);
    }
  });

  it('reads the parent row through rows.per and through a ref column', () => {
    for (let i = 0; i < o.id!.length; i++) {
      expect(o.seg![i]).toBe(segOf.get(o.customer_id![i]!));
      expect(o.seg_ref![i]).toBe(segOf.get(o.customer_id![i]!) === 'business');
    }
  });
});

describe('aggregate', () => {
  const data = run({
    name: 'agg',
    seed: 21,
    tables: {
      customers: {
        rows: 3000,
        columns: {
          id: { kind: 'id' },
          n: { kind: 'aggregate', of: 'orders', fn: 'count' },
          spent: { kind: 'aggregate', of: 'orders', fn: 'sum', expr: 'price * qty', round: 2 },
          avg_price: { kind: 'aggregate', of: 'orders', fn: 'mean', expr: 'price' },
          cheapest: { kind: 'aggregate', of: 'orders', fn: 'min', expr: 'price' },
          dearest: { kind: 'aggregate', of: 'orders', fn: 'max', expr: 'price' },
        },
      },
      orders: {
        rows: { per: 'customers', dist: 'poisson', mean: 1.5 },
        columns: {
          id: { kind: 'id' },
          customer_id: { kind: 'ref', ref: 'customers.id' },
          price: { kind: 'number', min: 1, max: 100, round: 2 },
          qty: { kind: 'integer', min: 1, max: 5 },
        },
      },
    },
  });
  const c = data.get('customers')!.cols;
  const o = data.get('orders')!.cols;

  it('equals a recomputation from the child rows, exactly, for every parent', () => {
    const kids = new Map<Value, { price: number; qty: number }[]>(c.id!.map((id) => [id, []]));
    for (let i = 0; i < o.id!.length; i++) {
      kids.get(o.customer_id![i]!)!.push({ price: o.price![i] as number, qty: o.qty![i] as number });
    }
    let empty = 0;
    for (let i = 0; i < c.id!.length; i++) {
      const ks = kids.get(c.id![i]!)!;
      const prices = ks.map((k) => k.price);
      let sum = 0;
      for (const k of ks) sum += k.price * k.qty;
      let psum = 0;
      for (const p of prices) psum += p;
      expect(c.n![i]).toBe(ks.length);
      expect(c.spent![i]).toBe(Math.round(sum * 100) / 100);
      if (ks.length === 0) {
        empty++;
        expect([c.avg_price![i], c.cheapest![i], c.dearest![i]]).toEqual([null, null, null]);
      } else {
        expect(c.avg_price![i]).toBe(psum / ks.length);
        expect(c.cheapest![i]).toBe(Math.min(...prices));
        expect(c.dearest![i]).toBe(Math.max(...prices));
      }
    }
    // Poisson(1.5): e^-1.5 ≈ 22% of the customers have no orders
    expectRate(empty, c.id!.length, Math.exp(-1.5));
  });
});

describe('after / lag', () => {
  const DAY = 86_400_000;
  const data = run({
    name: 'after',
    seed: 4,
    tables: {
      customers: {
        rows: 4000,
        columns: {
          id: { kind: 'id' },
          signed_up: { kind: 'date', min: '2022-01-01', max: '2023-12-31' },
        },
      },
      orders: {
        rows: { per: 'customers', dist: 'fixed', value: 5 },
        columns: {
          id: { kind: 'id' },
          ordered_at: {
            kind: 'datetime',
            after: 'customers.signed_up',
            lag: { dist: 'exponential', rate: 0.05, unit: 'days' },
            format: 'epoch_ms',
          },
          shipped_at: {
            kind: 'datetime',
            after: 'ordered_at',
            lag: { dist: 'exponential', rate: 0.1, unit: 'hours' },
          },
          reviewed: { kind: 'date', after: 'ordered_at', max: '2025-06-30', format: 'epoch_ms' },
          closed: {
            kind: 'date',
            after: 'ordered_at',
            lag: { dist: 'uniform', min: 0, max: 400 },
            max: '2024-06-30',
            format: 'epoch_ms',
          },
        },
      },
    },
  });
  const c = data.get('customers')!.cols;
  const o = data.get('orders')!.cols;
  const signed = new Map<number, number>(
    c.id!.map((id, i) => [id as number, Date.parse(`${c.signed_up![i]}T00:00:00Z`)]),
  );
  // orders are made 5 per customer, in customer order
  const parentTime = o.id!.map((_, i) => signed.get(c.id![Math.floor(i / 5)] as number)!);
  const ordered = nums(o.ordered_at!);
  const shipped = o.shipped_at!.map((v) => Date.parse(String(v)));

  it('never precedes the time it follows (parent row and same row)', () => {
    for (let i = 0; i < ordered.length; i++) {
      expect(ordered[i]!).toBeGreaterThanOrEqual(parentTime[i]!);
      expect(shipped[i]!).toBeGreaterThanOrEqual(ordered[i]!);
      expect(o.reviewed![i] as number).toBeGreaterThanOrEqual(Math.floor(ordered[i]! / DAY) * DAY);
    }
  });

  it('draws the lag in its unit (KS against the exponential, seconds rounded up)', () => {
    expectKsOneSample(
      ordered.map((t, i) => (t - parentTime[i]!) / DAY),
      (x) => exponentialCdf(x, 0.05),
    );
    expectKsOneSample(
      shipped.map((t, i) => (t - ordered[i]!) / 3_600_000),
      (x) => exponentialCdf(x, 0.1),
    );
  });

  it('without lag, is uniform over the days from the other time to max', () => {
    const hi = Date.parse('2025-06-30') / DAY;
    const rng = Rng.from([1, 'jitter']);
    const us: number[] = [];
    for (let i = 0; i < ordered.length; i++) {
      const lo = Math.ceil(ordered[i]! / DAY);
      const d = (o.reviewed![i] as number) / DAY;
      expect(Number.isInteger(d) && d >= lo && d <= hi).toBe(true);
      // a uniform day in [lo, hi], jittered within the day, is uniform on [0, 1) after scaling
      us.push((d - lo + rng.float()) / (hi - lo + 1));
    }
    expectKsOneSample(us, (x) => Math.min(1, Math.max(0, x)));
  });

  it('never goes past max', () => {
    const max = Date.parse('2024-06-30');
    for (let i = 0; i < ordered.length; i++) {
      const lo = Math.ceil(ordered[i]! / DAY) * DAY;
      expect(o.closed![i] as number).toBe(Math.max(lo, Math.min(max, o.closed![i] as number)));
      if (lo <= max) expect(o.closed![i] as number).toBeLessThanOrEqual(max);
    }
  });
});

describe('edge cases', () => {
  const DAY = 86_400_000;
  const RATES = { big: 0.01, broken: 0.02, broken_n: 0.02, gone: 0.03, zzz: 0.02, old: 0.01, dup: 0.2 };
  const spec: SpecInput = {
    name: 'edges',
    seed: 13,
    tables: {
      e: {
        rows: 40_000,
        edge_cases: [
          { name: 'big', kind: 'extreme', column: 'amount', rate: RATES.big },
          { name: 'broken', kind: 'malformed', column: 'code', rate: RATES.broken },
          { name: 'broken_n', kind: 'malformed', column: 'n', rate: RATES.broken_n },
          { name: 'gone', kind: 'missing', column: 'score', rate: RATES.gone },
          { name: 'zzz', kind: 'missing', column: 'city', value: 'ZZZ', rate: RATES.zzz },
          { name: 'old', kind: 'extreme', column: 'day', rate: RATES.old },
        ],
        columns: {
          id: { kind: 'id' },
          amount: { kind: 'number', min: 10, max: 100 },
          code: { kind: 'pattern', pattern: 'AB-####' },
          n: { kind: 'integer', min: 1, max: 9 },
          score: { kind: 'number', dist: 'normal', mean: 0, sd: 1 },
          city: { kind: 'category', values: ['Oslo', 'Lima', 'Pune'] },
          day: { kind: 'date', min: '2024-01-01', max: '2024-12-31', format: 'epoch_ms' },
        },
      },
      d: {
        rows: 20_000,
        edge_cases: [{ name: 'dup', kind: 'duplicate', rate: RATES.dup }],
        columns: {
          id: { kind: 'id' },
          ticket: { kind: 'integer', min: 1, max: 1_000_000_000, unique: true },
          a: { kind: 'category', values: ['x', 'y', 'z'] },
          b: { kind: 'number', dist: 'normal', mean: 0, sd: 1 },
          c: { kind: 'pattern', pattern: '??-####' },
        },
      },
    },
  };
  const data = run(spec);
  const e = data.get('e')!.cols;
  const d = data.get('d')!;
  const hitBy = (cols: Record<string, Value[]>, name: string) =>
    cols._edge_case!.map((v) => v !== null && String(v).split('+').includes(name));

  it('each edge case hits at its rate (binomial, K = 5)', () => {
    for (const [name, rate] of Object.entries(RATES)) {
      const hits = hitBy(name === 'dup' ? d.cols : e, name);
      expectRate(hits.filter(Boolean).length, hits.length, rate);
    }
  });

  it('the broken values are exactly in the rows the ground truth records', () => {
    const broken = (name: string, test: (v: Value, day?: number) => boolean, col: string) => {
      const hits = hitBy(e, name);
      const wrong = e[col]!.flatMap((v, i) =>
        test(v) === hits[i] ? [] : [`row ${i}: ${JSON.stringify(v)} (${e._edge_case![i]})`],
      );
      expect(wrong, `${name} on ${col}`).toEqual([]);
    };
    broken('big', (v) => !(typeof v === 'number' && v >= 10 && v <= 100), 'amount');
    broken('broken', (v) => !(typeof v === 'string' && /^AB-\d{4}$/.test(v)), 'code');
    // a malformed number must not read back as a valid value of the column, not even as text
    broken('broken_n', (v) => !/^[1-9]$/.test(String(v)), 'n');
    broken('gone', (v) => v === null, 'score');
    broken('zzz', (v) => v === 'ZZZ', 'city');
    broken(
      'old',
      (v) =>
        !(
          typeof v === 'number' &&
          v >= Date.parse('2024-01-01') &&
          v <= Date.parse('2024-12-31') &&
          v % DAY === 0
        ),
      'day',
    );
  });

  it('a duplicate row repeats another row of its chunk, all but the key and unique columns', () => {
    const hits = hitBy(d.cols, 'dup');
    const starts = [...d.chunkStarts, d.rows];
    const key = (i: number) => `${d.cols.a![i]}|${d.cols.b![i]}|${d.cols.c![i]}`;
    let checked = 0;
    for (let k = 0; k + 1 < starts.length; k++) {
      const seen = new Map<string, number>();
      for (let i = starts[k]!; i < starts[k + 1]!; i++) seen.set(key(i), (seen.get(key(i)) ?? 0) + 1);
      for (let i = starts[k]!; i < starts[k + 1]!; i++) {
        if (!hits[i]) continue;
        checked++;
        expect(seen.get(key(i)), `row ${i} duplicates no row of its chunk`).toBeGreaterThanOrEqual(2);
      }
    }
    expect(checked).toBe(hits.filter(Boolean).length);
    expect(new Set(d.cols.id).size).toBe(d.rows);
    expect(new Set(d.cols.ticket).size).toBe(d.rows);
    // rows that are no duplicate are distinct (b is continuous)
    expect(new Set(d.cols.b!.filter((_, i) => !hits[i])).size).toBe(hits.filter((h) => !h).length);
  });

  it('a missing edge case makes its column nullable in the SQLite schema, and only that one', async () => {
    const out = join(dir, 'edges-sqlite');
    await generateToDirectory(defineSpec({ ...spec, tables: { e: { ...spec.tables.e!, rows: 500 } } }), {
      out,
      format: 'sqlite',
    });
    const db = new Database(join(out, 'edges.sqlite'), { readonly: true });
    try {
      const info = db.pragma('table_info(e)') as { name: string; notnull: number }[];
      const nullable = info.filter((c) => c.notnull === 0).map((c) => c.name);
      expect(nullable.sort()).toEqual(['_edge_case', '_scenario', 'score']);
    } finally {
      db.close();
    }
  });
});

describe('correlations', () => {
  const matrix = [
    [1, 0.6, -0.3],
    [0.6, 1, 0.2],
    [-0.3, 0.2, 1],
  ];
  const columns = {
    id: { kind: 'id' },
    flag: { kind: 'label', rate: 0.3 },
    a: { kind: 'number', dist: 'normal', mean: 0, sd: 1 },
    b: { kind: 'number', dist: 'lognormal', mu: 1, sigma: 0.5 },
    c: { kind: 'integer', dist: 'normal', mean: 5000, sd: 1000, min: 0, max: 10_000 },
  } as const;
  const table = (correlations?: { columns: string[]; matrix: number[][] }[]) =>
    ({
      rows: 20_000,
      scenarios: [{ name: 'up', when: 'flag', columns: { b: { mu: 3 } } }],
      columns,
      ...(correlations ? { correlations } : {}),
    }) as SpecInput['tables'][string];
  const corr = run({
    name: 'corr',
    seed: 17,
    tables: { t: table([{ columns: ['a', 'b', 'c'], matrix }]) },
  }).get('t')!.cols;
  const flag = corr.flag!.map((v) => v === true);
  const plain = flag.map((f) => !f);
  const cols = ['a', 'b', 'c'].map((n) => nums(corr[n]!));
  // Spearman's rho has a slightly larger sd on the z scale than Pearson's r: 1.06 / (n − 3) (Fieller et al.)
  const kS = K * Math.sqrt(1.06);

  it("Spearman's rho of each pair matches spearmanFromGaussian(r) within a Fisher-z bound", () => {
    for (const [i, j] of [
      [0, 1],
      [0, 2],
      [1, 2],
    ] as const) {
      // the scenario moves b for flagged rows, which leaves ranks within each group as the copula made them
      for (const mask of [flag, plain]) {
        const x = pick(cols[i]!, mask);
        const y = pick(cols[j]!, mask);
        expectCorrelation(spearman(x, y), spearmanFromGaussian(matrix[i]![j]!), x.length, kS);
      }
    }
  });

  it('leaves the marginals as they are without the copula (KS), scenario overrides included', () => {
    const alone = run({ name: 'corr', seed: 18, tables: { t: table(undefined) } }).get('t')!.cols;
    const aloneFlag = alone.flag!.map((v) => v === true);
    expectKsOneSample(cols[0]!, normalCdf);
    expectKsOneSample(pick(cols[1]!, plain), (x) => lognormalCdf(x, 1, 0.5));
    expectKsOneSample(pick(cols[1]!, flag), (x) => lognormalCdf(x, 3, 0.5));
    expectKsTwoSample(
      pick(cols[2]!, plain),
      pick(
        nums(alone.c!),
        aloneFlag.map((f) => !f),
      ),
    );
    expectKsTwoSample(pick(cols[1]!, flag), pick(nums(alone.b!), aloneFlag));
  });

  it('takes r for two columns', () => {
    const two = run({
      name: 'corr2',
      seed: 2,
      tables: {
        t: {
          rows: 20_000,
          correlations: [{ columns: ['a', 'c'], r: -0.5 }],
          columns: { id: { kind: 'id' }, a: columns.a, c: columns.c },
        },
      },
    }).get('t')!.cols;
    expectCorrelation(spearman(nums(two.a!), nums(two.c!)), spearmanFromGaussian(-0.5), two.a!.length, kS);
  });
});

describe('spec errors in the rules (exit code 2, inline snapshots)', () => {
  const table = (columns: string, extra = '') => `name: rules
tables:
  customers:
    rows: 10
    columns:
      id: { kind: id }
      segment: { kind: category, values: [a, b] }
  t:
    rows: 100
${extra}    columns:
      id: { kind: id }
      customer_id: { kind: ref, ref: customers.id }
      amount: { kind: number, min: 1, max: 10 }
      flag: { kind: boolean, rate: 0.5 }
      name: { kind: fake, method: person.firstName }
${columns}`;

  it('a label with two of rate, classes and p', async () => {
    const r = await specError('label2.yaml', table('      y: { kind: label, rate: 0.1, p: "0.5" }\n'));
    expect(r.code).toBe(2);
    expect(r.stderr).toMatchInlineSnapshot(`
      "✖ a label needs exactly one of "rate", "classes" and "p"
        → at tables.t.columns.y (<dir>/label2.yaml:16:10)
        hint: rate: 0.02 (binary), classes: { a: 3, b: 1 } (multi-class) or p: "<probability expression>"
      "
    `);
  });

  it('an unknown column in a scenario when', async () => {
    const r = await specError(
      'when.yaml',
      table('', '    scenarios:\n      - { name: s, when: "amont > 5", columns: { flag: { rate: 0.9 } } }\n'),
    );
    expect(r.code).toBe(2);
    expect(r.stderr).toMatchInlineSnapshot(`
      "✖ unknown column "amont" (at character 1 of "amont > 5")
        → at tables.t.scenarios[0].when (<dir>/when.yaml:11:26)
        hint: did you mean "amount"?
      "
    `);
  });

  it('a scenario when that is not a condition', async () => {
    const r = await specError(
      'when-type.yaml',
      table(
        '',
        '    scenarios:\n      - { name: s, when: "amount * 2", columns: { flag: { rate: 0.9 } } }\n',
      ),
    );
    expect(r.code).toBe(2);
    expect(r.stderr).toMatchInlineSnapshot(`
      "✖ a scenario holds where "when" is true, but this expression gives a number
        → at tables.t.scenarios[0].when (<dir>/when-type.yaml:11:26)
        hint: write a condition, e.g. amount > 500 or is_fraud
      "
    `);
  });

  it('a type error in an expression', async () => {
    const r = await specError('type.yaml', table('      y: { kind: derived, expr: "amount + name" }\n'));
    expect(r.code).toBe(2);
    expect(r.stderr).toMatchInlineSnapshot(`
      "✖ cannot add a string to a number (at character 8 of "amount + name")
        → at tables.t.columns.y.expr (<dir>/type.yaml:16:33)
        hint: join text with concat(a, b)
      "
    `);
  });

  it('a case for a column that does not exist, and an override of kind', async () => {
    const r = await specError(
      'case.yaml',
      table(
        '',
        '    scenarios:\n      - { name: s, when: flag, columns: { amout: { min: 5 }, amount: { kind: integer } } }\n',
      ),
    );
    expect(r.code).toBe(2);
    expect(r.stderr).toMatchInlineSnapshot(`
      "✖ "amout" names no column of "t"
        → at tables.t.scenarios[0].columns.amout (<dir>/case.yaml:11:50)
        hint: did you mean "amount"? The columns are: id, customer_id, amount, flag, name
      ✖ "kind" cannot change in an override
        → at tables.t.scenarios[0].columns.amount.kind (<dir>/case.yaml:11:78)
        hint: an override changes how "amount" is drawn, not what it is; remove "kind"
      "
    `);
  });

  it('given naming its own column', async () => {
    const r = await specError(
      'given.yaml',
      table('      z: { kind: number, min: 0, max: 1, given: z, cases: { a: { max: 2 } } }\n'),
    );
    expect(r.code).toBe(2);
    expect(r.stderr).toMatchInlineSnapshot(`
      "✖ given names "z" itself; a column's cases are chosen by another column
        → at tables.t.columns.z.given (<dir>/given.yaml:16:49)
        hint: name the column whose value picks the case, e.g. given: segment
      "
    `);
  });

  it('an edge case on a key column, and a duplicate with a column', async () => {
    const r = await specError(
      'edge.yaml',
      table(
        '',
        '    edge_cases:\n      - { name: e1, kind: missing, column: customer_id, rate: 0.1 }\n      - { name: e2, kind: duplicate, column: amount, rate: 0.1 }\n',
      ),
    );
    expect(r.code).toBe(2);
    expect(r.stderr).toMatchInlineSnapshot(`
      "✖ edge cases cannot hit "customer_id": it is a key, and broken keys break every join
        → at tables.t.edge_cases[0].column (<dir>/edge.yaml:11:44)
        hint: hit another column
      ✖ a duplicate edge case copies a whole row, so it takes no column
        → at tables.t.edge_cases[1].column (<dir>/edge.yaml:12:46)
        hint: remove column
      "
    `);
  });

  it('a breaking edge case on a unique column', async () => {
    const r = await specError(
      'edge-unique.yaml',
      table(
        '      code: { kind: pattern, pattern: "C-#####", unique: true }\n',
        '    edge_cases:\n      - { name: e1, kind: malformed, column: code, rate: 0.01 }\n      - { name: e2, kind: missing, column: code, rate: 0.01 }\n',
      ),
    );
    expect(r.code).toBe(2);
    expect(r.stderr).toMatchInlineSnapshot(`
      "✖ a malformed edge case cannot hit "code": it is unique, and broken values repeat
        → at tables.t.edge_cases[0].column (<dir>/edge-unique.yaml:11:46)
        hint: use kind: missing (a null) on a unique column, or hit another column
      "
    `);
  });

  it('a correlation matrix that is not positive definite', async () => {
    const r = await specError(
      'pd.yaml',
      table(
        '      b: { kind: number, min: 0, max: 1 }\n      c: { kind: number, min: 0, max: 1 }\n',
        '    correlations:\n      - { columns: [amount, b, c], matrix: [[1, 0.9, -0.9], [0.9, 1, 0.9], [-0.9, 0.9, 1]] }\n',
      ),
    );
    expect(r.code).toBe(2);
    expect(r.stderr).toMatchInlineSnapshot(`
      "✖ the correlation matrix is not positive definite (it fails at row 2)
        → at tables.t.correlations[0].matrix (<dir>/pd.yaml:11:44)
        hint: a correlation matrix must be positive definite: the pairwise correlations are inconsistent (e.g. a~b 0.9 and a~c 0.9 force b~c above 0.62), or two columns are perfectly correlated
      "
    `);
  });

  it('a correlation matrix of the wrong size, a non-numeric column and a unique column', async () => {
    const r = await specError(
      'corr.yaml',
      table(
        '      u: { kind: integer, min: 0, max: 100000, unique: true }\n',
        '    correlations:\n      - { columns: [amount, flag], matrix: [[1, 0.5, 0], [0.5, 1, 0], [0, 0, 1]] }\n      - { columns: [name, u], r: 0.3 }\n',
      ),
    );
    expect(r.code).toBe(2);
    expect(r.stderr).toMatchInlineSnapshot(`
      "✖ the matrix must be 2×2, one row and column per listed column
        → at tables.t.correlations[0].matrix (<dir>/corr.yaml:11:44)
      ✖ "name" is a fake column; correlations take numbers, dates, booleans and categories
        → at tables.t.correlations[1].columns[0] (<dir>/corr.yaml:12:21)
      ✖ "u" is unique, and a unique column cannot follow a copula
        → at tables.t.correlations[1].columns[1] (<dir>/corr.yaml:12:27)
        hint: drop unique, or leave the column out of the correlation
      "
    `);
  });

  it('an aggregate of a table that is not a child, and a count with an expression', async () => {
    const r = await specError(
      'agg.yaml',
      `name: rules
tables:
  customers:
    rows: 10
    columns:
      id: { kind: id }
      n: { kind: aggregate, of: orders, fn: count, expr: amount }
      s: { kind: aggregate, of: products, fn: sum, expr: price }
  products:
    rows: 10
    columns:
      id: { kind: id }
      price: { kind: number, min: 1, max: 2 }
  orders:
    rows: { per: customers, mean: 2 }
    columns:
      id: { kind: id }
      amount: { kind: number, min: 1, max: 2 }
`,
    );
    expect(r.code).toBe(2);
    expect(r.stderr).toMatchInlineSnapshot(`
      "✖ count counts rows, so it takes no expression
        → at tables.customers.columns.n.expr (<dir>/agg.yaml:7:58)
        hint: remove expr, or use sum with a condition: expr: "if(returned, 1, 0)"
      ✖ "products" is not a table made per row of "customers"
        → at tables.customers.columns.s.of (<dir>/agg.yaml:8:33)
        hint: The child tables are: orders
      "
    `);
  });

  it('after pointing at a column that is not a date', async () => {
    const r = await specError(
      'after.yaml',
      table('      at: { kind: date, after: amount, max: 2025-01-01 }\n'),
    );
    expect(r.code).toBe(2);
    expect(r.stderr).toMatchInlineSnapshot(`
      "✖ after points at "amount", a number column, not a date
        → at tables.t.columns.at.after (<dir>/after.yaml:16:32)
      "
    `);
  });

  it("a dependency cycle through a scenario's when", async () => {
    const r = await specError(
      'cycle.yaml',
      table(
        '',
        '    scenarios:\n      - { name: big, when: "amount > 5", columns: { amount: { max: 20 } } }\n',
      ),
    );
    expect(r.code).toBe(2);
    expect(r.stderr).toMatchInlineSnapshot(`
      "✖ Columns of "t" depend on each other in a cycle: amount → the "when" of scenario "big" → amount
        → at tables.t.columns.amount (<dir>/cycle.yaml:15:15)
        hint: break the cycle: one of these columns must not use the other
      "
    `);
  });
});

describe('what the review found (regressions)', () => {
  it('a column that reads an aggregate is refused with the spec (it is filled last)', async () => {
    const r = await specError(
      'agg-read.yaml',
      `name: agg
tables:
  orders:
    rows: 10
    columns:
      id: { kind: id }
      total: { kind: aggregate, of: items, fn: sum, expr: price }
  items:
    rows: { per: orders, value: 2 }
    columns:
      id: { kind: id }
      order_id: { kind: ref, ref: orders.id }
      price: { kind: number, min: 1, max: 9 }
      parent_total: { kind: derived, expr: "orders.total" }
`,
    );
    expect(r.code).toBe(2);
    expect(r.stderr).toMatchInlineSnapshot(`
      "✖ "orders.total" is an aggregate, filled only after the rows of its table and their children are made, so it cannot be read here
        → at tables.items.columns.parent_total (<dir>/agg-read.yaml:14:21)
        hint: compute it from the columns it aggregates, or read it in another aggregate
      "
    `);
  });

  it('an edge case that would falsify a spans column is refused', async () => {
    const r = await specError(
      'edge-text.yaml',
      `name: edge
tables:
  t:
    rows: 10
    edge_cases:
      - { name: cut, kind: malformed, column: note, rate: 0.1 }
    columns:
      id: { kind: id }
      note: { kind: text, grammar: { start: ["seen by {$who}"] }, slots: { who: { values: [Ann, Bo], type: PERSON } } }
      spans: { kind: spans, of: note }
`,
    );
    expect(r.code).toBe(2);
    expect(r.stderr).toMatchInlineSnapshot(`
      "✖ a malformed edge case cannot hit "note": a spans column records offsets into it, which a broken text would falsify
        → at tables.t.edge_cases[0].column (<dir>/edge-text.yaml:6:47)
        hint: put typo noise in the text column itself (noise: { typo_rate }), which keeps the spans exact
      "
    `);
  });

  it('reads through a ref column declared after the reader (the reader waits for it)', () => {
    const data = run({
      name: 'refdep',
      seed: 3,
      tables: {
        customers: {
          rows: 50,
          columns: { id: { kind: 'id' }, tier: { kind: 'category', values: ['basic', 'gold'] } },
        },
        orders: {
          rows: 500,
          scenarios: [
            {
              name: 'vip',
              when: "customer_id.tier == 'gold'",
              columns: { amount: { min: 1000, max: 2000 } },
            },
          ],
          columns: {
            id: { kind: 'id' },
            tier: { kind: 'derived', expr: 'customer_id.tier' },
            amount: { kind: 'number', min: 1, max: 10 },
            customer_id: { kind: 'ref', ref: 'customers.id' },
          },
        },
      },
    });
    const orders = data.get('orders')!.cols;
    const tiers = data.get('customers')!.cols.tier!;
    orders.customer_id!.forEach((id, r) => {
      const tier = tiers[(id as number) - 1];
      expect(orders.tier![r]).toBe(tier);
      expect(orders._scenario![r]).toBe(tier === 'gold' ? 'vip' : null);
      expect((orders.amount![r] as number) >= 1000).toBe(tier === 'gold');
    });
  });

  it("children agree with their parent's broken values when the family has an aggregate", () => {
    const data = run({
      name: 'edge-agg',
      seed: 9,
      tables: {
        orders: {
          rows: 3000,
          edge_cases: [{ name: 'no_date', kind: 'missing', column: 'ordered_at', rate: 0.05 }],
          columns: {
            id: { kind: 'id' },
            ordered_at: { kind: 'datetime', min: '2024-01-01', max: '2024-12-31' },
            n_items: { kind: 'aggregate', of: 'items', fn: 'count' },
          },
        },
        items: {
          rows: { per: 'orders', dist: 'poisson', mean: 2 },
          columns: {
            id: { kind: 'id' },
            order_id: { kind: 'ref', ref: 'orders.id' },
            shipped_at: {
              kind: 'datetime',
              after: 'orders.ordered_at',
              lag: { dist: 'uniform', min: 0, max: 3, unit: 'days' },
            },
          },
        },
      },
    });
    const orders = data.get('orders')!.cols;
    const items = data.get('items')!.cols;
    let checked = 0;
    items.order_id!.forEach((id, r) => {
      const parent = orders.ordered_at![(id as number) - 1];
      if (parent === null) expect(items.shipped_at![r]).toBeNull();
      else expect((items.shipped_at![r] as string) >= (parent as string)).toBe(true);
      checked++;
    });
    expect(checked).toBeGreaterThan(5000);
  });

  it('a scenario over a column that may be null keeps it nullable in SQLite', async () => {
    const out = join(dir, 'nullable-sqlite');
    const file = join(dir, 'nullable.yaml');
    writeFileSync(
      file,
      `name: nn
tables:
  t:
    rows: 400
    scenarios:
      - { name: slow, rate: 0.3, columns: { renewed: { lag: { dist: uniform, min: 30, max: 60 } } } }
    columns:
      id: { kind: id }
      joined: { kind: date, min: 2024-01-01, max: 2024-12-31, null_rate: 0.2 }
      renewed: { kind: date, after: joined, lag: { dist: uniform, min: 0, max: 10 } }
`,
    );
    const r = await runCli(['generate', file, '--out', out, '--format', 'sqlite']);
    expect(r.code, r.stderr).toBe(0);
  });
});
