import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { generateToDirectory } from '../../src/generate/index.js';
import { detectSemanticType, learnSource, profileColumn, smoothedQuantiles } from '../../src/learn/index.js';
import { defineSpec, loadSpec } from '../../src/spec/index.js';
import { runCli } from '../helpers/run-cli.js';
import { tempDir } from '../helpers/tmp.js';

const dir = tempDir('trainkit-learn-');

// a known law to learn back: a plan that depends on a segment, spend that depends on the plan
const known = defineSpec({
  name: 'known',
  seed: 3,
  tables: {
    people: {
      rows: 4000,
      columns: {
        id: { kind: 'id' },
        email: { kind: 'fake', method: 'internet.email', unique: true },
        phone: { kind: 'fake', method: 'phone.number' },
        segment: { kind: 'category', values: { retail: 60, business: 30, public: 10 } },
        plan: {
          kind: 'category',
          values: { free: 70, pro: 25, team: 5 },
          given: 'segment',
          cases: { business: { values: { free: 10, pro: 50, team: 40 } } },
        },
        spend: { kind: 'number', dist: 'lognormal', mu: 3, sigma: 0.5, round: 2 },
        visits: { kind: 'integer', dist: 'poisson', mean: 4 },
        joined: { kind: 'date', min: '2021-01-01', max: '2024-12-31' },
      },
      correlations: [{ columns: ['spend', 'visits'], r: 0.7 }],
    },
  },
});

async function knownCsv(): Promise<string> {
  const out = join(dir, 'known');
  await generateToDirectory(known, { out, format: 'csv' });
  return join(out, 'people.csv');
}

describe('profiling', () => {
  it('recognises PII by name and by value, and not where neither says so', () => {
    expect(detectSemanticType('CustomerEmail', ['ann@example.com', 'bo@example.org'])?.method).toBe(
      'internet.email',
    );
    expect(detectSemanticType('contact', ['ann@example.com', 'bo@example.org'])?.by).toBe('values');
    expect(detectSemanticType('Phone', ['+1 (555) 010-2233', '555-010-9988'])?.type).toBe('phone');
    expect(detectSemanticType('LastName', ['Smith'])?.method).toBe('person.lastName');
    // numbers that look like phones are not phones without a name that says so
    expect(detectSemanticType('amount', ['5550102233', '5550109988'])).toBeUndefined();
    expect(detectSemanticType('Name', ['Rock', 'Jazz'], 'genres')).toBeUndefined();
  });

  it('reads types, decimals, date formats and null rates off the values', () => {
    expect(profileColumn('n', ['1', '2', null, '4']).type).toBe('integer');
    expect(profileColumn('n', ['1', '2', null, '4']).nullRate).toBe(0.25);
    expect(profileColumn('x', ['1.25', '2.5', '3.75']).decimals).toBe(2);
    // leading zeros make a code, not a number
    expect(profileColumn('zip', ['02134', '10001']).type).toBe('string');
    const d = profileColumn('d', ['2009-01-01 00:00:00', '2009-02-11 00:00:00']);
    expect([d.type, d.dateFormat]).toEqual(['date', 'YYYY-MM-DD[ 00:00:00]']);
    expect(profileColumn('t', ['2024-03-01T10:15:00Z']).dateFormat).toBe('YYYY-MM-DD[T]HH:mm:ss[Z]');
  });

  it('smooths the ends of a quantile table over k values, and keeps spikes exact', () => {
    const sorted = Float64Array.from([0, 0, 0, 0, 0, 0, 5, 7, 9, 1000]);
    const q = smoothedQuantiles(sorted, 2, 3);
    expect(q[0]).toBe(0);
    // the largest value (1000) is never written out on its own
    expect(q[2]).toBeCloseTo((7 + 9 + 1000) / 3, 10);
  });
});

