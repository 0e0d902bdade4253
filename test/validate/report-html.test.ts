import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import type { Browser } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { renderReportHtml } from '../../src/validate/report-html.js';
import { divergingColour, escapeHtml, formatNumber, formatPercent } from '../../src/validate/report-svg.js';
import type { CheckResult, ValidationReport } from '../../src/validate/report-types.js';
import { launchChromium, openWatchedPage } from '../helpers/chromium.js';
import { tempDir } from '../helpers/tmp.js';

const EVIL = '<script>alert(1)</script>';
const EVIL_IMG = '<img src=x onerror="window.__pwned=1">';

function check(over: Partial<CheckResult> & Pick<CheckResult, 'id' | 'status'>): CheckResult {
  return {
    section: 'conformance',
    table: 'adult',
    name: 'null rate',
    severity: 'error',
    measured: 0,
    expected: '≤ 0.05',
    ...over,
  };
}

function summarise(checks: readonly CheckResult[]): ValidationReport['summary'] {
  const failed = checks.filter((c) => c.status === 'fail' && c.severity === 'error').length;
  return {
    checks: checks.length,
    passed: checks.filter((c) => c.status === 'pass').length,
    failed,
    warnings: checks.filter((c) => c.status === 'fail' && c.severity === 'warn').length,
    skipped: checks.filter((c) => c.status === 'skip').length,
    status: failed > 0 ? 'fail' : 'pass',
  };
}

/** Normal-shaped proportions over `n` bins, centred at `mu` (in bin units), summing to 1. */
function bell(n: number, mu: number, sd: number): number[] {
  const w = Array.from({ length: n }, (_, i) => Math.exp(-(((i + 0.5 - mu) / sd) ** 2) / 2));
  const s = w.reduce((a, b) => a + b, 0);
  return w.map((x) => x / s);
}

const CHECKS: readonly CheckResult[] = [
  check({
    id: 'conformance.adult.age.range',
    column: 'age',
    name: 'range',
    status: 'pass',
    expected: '[17, 90]',
  }),
  check({ id: 'conformance.adult.age.null', column: 'age', status: 'pass', measured: 0 }),
  check({
    id: 'conformance.adult.fnlwgt.ks',
    column: 'fnlwgt',
    name: 'KS vs lognormal(12, 0.5)',
    status: 'fail',
    measured: 0.0812,
    expected: '≤ 0.03',
    tolerance: '0.03 (KS critical value, α = 0.01)',
    detail: 'heavier right tail than the spec',
  }),
  check({
    id: 'conformance.adult.income.rate',
    column: 'income',
    name: 'label rate >50K',
    status: 'fail',
    severity: 'warn',
    measured: 0.262,
    expected: '0.24 ± 0.016 (99% binomial CI)',
    tolerance: '0.016',
  }),
  check({
    id: 'conformance.adult.workclass.tv',
    column: 'workclass',
    name: 'TV distance',
    status: 'pass',
    measured: 0.012,
  }),
  check({
    id: 'conformance.adult.sex.freq',
    column: 'sex',
    name: 'chi-square',
    status: 'pass',
    measured: 0.41,
    expected: 'p ≥ 0.01',
  }),
  check({
    id: 'conformance.adult.notes.spans',
    column: 'notes',
    name: 'span validity',
    status: 'skip',
    measured: null,
    expected: 'all spans inside their text',
    detail: 'the column has no spans in the spec',
  }),
  check({
    id: 'conformance.adult.id.unique',
    column: 'id',
    name: 'uniqueness',
    status: 'pass',
    measured: '0 of 5000 rows',
  }),
  check({
    id: 'fidelity.score',
    section: 'fidelity',
    name: 'quality score',
    status: 'pass',
    measured: 0.874,
    expected: '≥ 0.8',
  }),
  check({
    id: 'utility.auc-gap',
    section: 'utility',
    name: 'ROC AUC gap',
    status: 'pass',
    measured: 0.021,
    expected: '≤ 0.05',
  }),
  check({
    id: 'privacy.exact-copies',
    section: 'privacy',
    name: 'exact-copy rate',
    status: 'fail',
    measured: 0.0024,
    expected: '0',
    detail: 'rows 14, 902, 3311 and 9 more',
  }),
  check({
    id: 'privacy.dcr',
    section: 'privacy',
    name: 'DCR overfitting protection',
    status: 'pass',
    measured: 0.93,
    expected: '≥ 0.8',
  }),
  check({
    id: 'quality.duplicates',
    section: 'quality',
    name: 'near-duplicate rate',
    status: 'pass',
    measured: 0.004,
    expected: '≤ 0.01',
  }),
  check({
    id: 'conformance.adult.evil',
    column: EVIL_IMG,
    name: 'type',
    status: 'pass',
    expected: 'numerical',
  }),
];

