import { describe, expect, it } from 'vitest';
import { TrainkitError } from '../../src/errors/index.js';
import { generateChunks, planGeneration } from '../../src/generate/index.js';
import { defineSpec } from '../../src/spec/index.js';
import { K } from '../helpers/stats.js';

/** The values of one column of a one-table spec, as generated. */
function column(col: Record<string, unknown>, rows = 20_000, seed = 42): unknown[] {
  const spec = defineSpec({ name: 't', seed, tables: { t: { rows, columns: { x: col as never } } } });
  const out: unknown[] = [];
  for (const chunk of generateChunks(planGeneration(spec))) out.push(...chunk.columns[0]!);
  return out;
}

describe('dist: empirical', () => {
  it('draws through the piecewise-linear quantile table, a flat run making a spike', () => {
    // half the mass on 0, the rest uniform on [0, 100]
    const xs = column({ kind: 'number', dist: 'empirical', quantiles: [0, 0, 0, 50, 100] }) as number[];
    const n = xs.length;
    const zeros = xs.filter((x) => x === 0).length;
    const tol = K * Math.sqrt(0.25 / n);
    expect(Math.abs(zeros / n - 0.5)).toBeLessThanOrEqual(tol);
    const below25 = xs.filter((x) => x > 0 && x <= 25).length;
    expect(Math.abs(below25 / n - 0.125)).toBeLessThanOrEqual(K * Math.sqrt((0.125 * 0.875) / n));
    expect(Math.min(...xs)).toBe(0);
    expect(Math.max(...xs)).toBeLessThanOrEqual(100);
  });

  it('keeps integers whole and dates as dates', () => {
    const ints = column({ kind: 'integer', dist: 'empirical', quantiles: [1, 2.5, 7] }, 2000) as number[];
    expect(ints.every((x) => Number.isInteger(x) && x >= 1 && x <= 7)).toBe(true);
    const dates = column(
      {
        kind: 'date',
        dist: 'empirical',
        min: '2020-01-01',
        max: '2020-12-31',
        quantiles: ['2020-01-01', '2020-02-01', '2020-12-31'],
      },
      4000,
    ) as string[];
    expect(dates.every((d) => /^2020-\d\d-\d\d$/.test(d))).toBe(true);
    // half the mass in January
    const january = dates.filter((d) => d < '2020-02-01').length / dates.length;
    expect(Math.abs(january - 0.5)).toBeLessThanOrEqual(K * Math.sqrt(0.25 / dates.length) + 1 / 31);
  });

  it('is deterministic per seed', () => {
    const col = { kind: 'number', dist: 'empirical', quantiles: [1, 4, 9] };
    expect(column(col, 100, 7)).toEqual(column(col, 100, 7));
    expect(column(col, 100, 7)).not.toEqual(column(col, 100, 8));
  });

  it('rejects quantiles that fall', () => {
    let error: unknown;
    try {
      defineSpec({
        name: 't',
        tables: {
          t: { rows: 1, columns: { x: { kind: 'number', dist: 'empirical', quantiles: [1, 3, 2] } } },
        },
      });
    } catch (e) {
      error = e;
    }
    expect(error).toBeInstanceOf(TrainkitError);
    expect((error as TrainkitError).message).toMatchInlineSnapshot(
      `"quantile 2 (2) is below the one before it"`,
    );
  });
});
