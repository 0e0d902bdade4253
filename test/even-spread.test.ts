import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { countQuantile, evenCounts } from '../src/generate/count-sampler.js';
import { generateChunks, generateToDirectory, planGeneration } from '../src/generate/index.js';
import { Permutation } from '../src/random/index.js';
import { type CountLaw, defineSpec, type SpecInput } from '../src/spec/index.js';
import { runCli } from './helpers/run-cli.js';
import { tempDir } from './helpers/tmp.js';

const dir = tempDir();

/** The largest gap between the counts' empirical CDF and the law's CDF (read off its quantiles). */
function ksToLaw(counts: readonly number[], law: CountLaw): number {
  const q = countQuantile(law);
  // the law's CDF at k: the largest u whose quantile is ≤ k, found on a fine grid
  const grid = 200_000;
  const cdf = new Map<number, number>();
  for (let i = 1; i < grid; i++) {
    const v = q(i / grid);
    cdf.set(v, i / grid);
  }
  const values = [...new Set([...cdf.keys(), ...counts])].sort((a, b) => a - b);
  let d = 0;
  let law_ = 0;
  for (const v of values) {
    law_ = cdf.get(v) ?? law_;
    const emp = counts.filter((c) => c <= v).length / counts.length;
    d = Math.max(d, Math.abs(emp - law_));
  }
  return d;
}

/** Rows per key of `keys` among `refs`, keys with none included. */
function perKey(keys: readonly unknown[], refs: readonly unknown[]): number[] {
  const n = new Map(keys.map((k) => [k, 0]));
  for (const r of refs) n.set(r, n.get(r)! + 1);
  return [...n.values()];
}

/** Every column of every table, as made in memory. */
function tablesOf(spec: SpecInput, seed?: number): Record<string, Record<string, unknown[]>> {
  const plan = planGeneration(defineSpec(spec), seed === undefined ? {} : { seed });
  const out: Record<string, Record<string, unknown[]>> = {};
  for (const chunk of generateChunks(plan)) {
    const t = plan.tables.find((p) => p.name === chunk.table)!;
    const names = t.columns.filter((c) => !c.hidden).map((c) => c.name);
    out[chunk.table] ??= Object.fromEntries(names.map((n) => [n, []]));
    names.forEach((n, i) => {
      out[chunk.table]![n]!.push(...chunk.columns[i]!);
    });
  }
  return out;
}

const sorted = (xs: readonly number[]) => [...xs].sort((a, b) => a - b);

describe('Permutation', () => {
  it('is a bijection of 0 … n−1 for any n, and another key gives another order', () => {
    for (const n of [1, 2, 3, 7, 16, 17, 100, 1000, 4097]) {
      const p = new Permutation(n, [1, 'x']);
      const seen = Array.from({ length: n }, (_, i) => p.at(i));
      expect(sorted(seen)).toEqual(Array.from({ length: n }, (_, i) => i));
    }
    const a = new Permutation(1000, [1, 'x']);
    const b = new Permutation(1000, [2, 'x']);
    const same = Array.from({ length: 1000 }, (_, i) => a.at(i) === b.at(i)).filter(Boolean).length;
    // two independent shuffles agree on about one place
    expect(same).toBeLessThan(10);
  });
});