const HISTOGRAMS = [
  {
    column: 'age',
    labels: ['17', '24', '31', '38', '45', '52', '59', '66', '73', '80'],
    real: bell(10, 3.2, 2),
    syn: bell(10, 3.5, 2.2),
  },
  {
    column: 'workclass',
    labels: [
      'Private',
      'Self-emp-not-inc',
      'Local-gov',
      'State-gov',
      'Self-emp-inc',
      'Federal-gov',
      'Without-pay',
    ],
    real: [0.736, 0.082, 0.068, 0.042, 0.036, 0.031, 0.005],
    syn: [0.71, 0.095, 0.072, 0.045, 0.04, 0.034, 0.004],
  },
  {
    column: 'hours-per-week',
    labels: ['1', '13', '25', '37', '49', '61', '73', '85'],
    real: bell(8, 3.3, 0.9),
    syn: bell(8, 3.4, 1.3),
  },
  { column: 'sex', labels: ['Male', 'Female'], real: [0.669, 0.331], syn: [0.652, 0.348] },
  { column: 'income', labels: ['<=50K', '>50K'], real: [0.759, 0.241], syn: [0.738, 0.262] },
  {
    column: 'capital-gain',
    labels: Array.from({ length: 12 }, (_, i) => `[${i * 8333}, ${(i + 1) * 8333})`),
    real: [0.951, 0.031, 0.009, 0.004, 0.002, 0.001, 0.0006, 0.0004, 0, 0, 0, 0.001],
    syn: [0.94, 0.038, 0.012, 0.005, 0.002, 0.001, 0.001, 0, 0, 0, 0.0005, 0.0005],
  },
];

const CORR_COLUMNS = ['age', 'fnlwgt', 'education-num', 'capital-gain', 'hours-per-week', 'income'];
const REAL_CORR = [
  [1, -0.077, 0.037, 0.078, 0.069, 0.234],
  [-0.077, 1, -0.043, 0.0004, -0.019, -0.009],
  [0.037, -0.043, 1, 0.123, 0.148, 0.335],
  [0.078, 0.0004, 0.123, 1, 0.078, 0.223],
  [0.069, -0.019, 0.148, 0.078, 1, 0.23],
  [0.234, -0.009, 0.335, 0.223, 0.23, 1],
];
const SYN_CORR = REAL_CORR.map((row, i) =>
  row.map((v, j) => (i === j ? 1 : v * 0.8 + (i + j === 5 ? -0.12 : 0))),
);

const DCR_BINS = Array.from({ length: 20 }, (_, i) => {
  const syn = bell(20, 6, 3)[i]!;
  const hold = bell(20, 6.5, 3.2)[i]!;
  return { from: i * 0.1, to: (i + 1) * 0.1, synthetic: syn, holdout: hold };
});

const SHAPES: Readonly<Record<string, number>> = {
  age: 0.9412,
  workclass: 0.9731,
  fnlwgt: 0.8123,
  education: 0.9614,
  'education-num': 0.9388,
  'capital-gain': 0.6911,
  'hours-per-week': 0.8865,
  sex: 0.983,
  income: 0.979,
};

