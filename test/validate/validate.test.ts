import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { beforeAll, describe, expect, it } from 'vitest';
import { openTableRows } from '../../src/io/index.js';
import { Rng } from '../../src/random/index.js';
import { loadSpec } from '../../src/spec/index.js';
import { checkConformance } from '../../src/validate/conformance.js';
import { openDataset } from '../../src/validate/dataset.js';
import { spearman } from '../../src/validate/fidelity-pairs.js';
import type { CheckResult, ValidationReport } from '../../src/validate/index.js';
import { chiSquareTest, ksPValue, ksStatistic, wilsonInterval } from '../../src/validate/stats.js';
import { compileDateFormat, compileDateParser, patternRegExp, providers } from '../../src/values/index.js';
import { runCli } from '../helpers/run-cli.js';
import { tempDir } from '../helpers/tmp.js';

const root = fileURLToPath(new URL('../..', import.meta.url));
const fraud = join(root, 'examples', 'fraud-detection.yaml');
const quality = join(root, '..', 'shared', 'data', 'quality-vectors');

const failed = (results: readonly CheckResult[]) =>
  results.filter((r) => r.status === 'fail').map((r) => r.id);

describe('statistics', () => {
  it('computes the KS statistic against a quantile function, continuous and discrete', () => {
    expect(ksStatistic(Float64Array.from([0.1, 0.4, 0.7]), (u) => u)).toBeCloseTo(0.3, 3);
    // a fair die against its own law: sample frequencies exactly 1/6 each → D ≈ 0
    const die = Float64Array.from({ length: 600 }, (_, i) => (i % 6) + 1).sort();
    expect(ksStatistic(die, (u) => Math.floor(u * 6) + 1)).toBeLessThan(1e-3);
    // the same die against a die that never shows 6: F(5) is 1 instead of 5/6
    expect(ksStatistic(die, (u) => Math.floor(u * 5) + 1)).toBeCloseTo(1 / 6, 3);
  });
  it('gives Kolmogorov p-values that match the tables', () => {
    // the 5% critical value is 1.358/√n for large n
    expect(ksPValue(1.358 / Math.sqrt(10_000), 10_000)).toBeCloseTo(0.05, 2);
    expect(ksPValue(0.001, 100)).toBe(1);
  });
  it('tests counts against probabilities and brackets rates', () => {
    expect(chiSquareTest([48, 52], [0.5, 0.5]).p).toBeCloseTo(0.6892, 3);
    expect(chiSquareTest([90, 10], [0.5, 0.5]).p).toBeLessThan(1e-10);
    const ci = wilsonInterval(20, 1000, 0.05);
    expect(ci.low).toBeCloseTo(0.01301, 4);
    expect(ci.high).toBeCloseTo(0.03069, 4);
    expect(spearman([1, 2, 3, 4], [10, 20, 30, 45])).toBeCloseTo(1, 12);
  });
});

describe('what conformance reads back', () => {
  it('parses every date format back to the instant it formatted', () => {
    const rng = Rng.from(['date-round-trip']);
    for (const format of [
      'iso',
      'YYYY-MM-DD',
      'DD/MM/YYYY HH:mm',
      'YYYY-MM-DD[T]HH:mm:ss.SSS[Z]',
      'epoch_ms',
    ]) {
      const show = compileDateFormat(format);
      const read = compileDateParser(format);
      for (let i = 0; i < 200; i++) {
        const ms = Math.floor(rng.float() * 4e12);
        const text = show(ms);
        // a format keeps what its tokens name: compare at that precision
        expect(show(read(text))).toBe(text);
      }
    }
    expect(compileDateParser('YYYY-MM-DD')('2023-02-29')).toBeNaN();
    expect(compileDateParser('DD/MM/YYYY')('31/04/2024')).toBeNaN();
    expect(compileDateParser('YYYY-MM-DD')('2024-02-29')).toBe(Date.UTC(2024, 1, 29));
  });
  it('matches exactly what a pattern column makes', () => {
    const provider = providers.pattern({ kind: 'pattern', pattern: 'AC-*?#\\#' }, undefined as never);
    const re = patternRegExp('AC-*?#\\#');
    const rng = Rng.from(['pattern']);
    for (let i = 0; i < 500; i++) expect(re.test(String(provider.next(rng, undefined as never)))).toBe(true);
    expect(re.test('AC-aB1#')).toBe(false); // `*` is a digit or an upper-case letter
    expect(re.test('AC-1B12')).toBe(false); // `\#` is a literal #
  });
});