describe('learnSource', () => {
  it('learns a spec that parses, keeps PII out and reproduces the data', async () => {
    const csv = await knownCsv();
    const learned = await learnSource(csv, { seed: 1 });
    const file = join(dir, 'learned.yaml');
    writeFileSync(file, learned.yaml);
    const { spec } = loadSpec(file);
    const cols = spec.tables.people!.columns;
    expect(cols.id).toEqual({ kind: 'id' });
    expect(cols.email).toMatchObject({ kind: 'fake', method: 'internet.email', unique: true });
    expect(cols.phone).toMatchObject({ kind: 'fake', method: 'phone.number' });
    expect(cols.plan).toMatchObject({ kind: 'category', given: 'segment' });
    expect(cols.joined).toMatchObject({ kind: 'date', dist: 'empirical' });
    // no real e-mail address appears anywhere in the spec
    const emails = readFileSync(csv, 'utf8').match(/[^,\n]+@[^,\n]+/g)!;
    expect(emails.length).toBeGreaterThan(1000);
    expect(emails.some((e) => learned.yaml.includes(e))).toBe(false);
    // every decision is a comment
    expect(learned.yaml).toMatch(/# PII \(email, recognised by name and values\): never copied/);
    expect(learned.yaml).toMatch(/# conditioned on segment/);
    // the spend–visits dependency survives: Spearman of the generated data near the real one
    const report = await import('../../src/learn/index.js').then((m) =>
      m.validateLearned(spec, file, { source: csv, seed: 2 }),
    );
    expect(report.fidelity!.score).toBeGreaterThan(0.9);
  });

  it('learns tables and their keys from SQLite: per-parent counts and references', async () => {
    const shop = defineSpec({
      name: 'shop',
      seed: 5,
      tables: {
        customers: {
          rows: 300,
          columns: { id: { kind: 'id' }, tier: { kind: 'category', values: ['a', 'b'] } },
        },
        orders: {
          rows: { per: 'customers', dist: 'categorical', weights: { 0: 20, 2: 50, 6: 30 } },
          columns: {
            id: { kind: 'id' },
            customer_id: { kind: 'ref', ref: 'customers.id' },
            total: { kind: 'number', dist: 'uniform', min: 1, max: 100, round: 2 },
          },
        },
      },
    });
    const out = join(dir, 'shop');
    await generateToDirectory(shop, { out, format: 'sqlite' });
    const learned = await learnSource(join(out, 'shop.sqlite'));
    const orders = learned.spec.tables.orders!;
    expect(orders.rows).toMatchObject({ per: 'customers', dist: 'categorical' });
    const weights = (orders.rows as { weights: Record<string, number> }).weights;
    expect(Object.keys(weights).sort()).toEqual(['0', '2', '6']);
    expect(orders.columns.customer_id).toEqual({ kind: 'ref', ref: 'customers.id' });
  });
});

describe('a target', () => {
  it('becomes a label drawn from a logistic model of the row, with the data’s own values', async () => {
    const spec = defineSpec({
      name: 'churn',
      seed: 9,
      tables: {
        users: {
          rows: 6000,
          columns: {
            visits: { kind: 'integer', dist: 'poisson', mean: 4 },
            plan: { kind: 'category', values: { free: 60, pro: 40 } },
            churn: {
              kind: 'label',
              p: "sigmoid(2 - 0.8 * visits + if(plan == 'pro', -1, 0))",
              outcomes: ['stays', 'leaves'],
            },
          },
        },
      },
    });
    const out = join(dir, 'churn');
    await generateToDirectory(spec, { out, format: 'csv' });
    const learned = await learnSource(join(out, 'users.csv'), { target: 'churn' });
    const churn = learned.spec.tables.users!.columns.churn as { kind: string; p: string; outcomes: string[] };
    expect(churn.kind).toBe('label');
    expect(churn.outcomes).toEqual(['stays', 'leaves']);
    // the slopes come back near the law's (−0.8 per visit, −1 for pro), within a stated margin
    const [, sign, size] = /([+-]) ([\d.]+) \* visits/.exec(churn.p)!;
    const slope = Number(size) * (sign === '-' ? -1 : 1);
    const pro = Number(/plan == 'pro', (-?[\d.]+), 0/.exec(churn.p)![1]);
    expect(Math.abs(slope + 0.8)).toBeLessThan(0.15);
    expect(Math.abs(pro + 1)).toBeLessThan(0.3);
  });
});

describe('trainkit learn', () => {
  it('writes the spec and says what it learned', async () => {
    const csv = await knownCsv();
    const out = join(dir, 'cli.yaml');
    const r = await runCli(['learn', csv, '--out', out, '--no-compare']);
    expect(r.code).toBe(0);
    expect(r.stdout).toMatch(
      /^✔ learned 1 table\(s\) in [\d.]+s into .*cli\.yaml\n {2}people +4,000 rows {2}8 columns\n$/,
    );
    expect(loadSpec(out).spec.tables.people).toBeDefined();
  });

  it('says what is wrong with a source it cannot read, exit 2', async () => {
    const r = await runCli(['learn', join(dir, 'missing.csv')]);
    expect(r.code).toBe(2);
    expect(r.stderr.replaceAll(dir, '<dir>')).toMatchInlineSnapshot(`
      "✖ <dir>/missing.csv does not exist
        → at <dir>/missing.csv
        hint: give the folder trainkit generate wrote, or a CSV, JSONL or SQLite file
      "
    `);
  });
});

describe('the copula', () => {
  it('recovers a normal-score correlation within a stated margin', async () => {
    const spec = defineSpec({
      name: 'pair',
      seed: 4,
      tables: {
        t: {
          rows: 20_000,
          columns: {
            x: { kind: 'number', dist: 'normal', mean: 0, sd: 1, round: 3 },
            y: { kind: 'number', dist: 'lognormal', mu: 1, sigma: 0.4, round: 3 },
          },
          correlations: [{ columns: ['x', 'y'], r: 0.6 }],
        },
      },
    });
    const out = join(dir, 'pair');
    await generateToDirectory(spec, { out, format: 'csv' });
    const learned = await learnSource(join(out, 't.csv'), { seed: 1 });
    const matrix = learned.spec.tables.t!.correlations![0]!.matrix!;
    // the sampling sd of a normal-score correlation near 0.6 over 20,000 rows is about 0.0045;
    // the margin is five of those plus the 0.001 rounding the spec writes
    expect(Math.abs(matrix[0]![1]! - 0.6)).toBeLessThanOrEqual(5 * 0.0045 + 0.001);
  });
});
