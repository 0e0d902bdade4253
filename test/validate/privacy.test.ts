import { describe, expect, it } from 'vitest';
import { Rng } from '../../src/random/index.js';
import { residualRisk, wilsonRate } from '../../src/validate/anonymeter.js';
import {
  comparedColumns,
  distanceSpace,
  type EncodedRows,
  encodeRows,
  nearestRecords,
  recordDistance,
  recordIndex,
} from '../../src/validate/distance.js';
import type { Cell, Frame, Metadata } from '../../src/validate/frame.js';
import { exactCopies, privacyChecks, privacyReport, uniformRows } from '../../src/validate/privacy.js';

const meta: Metadata = {
  age: 'numerical',
  income: 'numerical',
  joined: 'datetime',
  city: 'categorical',
  job: 'categorical',
  member: 'boolean',
  id: 'id',
};

/** A population with some structure: job depends on age, income on job; a few nulls. */
function people(n: number, seed: number, name = 'people'): Frame {
  const rng = Rng.from([seed, name]);
  const data: Record<string, Cell[]> = {
    age: [],
    income: [],
    joined: [],
    city: [],
    job: [],
    member: [],
    id: [],
  };
  for (let i = 0; i < n; i++) {
    const age = 18 + rng.below(60);
    const job =
      age < 30
        ? rng.pick(['student', 'clerk', 'cook'])
        : rng.pick(['clerk', 'nurse', 'engineer', 'lawyer', 'cook']);
    data.age!.push(age);
    data.income!.push(
      rng.chance(0.03) ? null : Math.round((20000 + job.length * 4000 + rng.float() * 30000) * 100) / 100,
    );
    data.joined!.push(new Date(Date.UTC(2015, 0, 1) + rng.below(3000) * 86400000).toISOString().slice(0, 10));
    data.city!.push(rng.chance(0.02) ? null : `city-${rng.below(25)}`);
    data.job!.push(job);
    data.member!.push(rng.chance(0.4) ? 'true' : 'false');
    data.id!.push(`${name}-${i}`);
  }
  return { name, columns: Object.keys(data), data, rows: n };
}

function rowsOf(frame: Frame, rows: readonly number[], name = frame.name): Frame {
  const data: Record<string, Cell[]> = {};
  for (const c of frame.columns) data[c] = rows.map((r) => frame.data[c]![r]!);
  return { name, columns: frame.columns, data, rows: rows.length };
}

const concat = (a: Frame, b: Frame): Frame =>
  rowsOf(
    {
      ...a,
      data: Object.fromEntries(a.columns.map((c) => [c, [...a.data[c]!, ...b.data[c]!]])),
      rows: a.rows + b.rows,
    },
    Array.from({ length: a.rows + b.rows }, (_, i) => i),
  );

/** The DCR definition, written out directly, for checking the pruned search against. */
function bruteForce(queries: EncodedRows, reference: EncodedRows): { first: number[]; second: number[] } {
  const first: number[] = [];
  const second: number[] = [];
  for (let q = 0; q < queries.rows; q++) {
    const d = Array.from({ length: reference.rows }, (_, j) => recordDistance(queries, q, reference, j)).sort(
      (a, b) => a - b,
    );
    first.push(d[0]!);
    second.push(d[1]!);
  }
  return { first, second };
}

const train = people(1000, 1, 'train');
const control = people(1000, 2, 'control');
const fresh = people(1000, 3, 'fresh');

describe('nearest records', () => {
  it('finds the same closest and second-closest distances as a full scan', () => {
    const columns = comparedColumns(meta, train, fresh);
    expect(columns).toEqual(['age', 'income', 'joined', 'city', 'job', 'member']);
    const space = distanceSpace(train, meta, columns);
    const reference = encodeRows(space, train);
    const queries = encodeRows(
      space,
      fresh,
      Array.from({ length: 150 }, (_, i) => i * 3),
    );
    const fast = nearestRecords(queries, recordIndex(reference), 2);
    const slow = bruteForce(queries, reference);
    for (let q = 0; q < queries.rows; q++) {
      expect(fast.distance[q]).toBeCloseTo(slow.first[q]!, 12);
      expect(fast.second![q]).toBeCloseTo(slow.second[q]!, 12);
      expect(recordDistance(queries, q, reference, train.rows > 0 ? orderOf(fast.index[q]!) : 0)).toBeCloseTo(
        slow.first[q]!,
        12,
      );
    }
  });

  it('scores per column as SDMetrics does: range-scaled and capped, 0/1 categories, null against value 1', () => {
    const ref: Frame = {
      name: 'r',
      columns: ['x', 'c'],
      data: { x: [0, 10], c: ['a', 'b'] },
      rows: 2,
    };
    const q: Frame = {
      name: 'q',
      columns: ['x', 'c'],
      data: { x: [2, 40, null], c: ['a', 'z', 'b'] },
      rows: 3,
    };
    const m: Metadata = { x: 'numerical', c: 'categorical' };
    const space = distanceSpace(ref, m);
    const d = nearestRecords(encodeRows(space, q), recordIndex(encodeRows(space, ref))).distance;
    // 2 vs 0: 0.2 and 'a' = 'a': mean 0.1; 40 vs 10: capped 1, 'z' new: 1; null vs 10: 1, 'b' = 'b': 0.5
    expect(Array.from(d)).toEqual([0.1, 1, 0.5]);
  });
});

/** `index` answers are reference row numbers already. */
const orderOf = (i: number) => i;