describe('spread: even', () => {
  const laws: [string, CountLaw][] = [
    ['categorical', { dist: 'categorical', weights: { 0: 5, 18: 1, 20: 1, 21: 1 } }],
    ['poisson', { dist: 'poisson', mean: 3.2 }],
    ['negative binomial', { dist: 'negative_binomial', mean: 4, dispersion: 0.7 }],
    ['geometric', { dist: 'geometric', mean: 2 }],
    ['uniform', { dist: 'uniform', min: 2, max: 9 }],
  ];
  for (const [name, law] of laws) {
    it(`gives n parents counts within 1/(2n) of the ${name} law in KS distance`, () => {
      for (const n of [5, 8, 13, 25, 60]) {
        const at = evenCounts(law, n, [7, 't', '#spread']);
        const counts = Array.from({ length: n }, (_, i) => at(i));
        // the quantiles at (i + 0.5)/n put the empirical CDF within half a step of the law's
        expect(ksToLaw(counts, law), `${name}, n = ${n}`).toBeLessThanOrEqual(0.5 / n + 1e-4);
      }
    });
  }

  it('reproduces a law of n parents exactly, in a seeded order', () => {
    const law: CountLaw = { dist: 'categorical', weights: { 0: 5, 18: 1, 20: 1, 21: 1 } };
    const spec = (seed: number): SpecInput => ({
      name: 'reps',
      seed,
      tables: {
        employees: { rows: 8, columns: { id: { kind: 'id' } } },
        customers: {
          rows: { per: 'employees', ...law, spread: 'even' },
          columns: { id: { kind: 'id' }, rep: { kind: 'ref', ref: 'employees.id' } },
        },
      },
    });
    const orders = new Set<string>();
    for (const seed of [1, 2, 3, 4]) {
      const t = tablesOf(spec(seed));
      const counts = perKey(t.employees!.id!, t.customers!.rep!);
      expect(sorted(counts)).toEqual([0, 0, 0, 0, 0, 18, 20, 21]);
      orders.add(counts.join(','));
    }
    // which employee gets which count depends on the seed
    expect(orders.size).toBeGreaterThan(1);
    // iid draws, for contrast: the total itself wanders (59 here only by chance)
    const iid = new Set<number>();
    for (const seed of [1, 2, 3, 4, 5, 6]) {
      const s = spec(seed);
      const rows = s.tables.customers!.rows as Record<string, unknown>;
      delete rows.spread;
      iid.add(tablesOf(s).customers?.id?.length ?? 0);
    }
    expect(iid.size).toBeGreaterThan(1);
  });

  it('spans parents in several chunks and keeps a grandchild table consistent', () => {
    const spec: SpecInput = {
      name: 'deep',
      seed: 5,
      tables: {
        a: { rows: 1300, columns: { id: { kind: 'id' } } },
        b: {
          rows: { per: 'a', dist: 'poisson', mean: 2.5, spread: 'even' },
          columns: { id: { kind: 'id' }, a_id: { kind: 'ref', ref: 'a.id' } },
        },
        c: {
          rows: { per: 'b', dist: 'negative_binomial', mean: 1.5, dispersion: 1, spread: 'even' },
          columns: { id: { kind: 'id' }, b_id: { kind: 'ref', ref: 'b.id' } },
        },
      },
    };
    const t = tablesOf(spec);
    const perA = perKey(t.a!.id!, t.b!.a_id!);
    const perB = perKey(t.b!.id!, t.c!.b_id!);
    expect(ksToLaw(perA, { dist: 'poisson', mean: 2.5 })).toBeLessThanOrEqual(0.5 / 1300 + 1e-4);
    expect(ksToLaw(perB, { dist: 'negative_binomial', mean: 1.5, dispersion: 1 })).toBeLessThanOrEqual(
      0.5 / perB.length + 1e-4,
    );
  });
});

describe('ref popularity', () => {
  it('shares rows out so the rows per parent follow the law (systematic picks)', () => {
    const law: CountLaw = { dist: 'negative_binomial', mean: 3, dispersion: 0.5 };
    const spec: SpecInput = {
      name: 'pop',
      seed: 3,
      tables: {
        tracks: { rows: 2000, columns: { id: { kind: 'id' } } },
        lines: {
          rows: 6000,
          columns: { id: { kind: 'id' }, track: { kind: 'ref', ref: 'tracks.id', popularity: law } },
        },
      },
    };
    const t = tablesOf(spec);
    const counts = perKey(t.tracks!.id!, t.lines!.track!);
    // the weights' total is n × the law's mean only up to the systematic sample: the picks are
    // scaled by 6000 / Σweights, so a count moves by at most that ratio; measured 0.0002 here
    expect(ksToLaw(counts, law)).toBeLessThan(0.02);
    // a uniform pick, for contrast, is nowhere near this law (Poisson(3) has far fewer zeros)
    const uniform = tablesOf({
      ...spec,
      tables: {
        ...spec.tables,
        lines: { rows: 6000, columns: { id: { kind: 'id' }, track: { kind: 'ref', ref: 'tracks.id' } } },
      },
    });
    expect(ksToLaw(perKey(uniform.tracks!.id!, uniform.lines!.track!), law)).toBeGreaterThan(0.2);
  });

  it('gives exactly the law when the rows equal the weights’ total', () => {
    const law: CountLaw = { dist: 'categorical', weights: { 0: 40, 1: 30, 2: 20, 7: 10 } };
    const spec: SpecInput = {
      name: 'pop',
      seed: 11,
      tables: {
        tracks: { rows: 100, columns: { id: { kind: 'id' } } },
        lines: {
          rows: 140,
          columns: { id: { kind: 'id' }, track: { kind: 'ref', ref: 'tracks.id', popularity: law } },
        },
      },
    };
    const t = tablesOf(spec);
    const counts = sorted(perKey(t.tracks!.id!, t.lines!.track!));
    const expected = sorted([
      ...Array(40).fill(0),
      ...Array(30).fill(1),
      ...Array(20).fill(2),
      ...Array(10).fill(7),
    ]);
    expect(counts).toEqual(expected);
  });
});