describe('conformance to the spec', () => {
  const dir = tempDir();
  const out = join(dir, 'fraud');
  beforeAll(async () => {
    const r = await runCli(['generate', fraud, '--out', out, '--scale', '0.25']);
    expect(r.code).toBe(0);
  });

  it('passes every check on data the spec generated', async () => {
    const { spec } = loadSpec(fraud);
    const results = await checkConformance(await openDataset(out), spec);
    expect(failed(results)).toEqual([]);
    const ids = results.map((r) => r.id);
    // the variants: a case of `given` and a scenario's override are each tested on their own rows
    expect(ids).toContain('conformance.transactions.amount.distribution.case_business');
    expect(ids).toContain('conformance.transactions.amount.distribution.scenario_fraud');
    expect(ids).toContain('conformance.transactions.correlation.amount.items');
    expect(ids).toContain('conformance.transactions.cardinality');
    expect(ids).toContain('conformance.transactions.edge_case.amount_outlier');
    expect(ids).toContain('conformance.transactions.customer_id.foreign_key');
    expect(ids).toContain('conformance.transactions.at.order');
  });

  it('fails the checks a damaged copy breaks, and only those', async () => {
    const bad = join(dir, 'bad');
    await runCli(['generate', fraud, '--out', bad, '--scale', '0.25']);
    const file = join(bad, 'transactions.csv');
    const lines = readFileSync(file, 'utf8').trimEnd().split('\n');
    const header = lines[0]!.split(',');
    const col = (name: string) => header.indexOf(name);
    const damaged = lines.map((line, i) => {
      if (i === 0) return line;
      const cells = line.split(',');
      // every fifth row: a customer that does not exist, an hour of 30, a channel the spec lacks
      if (i % 5 === 0) {
        cells[col('customer_id')] = '999999';
        cells[col('hour')] = '30';
      }
      if (i % 3 === 0) cells[col('channel')] = 'fax';
      // amounts doubled: the lognormal is shifted by log 2
      const amount = Number(cells[col('amount')]);
      if (Number.isFinite(amount)) cells[col('amount')] = (amount * 2).toFixed(2);
      return cells.join(',');
    });
    writeFileSync(file, `${damaged.join('\n')}\n`);
    const { spec } = loadSpec(fraud);
    const results = await checkConformance(await openDataset(bad), spec);
    expect(failed(results).sort()).toEqual(
      [
        'conformance.transactions.amount.distribution',
        'conformance.transactions.amount.distribution.case_business',
        'conformance.transactions.amount.distribution.scenario_fraud',
        // the frequencies of the spec's own channels keep their proportions: only the values check fails
        'conformance.transactions.channel.values',
        'conformance.transactions.customer_id.foreign_key',
        'conformance.transactions.hour.distribution',
        'conformance.transactions.hour.distribution.scenario_fraud',
        'conformance.transactions.hour.range',
        // the cardinality check counts children per real customer: a fifth went to no one
        'conformance.transactions.cardinality',
      ].sort(),
    );
    const fk = results.find((r) => r.id === 'conformance.transactions.customer_id.foreign_key')!;
    expect(fk.measured).toBeGreaterThan(2000);
    expect(fk.detail).toMatch(/the first at line \d+/);
  });

  it('reads CSV with quoted cells, line breaks in cells and CRLF endings', async () => {
    const file = join(dir, 'quoted.csv');
    writeFileSync(file, 'id,text\r\n1,"a, b"\r\n2,"line\nbreak ""quoted"""\r\n3,plain\r\n');
    const t = await openTableRows(file);
    const rows: unknown[][] = [];
    for await (const b of t.batches()) rows.push(...b.rows.map((r) => [...r]));
    expect(t.columns).toEqual(['id', 'text']);
    expect(rows).toEqual([
      ['1', 'a, b'],
      ['2', 'line\nbreak "quoted"'],
      ['3', 'plain'],
    ]);
  });
});