describe('exact copies', () => {
  const columns = train.columns.filter((c) => c !== 'id');
  it('are none between independent samples and rise with the rows copied', () => {
    expect(exactCopies(train, fresh, columns).count).toBe(0);
    const copied = concat(
      rowsOf(
        train,
        Array.from({ length: 300 }, (_, i) => i * 2),
      ),
      rowsOf(
        fresh,
        Array.from({ length: 700 }, (_, i) => i),
      ),
    );
    const { count, rate } = exactCopies(train, copied, columns);
    expect(count).toBe(300);
    expect(rate).toBeCloseTo(0.3, 12);
  });
});

describe('privacyReport', () => {
  it('gives DCR 0 for identical data and flags it', () => {
    const report = privacyReport(train, train, meta, { holdout: control, control, seed: 1, attacks: 200 });
    expect(report.dcr.mean).toBe(0);
    expect(report.dcr.median).toBe(0);
    expect(report.exactCopies.rate).toBe(1);
    expect(report.dcr.baselineProtection.score).toBe(0);
    // every synthetic row sits on its training row: none is closer to the holdout
    expect(report.dcr.overfittingProtection!.closerToTraining).toBe(1);
    expect(report.dcr.overfittingProtection!.score).toBe(0);
    expect(report.nndr.median).toBe(0);
    const failed = privacyChecks(report)
      .filter((c) => c.status === 'fail')
      .map((c) => c.id);
    expect(failed).toEqual(
      expect.arrayContaining([
        'privacy.exact-copies',
        'privacy.dcr-baseline-protection',
        'privacy.dcr-overfitting-protection',
        'privacy.singling-out-multivariate',
      ]),
    );
  });

  it('puts uniform random data at the random baseline (score ≈ 1, medians within 10%)', () => {
    const columns = comparedColumns(meta, train);
    const random = uniformRows(train, meta, columns, 2000, Rng.from(['test random']));
    const { baselineProtection } = privacyReport(train, random, meta, { seed: 4 }).dcr;
    expect(baselineProtection.score).toBeGreaterThan(0.9);
    expect(Math.abs(baselineProtection.medianSynthetic / baselineProtection.medianRandom - 1)).toBeLessThan(
      0.1,
    );
  });

  it('scores a fresh sample of the population as not overfitted, and a training copy as overfitted', () => {
    const good = privacyReport(train, fresh, meta, { holdout: control, seed: 1, attacks: 200 });
    // a fresh sample is as close to training as to holdout: about half, score min(1, 2·(1 − ½))
    expect(good.dcr.overfittingProtection!.closerToTraining).toBeGreaterThan(0.4);
    expect(good.dcr.overfittingProtection!.closerToTraining).toBeLessThan(0.6);
    expect(good.dcr.overfittingProtection!.score).toBeGreaterThan(0.8);
    expect(good.exactCopies.count).toBe(0);
    const copy = rowsOf(
      train,
      Array.from({ length: 1000 }, (_, i) => (i * 7) % 1000),
      'copy',
    );
    const bad = privacyReport(train, copy, meta, { holdout: control, seed: 1, attacks: 200 });
    expect(bad.dcr.overfittingProtection!.score).toBeLessThan(0.1);
  });

  it('finds singling out when synthetic rows copy training rows, and none from independent noise', () => {
    const copy = privacyReport(train, train, meta, { control, seed: 2, attacks: 200 }).attacks!;
    expect(copy.singlingOutMultivariate.attacks).toBeGreaterThan(50);
    expect(copy.singlingOutMultivariate.risk.value).toBeGreaterThan(0.5);
    expect(copy.singlingOutUnivariate.risk.value).toBeGreaterThan(0.3);
    const noise = uniformRows(train, meta, comparedColumns(meta, train), 1000, Rng.from(['noise']));
    const safe = privacyReport(train, noise, meta, { control, seed: 2, attacks: 200 }).attacks!;
    for (const r of [
      safe.singlingOutMultivariate,
      safe.singlingOutUnivariate,
      safe.linkability,
      safe.inference,
    ]) {
      // 200 attacks each: a null risk reads as a few percent of sampling noise, its CI reaching 0
      expect(r.risk.value).toBeLessThan(0.1);
      expect(r.risk.ci[0]).toBeLessThan(0.02);
    }
    expect(copy.inference.risk.value).toBeGreaterThan(safe.inference.risk.value);
  });

  it('gives confidence intervals that contain the point estimates, and Wilson rates as anonymeter', () => {
    const report = privacyReport(train, fresh, meta, { control, seed: 3, attacks: 200 });
    for (const r of Object.values(report.attacks!)) {
      expect(r.risk.ci[0]).toBeLessThanOrEqual(r.risk.value);
      expect(r.risk.ci[1]).toBeGreaterThanOrEqual(r.risk.value);
      expect(r.attackRate.value - r.attackRate.error).toBeLessThanOrEqual(r.success / r.attacks + 1e-12);
      expect(r.attackRate.value + r.attackRate.error).toBeGreaterThanOrEqual(r.success / r.attacks - 1e-12);
    }
    // Wilson 95%: 50 of 100 → centre 0.5, half-width 1.959964 · √(25 + 0.9604) / 103.8415 = 0.096168
    const w = wilsonRate(50, 100);
    expect(w.value).toBeCloseTo(0.5, 12);
    expect(w.error).toBeCloseTo(0.096168, 5);
    expect(residualRisk(wilsonRate(0, 100), wilsonRate(10, 100)).value).toBe(0);
  });

  it('is deterministic with a seed and never carries row values', () => {
    const strip = (r: ReturnType<typeof privacyReport>) => JSON.stringify({ ...r, timings: {} });
    const a = privacyReport(train, fresh, meta, { holdout: control, seed: 9, attacks: 100 });
    const b = privacyReport(train, fresh, meta, { holdout: control, seed: 9, attacks: 100 });
    expect(strip(a)).toBe(strip(b));
    const text = strip(a);
    for (const value of ['city-', 'engineer', 'lawyer', '2016-']) expect(text).not.toContain(value);
  });
});