describe('category spread: even', () => {
  it('uses each value as often as its weight says, to within one row', () => {
    const weights = { a: 3034, b: 237, c: 214, d: 7, e: 11 };
    const t = tablesOf({
      name: 'cat',
      seed: 2,
      tables: { t: { rows: 3000, columns: { v: { kind: 'category', values: weights, spread: 'even' } } } },
    });
    const total = Object.values(weights).reduce((s, w) => s + w, 0);
    for (const [v, w] of Object.entries(weights)) {
      const n = t.t!.v!.filter((x) => x === v).length;
      expect(Math.abs(n - (3000 * w) / total), v).toBeLessThanOrEqual(1);
    }
  });
});

/** A family that uses all three options, over several chunks, and a separate family that points into it. */
const shop: SpecInput = {
  name: 'shop',
  seed: 17,
  tables: {
    kinds: { rows: 6, columns: { id: { kind: 'id' } } },
    customers: {
      rows: 1500,
      columns: {
        id: { kind: 'id' },
        tier: { kind: 'category', values: { gold: 1, silver: 3, bronze: 6 }, spread: 'even' },
      },
    },
    orders: {
      rows: { per: 'customers', dist: 'negative_binomial', mean: 2, dispersion: 0.8, spread: 'even' },
      columns: {
        id: { kind: 'id' },
        customer: { kind: 'ref', ref: 'customers.id' },
        kind: {
          kind: 'ref',
          ref: 'kinds.id',
          popularity: { dist: 'categorical', weights: { 0: 2, 1: 1, 900: 2, 1200: 1 } },
        },
        amount: { kind: 'number', dist: 'lognormal', mu: 3, sigma: 0.5, round: 2 },
      },
    },
    visits: {
      rows: 2500,
      columns: {
        id: { kind: 'id' },
        order: { kind: 'ref', ref: 'orders.id', popularity: { dist: 'geometric', mean: 1 }, null_rate: 0.1 },
      },
    },
  },
};