describe('trainkit validate', () => {
  const dir = tempDir();

  it('scores fidelity as SDMetrics does and writes the HTML report', async () => {
    const report = join(dir, 'report.html');
    const r = await runCli([
      'validate',
      join(quality, 'sdv-gaussiancopula-5000.csv'),
      '--reference',
      join(quality, 'real-sample-5000.csv'),
      '--report',
      report,
      '--json',
    ]);
    expect(r.stderr).toBe('');
    const json = JSON.parse(r.stdout) as ValidationReport;
    const expected = JSON.parse(readFileSync(join(quality, 'sdmetrics-expected.json'), 'utf8')) as {
      quality_report: { overall: number };
    };
    // the CLI infers the column kinds; SDMetrics was given the same six numerical columns
    expect(json.fidelity!.score).toBeCloseTo(expected.quality_report.overall, 6);
    expect(json.fidelity!.columnShapes.age).toBeCloseTo(0.9632, 6);
    expect(json.privacy).toBeDefined();
    expect(json.checks.some((c) => c.id.startsWith('privacy.'))).toBe(true);
    expect(readFileSync(report, 'utf8')).toContain('data-chart="histogram"');
    // warnings alone do not fail the run; --fail-on warn makes them
    expect(r.code).toBe(0);
    const strict = await runCli([
      'validate',
      join(quality, 'sdv-gaussiancopula-5000.csv'),
      '--reference',
      join(quality, 'real-sample-5000.csv'),
      '--fail-on',
      'warn',
    ]);
    expect(strict.code).toBe(1);
  });

  it('exits 1 when conformance fails and 2 on bad input, without a stack trace', async () => {
    const out = join(dir, 'fraud');
    await runCli(['generate', fraud, '--out', out, '--scale', '0.1']);
    const ok = await runCli(['validate', out, '--spec', fraud]);
    expect(ok.code).toBe(0);
    expect(ok.stdout).toMatch(/^✔ .*checks passed/);
    writeFileSync(join(out, 'customers.csv'), 'id,name\n1,x\n');
    const bad = await runCli(['validate', out, '--spec', fraud]);
    expect(bad.code).toBe(1);
    expect(bad.stdout).toContain('✖ conformance customers');
    const missing = await runCli(['validate', join(dir, 'nowhere'), '--spec', fraud]);
    expect(missing.code).toBe(2);
    expect(missing.stderr.replaceAll(dir, '<dir>')).toMatchInlineSnapshot(`
      "✖ <dir>/nowhere does not exist
        → at <dir>/nowhere
        hint: give the folder trainkit generate wrote, or a CSV, JSONL or SQLite file
      "
    `);
    const usage = await runCli(['validate', out, '--fail-on', 'never']);
    expect(usage.code).toBe(2);
    writeFileSync(join(dir, 'header-only.csv'), 'amount,hour\n');
    const empty = await runCli(['validate', out, '--reference', join(dir, 'header-only.csv')]);
    expect(empty.code).toBe(2);
    expect(empty.stderr.replaceAll(dir, '<dir>')).toMatchInlineSnapshot(`
      "✖ The reference table customers has no rows
        → at <dir>/header-only.csv
        hint: give real data with at least one row (a header alone compares with nothing)
      "
    `);
  });

  it('reads the sample for the in-memory parts in the conformance pass, and --no-quality leaves that part out', async () => {
    const out = join(dir, 'fraud-sample');
    await runCli(['generate', fraud, '--out', out, '--scale', '0.1']);
    const { validateData } = await import('../../src/validate/index.js');
    const { FrameSampler, loadFrame } = await import('../../src/validate/dataset.js');
    const table = 'transactions';
    // a sample smaller than the table: the reservoir must pick the same rows in either pass
    const sample = { rows: 500, seed: 7 };
    const dataset = await openDataset(out);
    let tapped: InstanceType<typeof FrameSampler> | undefined;
    await checkConformance(dataset, loadSpec(fraud).spec, {
      onTable: (name, columns) => {
        if (name !== table) return undefined;
        const s = new FrameSampler(name, columns, sample);
        tapped = s;
        return (row) => s.add(row);
      },
    });
    const own = await loadFrame(dataset.table(table)!, sample);
    expect(own.rows).toBe(500);
    expect(tapped!.finish()).toEqual(own);
    const base = { data: out, table, sampleRows: 500, seed: 7 };
    const onePass = await validateData({ ...base, spec: fraud });
    expect(onePass.quality).toBeDefined();
    const lean = await validateData({ ...base, spec: fraud, quality: false });
    expect(lean.quality).toBeUndefined();
    expect(lean.checks.some((c) => c.section === 'quality')).toBe(false);
    expect(lean.checks.filter((c) => c.section === 'conformance')).toEqual(
      onePass.checks.filter((c) => c.section === 'conformance'),
    );
    const cli = await runCli(['validate', out, '--spec', fraud, '--no-quality', '--json']);
    expect(cli.code).toBe(0);
    expect((JSON.parse(cli.stdout) as ValidationReport).quality).toBeUndefined();
  });
});