function fullReport(): ValidationReport {
  const pairs = [
    ['age', 'income', 'ContingencySimilarity', 0.9123, 0.234],
    ['education-num', 'income', 'ContingencySimilarity', 0.8712, 0.335],
    ['age', 'hours-per-week', 'CorrelationSimilarity', 0.9561, 0.069],
    ['fnlwgt', 'capital-gain', 'CorrelationSimilarity', 0.9991, 0.0004],
    ['workclass', 'sex', 'ContingencySimilarity', 0.9402, 0.11],
    ['capital-gain', 'income', 'ContingencySimilarity', 0.7712, 0.223],
  ] as const;
  return {
    trainkit: '0.1.0',
    data: 'out/adult-synthetic.csv',
    spec: 'examples/adult.yaml',
    reference: '../shared/data/adult/adult.csv',
    summary: summarise(CHECKS),
    checks: CHECKS,
    fidelity: {
      score: 0.8742,
      properties: { columnShapes: 0.9074, columnPairTrends: 0.841 },
      columnShapes: SHAPES,
      columnPairTrends: pairs.map(([a, b, metric, score, realAssociation]) => ({
        columns: [a, b] as const,
        metric,
        score,
        realAssociation,
        counted: realAssociation >= 0.1,
      })),
    },
    utility: {
      target: 'income',
      model: 'logistic regression',
      real: { rocAuc: 0.9012, f1: 0.6671, accuracy: 0.8502 },
      synthetic: { rocAuc: 0.8803, f1: 0.6412, accuracy: 0.8391 },
      gap: { rocAuc: 0.0209, f1: 0.0259, accuracy: 0.0111 },
      testRows: 9769,
    },
    privacy: {
      exactCopyRate: 0.0024,
      dcr: {
        syntheticMedian: 0.612,
        holdoutMedian: 0.655,
        baselineProtection: 0.912,
        overfittingProtection: 0.93,
      },
      nndr: { median: 0.88, quantiles: [0.41, 0.62, 0.88, 0.97, 0.99, 1, 1, 1, 1, 1] },
      singlingOut: { risk: 0.012, ci: [0.004, 0.021], attacks: 2000 },
      linkability: { risk: 0.0031, ci: [0, 0.009] },
    },
    quality: {
      rows: 5000,
      entirelyNull: 0,
      duplicates: { exact: 3, near: 18, params: { shingle: 5, permutations: 256, jaccard: 0.75 } },
      classBalance: { '<=50K': 0.738, '>50K': 0.262 },
      labelErrors: [
        { row: 121, given: '<=50K', suggested: '>50K', confidence: 0.94 },
        { row: 2208, given: '>50K', suggested: '<=50K', confidence: 0.91 },
        { row: 4012, given: '<=50K', suggested: '>50K', confidence: 0.88 },
      ],
    },
    charts: {
      histograms: HISTOGRAMS.map((h) => ({
        column: h.column,
        bins: h.labels.map((label, i) => ({ label, real: h.real[i]!, synthetic: h.syn[i]! })),
      })),
      correlation: { columns: CORR_COLUMNS, real: REAL_CORR, synthetic: SYN_CORR },
      dcr: { bins: DCR_BINS },
    },
  };
}

const MINIMAL: ValidationReport = {
  trainkit: '0.1.0',
  data: 'orders.csv',
  summary: summarise(CHECKS.slice(0, 2)),
  checks: CHECKS.slice(0, 2),
};

const count = (html: string, needle: string): number => html.split(needle).length - 1;