describe('the same rows whatever the split of work', () => {
  const hashes = async (name: string, opts: { workers?: number }) => {
    const out = join(dir, name);
    await generateToDirectory(defineSpec(shop), { out, format: 'csv', ...opts });
    const manifest = JSON.parse(readFileSync(join(out, 'manifest.json'), 'utf8')) as {
      files: { path: string; sha256: string }[];
    };
    return Object.fromEntries(manifest.files.map((f) => [f.path, f.sha256]));
  };

  it('writes byte-identical files with 1, 2 and 3 workers', async () => {
    const one = await hashes('w1', {});
    expect(Object.keys(one)).toHaveLength(4);
    expect(await hashes('w2', { workers: 2 })).toEqual(one);
    expect(await hashes('w3', { workers: 3 })).toEqual(one);
  });

  it('makes shards that concatenate to the whole run', async () => {
    const whole = join(dir, 'whole');
    await generateToDirectory(defineSpec(shop), { out: whole, format: 'csv' });
    const parts: string[] = [];
    for (let i = 0; i < 3; i++) {
      const out = join(dir, `shard-${i}`);
      await generateToDirectory(defineSpec(shop), { out, format: 'csv', shard: { index: i, count: 3 } });
      parts.push(out);
    }
    for (const t of ['kinds', 'customers', 'orders', 'visits']) {
      const joined = Buffer.concat(parts.map((p) => readFileSync(join(p, `${t}.csv`))));
      expect(joined.equals(readFileSync(join(whole, `${t}.csv`))), t).toBe(true);
    }
  });

  it('passes the spec’s own conformance checks (children per parent against the law)', async () => {
    const specFile = join(dir, 'shop.json');
    writeFileSync(specFile, JSON.stringify(shop));
    const out = join(dir, 'conf');
    await generateToDirectory(defineSpec(shop), { out, format: 'sqlite' });
    const { validateData } = await import('../src/validate/index.js');
    const report = await validateData({ data: out, spec: specFile, quality: false });
    const card = report.checks.find((c) => c.id === 'conformance.orders.cardinality');
    expect(card?.status).toBe('pass');
    expect(report.checks.filter((c) => c.section === 'conformance' && c.status === 'fail')).toEqual([]);
  });
});

describe('spec errors', () => {
  const check = async (name: string, tables: string) => {
    const file = join(dir, `${name}.yaml`);
    writeFileSync(file, `name: bad\ntables:\n${tables}`);
    const r = await runCli(['generate', file, '--out', join(dir, `${name}-out`)]);
    return { code: r.code, stderr: r.stderr.replaceAll(dir, '<dir>') };
  };

  it('popularity on the per parent, on its own table, with distinct; a bad law; spread with given', async () => {
    const r = await check(
      'bad-pop',
      `  p:
    rows: 10
    columns:
      id: { kind: id }
      boss: { kind: ref, ref: p.id, popularity: { dist: poisson, mean: 1 } }
  q:
    rows: 10
    columns: { id: { kind: id } }
  c:
    rows: { per: p, dist: poisson, mean: 2, spread: even }
    columns:
      id: { kind: id }
      p_id: { kind: ref, ref: p.id, popularity: { dist: poisson, mean: 2 } }
      q_id: { kind: ref, ref: q.id, distinct: true, popularity: { dist: categorical } }
      size: { kind: category, values: [s, m], spread: even, given: q_id, cases: {} }
`,
    );
    expect(r.code).toBe(2);
    expect(r.stderr).toMatchInlineSnapshot(`
      "✖ "p.boss" points at its own table, where a row can only point at an earlier row, so popularity cannot be followed
        → at tables.p.columns.boss.popularity (<dir>/bad-pop.yaml:7:49)
        hint: remove popularity
      ✖ "c.p_id" points at the parent each row is made for, so its rows.per law already says how many rows each "p" row gets
        → at tables.c.columns.p_id.popularity (<dir>/bad-pop.yaml:15:49)
        hint: remove popularity and put the law in rows: { per: p, … }
      ✖ "c.q_id" has both popularity and distinct: popularity fixes how many rows point at each "q" row, which distinct may not allow
        → at tables.c.columns.q_id.popularity (<dir>/bad-pop.yaml:16:65)
        hint: remove popularity or distinct
      ✖ dist "categorical" needs "weights"
        → at tables.c.columns.q_id.popularity.dist (<dir>/bad-pop.yaml:16:73)
        hint: add weights: …
      ✖ "size" has spread: even, but given: q_id chooses its value row by row
        → at tables.c.columns.size.spread (<dir>/bad-pop.yaml:17:55)
        hint: remove spread, or remove given and cases
      "
    `);
  });

  it('an unknown spread', async () => {
    const r = await check(
      'bad-spread',
      `  p:
    rows: 10
    columns: { id: { kind: id } }
  c:
    rows: { per: p, mean: 2, spread: evenly }
    columns: { id: { kind: id } }
`,
    );
    expect(r.code).toBe(2);
    expect(r.stderr).toMatchInlineSnapshot(`
      "✖ the text "evenly" is not allowed here
        → at tables.c.rows.spread (<dir>/bad-spread.yaml:7:38)
        hint: did you mean "even"? Valid values are: random, even
      "
    `);
  });
});