describe('what a learned spec holds', () => {
  const dir = tempDir();
  const specFile = join(dir, 'learned.yaml');
  writeFileSync(
    specFile,
    [
      'name: learned',
      'seed: 3',
      'tables:',
      '  people:',
      '    rows: 4000',
      '    columns:',
      '      id: { kind: id }',
      '      name: { kind: fake, method: person.firstName }',
      '      code: { kind: pattern, pattern: "AB-###" }',
      '      age: { kind: integer, dist: uniform, min: 18, max: 90 }',
      '      income: { kind: label, rate: 0.25, outcomes: ["<=50K", ">50K"] }',
      '  links:',
      '    rows: 300',
      '    columns:',
      '      id: { kind: id }',
      '      person_id: { kind: ref, ref: people.id }',
    ].join('\n'),
  );

  it('checks a label with named outcomes as a rate, and leaves made-up personal values and keys-only tables out of fidelity and privacy', async () => {
    const out = join(dir, 'out');
    const ref = join(dir, 'ref');
    expect((await runCli(['generate', specFile, '--out', out])).code).toBe(0);
    expect((await runCli(['generate', specFile, '--out', ref, '--seed', '9'])).code).toBe(0);
    const { validateData } = await import('../../src/validate/index.js');
    const report = await validateData({ data: out, spec: specFile, reference: ref, quality: false });
    const label = report.checks.filter((c) => c.id.startsWith('conformance.people.income'));
    expect(label.length).toBeGreaterThan(0);
    expect(label.filter((c) => c.status === 'fail')).toEqual([]);
    expect(report.checks.find((c) => c.id === 'conformance.people.income.rate')?.status).toBe('pass');
    // fake and pattern columns are replaced values, not a distribution to match
    expect(Object.keys(report.fidelity!.columnShapes).sort()).toEqual(['age', 'income']);
    const links = await validateData({
      data: out,
      spec: specFile,
      reference: ref,
      table: 'links',
      quality: false,
    });
    expect(links.privacy).toBeUndefined();
    expect(links.checks.find((c) => c.id === 'privacy.links')?.status).toBe('skip');
  });
});