describe('renderReportHtml: the page as a string', () => {
  it('escapes user text everywhere it appears', () => {
    const report: ValidationReport = {
      ...MINIMAL,
      data: `data/${EVIL}.csv`,
      checks: [
        check({ id: `x.${EVIL}`, column: EVIL, name: EVIL, status: 'fail', measured: EVIL, detail: EVIL }),
      ],
      fidelity: {
        score: 0.5,
        properties: { columnShapes: 0.5, columnPairTrends: 0.5 },
        columnShapes: { [EVIL]: 0.5 },
        columnPairTrends: [{ columns: [EVIL, 'b'], metric: EVIL, score: 0.5 }],
      },
      privacy: { [EVIL]: { note: EVIL, list: [{ [EVIL]: EVIL }] } },
      charts: {
        histograms: [{ column: EVIL, bins: [{ label: EVIL, real: 1, synthetic: 1 }] }],
        correlation: { columns: [EVIL], real: [[1]], synthetic: [[1]] },
      },
    };
    const html = renderReportHtml(report);
    // the page's own filter script is its only script element
    expect(count(html, '<script')).toBe(1);
    expect(html).not.toContain('alert(1)</script>');
    expect(count(html, '&lt;script&gt;alert(1)&lt;/script&gt;')).toBeGreaterThanOrEqual(14);
    expect(escapeHtml(`"a" & 'b' <c>`)).toBe('&quot;a&quot; &amp; &#39;b&#39; &lt;c&gt;');
  });

  it('leaves out the sections and charts a report does not have', () => {
    const html = renderReportHtml(MINIMAL);
    expect(html).toContain('id="conformance"');
    for (const absent of [
      'id="fidelity"',
      'id="utility"',
      'id="privacy"',
      'id="quality"',
      'data-chart=',
      'Spec</dt>',
    ]) {
      expect(html).not.toContain(absent);
    }
    const withUtility = renderReportHtml({ ...MINIMAL, utility: { rocAuc: 0.9 } });
    expect(withUtility).toContain('id="utility"');
    expect(withUtility).not.toContain('id="privacy"');
    // a DCR chart alone brings the privacy section, with its chart and nothing else
    const dcrOnly = renderReportHtml({
      ...MINIMAL,
      charts: { dcr: { bins: DCR_BINS.map(({ holdout: _, ...b }) => b) } },
    });
    expect(dcrOnly).toContain('id="privacy"');
    expect(count(dcrOnly, 'data-chart="dcr"')).toBe(1);
    expect(count(dcrOnly, 'class="bar ')).toBe(DCR_BINS.length);
    expect(dcrOnly).not.toContain('holdout → real');
  });

  it('has one row per check, failed first, then warned, skipped and passed', () => {
    const report = fullReport();
    const html = renderReportHtml(report);
    const statuses = [...html.matchAll(/<tr class="check (\w+)"/g)].map((m) => m[1]);
    expect(statuses).toHaveLength(CHECKS.length);
    expect(statuses).toEqual([
      'fail',
      'fail',
      'warn',
      'skip',
      ...Array.from({ length: CHECKS.length - 4 }, () => 'pass'),
    ]);
    // within a status the report's order stays: fnlwgt's KS before the exact-copy rate
    expect(html.indexOf('KS vs lognormal')).toBeLessThan(html.indexOf('exact-copy rate'));
    expect(html).toContain('<p class="status-badge fail" role="status">✗ FAIL');
    expect(renderReportHtml(MINIMAL)).toContain('✓ PASS');
  });

  it('draws every bar and cell with the classes a test can count', () => {
    const html = renderReportHtml(fullReport());
    const bins = HISTOGRAMS.reduce((s, h) => s + h.labels.length, 0);
    expect(count(html, 'data-chart="histogram"')).toBe(HISTOGRAMS.length);
    expect(count(html, 'class="bar real"')).toBe(bins);
    expect(count(html, 'class="bar synthetic"')).toBe(bins + DCR_BINS.length);
    expect(count(html, 'class="bar holdout"')).toBe(DCR_BINS.length);
    expect(count(html, 'class="cell"')).toBe(2 * CORR_COLUMNS.length ** 2);
    expect(count(html, 'data-chart="column-shapes"')).toBe(1);
    expect(
      count(html, 'class="bar good"') + count(html, 'class="bar fair"') + count(html, 'class="bar poor"'),
    ).toBe(Object.keys(SHAPES).length);
    // capital-gain scores 0.69: drawn as poor; 9 of 12 of its bins are present
    expect(html).toContain('<title>capital-gain: 0.6911</title>');
  });

  it('renders utility, privacy and quality parts generically', () => {
    const html = renderReportHtml(fullReport());
    const quality = html.slice(html.indexOf('id="quality"'));
    // the label-error list is a table with a column per key and a row per entry
    expect(quality).toMatch(
      /<th scope="col">row<\/th><th scope="col">given<\/th><th scope="col">suggested<\/th>/,
    );
    expect(count(quality, '<td><span class="num">0.94</span></td>')).toBe(1);
    // ten NNDR quantiles are summarised, two CI bounds shown in full
    expect(html).toContain('10 values; min 0.41, mean 0.887, max 1');
    expect(html).toContain('[0.004, 0.021]');
    // real, synthetic and gap share their keys: one grid with a row each and a column per metric
    const utility = html.slice(html.indexOf('id="utility"'), html.indexOf('id="privacy"'));
    expect(utility).toContain('<th scope="col" class="num">rocAuc</th><th scope="col" class="num">f1</th>');
    expect(utility).toContain(
      '<th scope="row">synthetic</th><td class="num"><span class="num">0.8803</span>',
    );
    expect(count(utility, '<th scope="row">rocAuc</th>')).toBe(0);
  });

  it('needs nothing outside the file', () => {
    const html = renderReportHtml(fullReport());
    const withoutNamespaces = html.replaceAll('xmlns="http://www.w3.org/2000/svg"', '');
    expect(withoutNamespaces).not.toMatch(/https?:|\ssrc="|\shref="(?!#)|@import|<link|<img|<iframe|<object/);
    expect(html).toContain("default-src 'none'");
  });

  it('draws an undefined correlation grey and says so when no check ran', () => {
    const html = renderReportHtml({
      ...MINIMAL,
      summary: summarise([]),
      checks: [],
      charts: {
        correlation: {
          columns: ['a', 'b'],
          real: [
            [1, Number.NaN],
            [Number.NaN, 1],
          ],
          synthetic: [
            [1, 0.5],
            [0.5, 1],
          ],
        },
      },
    });
    expect(html).toContain('No checks were run.');
    expect(count(html, 'fill="#c8c8c8"')).toBe(2);
    expect(html).toContain('<title>a × b: n/a</title>');
    expect(html).toContain('<title>a × b: 0.500</title>');
    expect(count(html, '<tr class="check')).toBe(0);
  });

  it('formats numbers and colours for reading', () => {
    expect(formatNumber(12345)).toBe('12,345');
    expect(formatNumber(0.912345)).toBe('0.9123');
    expect(formatNumber(1234.56)).toBe('1,234.6');
    expect(formatNumber(0.00001234)).toBe('1.23e-5');
    expect(formatNumber(Number.NaN)).toBe('NaN');
    expect(formatPercent(0.8734)).toBe('87.3%');
    expect(divergingColour(-1)).toBe('#2166ac');
    expect(divergingColour(0)).toBe('#f7f7f7');
    expect(divergingColour(1)).toBe('#b2182b');
    expect(divergingColour(7)).toBe('#b2182b');
  });
});

describe('renderReportHtml in Debian chromium', () => {
  let browser: Browser;
  const dir = tempDir('trainkit-report-');
  beforeAll(async () => {
    browser = await launchChromium();
  }, 30_000);
  afterAll(async () => {
    await browser?.close();
  });

  it('renders every chart with no request and no console error, and a screenshot that is not blank', async () => {
    const file = join(dir, 'report.html');
    writeFileSync(file, renderReportHtml(fullReport()));

    const watched = await openWatchedPage(browser, pathToFileURL(file).href);
    const { page } = watched;
    const shot = await page.screenshot({ fullPage: true });
    // TRAINKIT_REPORT_PNG=/tmp/report.png keeps the screenshot (and the page beside it) to look at
    const keep = process.env.TRAINKIT_REPORT_PNG;
    if (keep) {
      writeFileSync(keep, shot);
      writeFileSync(keep.replace(/\.png$/, '.html'), readFileSync(file));
    }

    const drawn = async (
      chart: string,
      mark: string,
    ): Promise<{ total: number; visible: number; w: number; h: number }[]> =>
      page.evaluate(
        `[...document.querySelectorAll('svg[data-chart="${chart}"]')].map((svg) => {
          const box = svg.getBoundingClientRect();
          const marks = [...svg.querySelectorAll('${mark}')];
          const visible = marks.filter((m) => { const r = m.getBoundingClientRect(); return r.width > 0 && r.height > 0; });
          return { total: marks.length, visible: visible.length, w: box.width, h: box.height };
        })`,
      );

    const histograms = await drawn('histogram', '.bar');
    expect(histograms).toHaveLength(HISTOGRAMS.length);
    HISTOGRAMS.forEach((h, i) => {
      const nonZero = [...h.real, ...h.syn].filter((v) => v > 0).length;
      expect(histograms[i]).toMatchObject({ total: 2 * h.labels.length, visible: nonZero });
      expect(histograms[i]!.w).toBeGreaterThan(200);
      expect(histograms[i]!.h).toBeGreaterThan(100);
    });
    const correlation = await drawn('correlation', '.cell');
    expect(correlation).toHaveLength(2);
    for (const c of correlation) {
      expect(c).toMatchObject({ total: CORR_COLUMNS.length ** 2, visible: CORR_COLUMNS.length ** 2 });
      expect(c.w).toBeGreaterThan(150);
    }
    // side by side at this width: the two matrices share a row
    const tops = await page.evaluate<number[]>(
      `[...document.querySelectorAll('svg[data-chart="correlation"]')].map((s) => s.getBoundingClientRect().top)`,
    );
    expect(Math.abs(tops[0]! - tops[1]!)).toBeLessThan(1);
    const dcr = await drawn('dcr', '.bar');
    expect(dcr).toEqual([
      expect.objectContaining({ total: 2 * DCR_BINS.length, visible: 2 * DCR_BINS.length }),
    ]);
    const shapes = await drawn('column-shapes', '.bar');
    expect(shapes).toEqual([
      expect.objectContaining({ total: Object.keys(SHAPES).length, visible: Object.keys(SHAPES).length }),
    ]);
    expect(await page.locator('tr.check').count()).toBe(CHECKS.length);
    // the column name with an onerror handler stayed text
    expect(await page.evaluate('typeof window.__pwned')).toBe('undefined');
    expect(await page.locator('tr.check', { hasText: EVIL_IMG }).count()).toBe(1);

    // the filter leaves the 4 failed, warned and skipped checks
    await page.locator('#only-problems').check();
    expect(await page.locator('tr.check:visible').count()).toBe(4);
    await page.locator('#only-problems').uncheck();
    expect(await page.locator('tr.check:visible').count()).toBe(CHECKS.length);

    expect(watched.requests).toEqual([]);
    expect(watched.errors).toEqual([]);

    // the same page emptied is the blank baseline: same viewport, same browser
    await page.setContent('<!doctype html><html><head><title>blank</title></head><body></body></html>');
    const blankShot = await page.screenshot({ fullPage: true });
    await watched.close();
    expect(shot.subarray(1, 4).toString()).toBe('PNG');
    // a blank 1280×900 page compresses to a few kB; the report is tens of times larger
    if (process.env.TRAINKIT_REPORT_PNG)
      console.log(`screenshot ${shot.length} B, blank ${blankShot.length} B`);
    expect(shot.length).toBeGreaterThan(20 * blankShot.length);
  }, 30_000);

  it('the watcher does see requests and errors (so the empty lists above mean something)', async () => {
    const file = join(dir, 'leaky.html');
    writeFileSync(
      file,
      '<!doctype html><img src="http://127.0.0.1:9/x.png"><img src="local.png"><script>nope()</script>',
    );
    const watched = await openWatchedPage(browser, pathToFileURL(file).href);
    // both images are asked for, in either order, and neither is fetched
    expect([...watched.requests].sort()).toEqual(
      [pathToFileURL(join(dir, 'local.png')).href, 'http://127.0.0.1:9/x.png'].sort(),
    );
    expect(watched.errors.some((e) => e.includes('nope is not defined'))).toBe(true);
    await watched.close();
  }, 15_000);
});
