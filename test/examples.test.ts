import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { generateToSink } from '../src/generate/index.js';
import type { CellValue, Chunk, TableLayout } from '../src/io/index.js';
import {
  exponential,
  exponentialCdf,
  lognormalCdf,
  normalCdf,
  Rng,
  regularizedGamma,
  spearmanFromGaussian,
} from '../src/random/index.js';
import { loadSpec, type Spec } from '../src/spec/index.js';
import {
  ALPHA,
  expectCorrelation,
  expectKsOneSample,
  expectKsTwoSample,
  expectRate,
  K,
  spearman,
} from './helpers/stats.js';

// ---------------------------------------------------------------------------------------------
// Every example's stated rates, dependencies, correlations and distributions, checked in its
// output. Tolerances, throughout:
//   - rates (labels, null_rate, boolean rate, edge cases): the binomial bound |p̂ − p| ≤ K·√(p(1−p)/n),
//     K = 5 (a correct generator misses with p ≈ 6e-7);
//   - weights of categories, labels' classes, per-parent counts and array lengths: Pearson's
//     chi-square goodness of fit against the stated law (cells with expected count < 5 merged),
//     at alpha = 1e-6; a value outside the stated support fails outright;
//   - continuous distributions, also those a scenario or a conditional case puts on its rows:
//     one-sample KS against the stated (truncated) CDF at alpha = 1e-6; where rounding makes the
//     law discrete, two-sample KS against 100 000 reference draws rounded the same way (ties
//     stepped over together: conservative);
//   - the copula: Spearman's rho against its target within K·√1.06 standard errors on Fisher's
//     z scale (1.06/(n − 3) is the variance of a rank correlation's z, Fieller et al.);
//   - dependencies (templates, derived columns, aggregates, `after`, ground truth, spans): exact.
// ---------------------------------------------------------------------------------------------

type Row = Record<string, CellValue>;
type Tables = Map<string, Row[]>;

/** Generates a spec in this process and keeps every table's rows, named by the table layout. */
async function generate(spec: Spec, scale = 1): Promise<Tables> {
  const layouts = new Map<string, TableLayout>();
  const out: Tables = new Map();
  await generateToSink(
    spec,
    {
      format: 'memory',
      async open(d) {
        for (const t of d.tables) {
          layouts.set(t.name, t);
          out.set(t.name, []);
        }
      },
      write(c: Chunk) {
        const names = layouts.get(c.table)!.columns.map((col) => col.name);
        const rows = out.get(c.table)!;
        for (let r = 0; r < c.rows; r++) {
          const row: Row = {};
          names.forEach((name, i) => {
            row[name] = c.columns[i]![r]!;
          });
          rows.push(row);
        }
      },
      async close() {
        return [];
      },
      async abort() {},
    },
    { scale },
  );
  return out;
}

function example(name: string): Spec {
  return loadSpec(join('examples', `${name}.yaml`)).spec;
}

/** A copy of a spec, for editing one part of it in memory. */
function copy(spec: Spec): Spec {
  return structuredClone(spec);
}

function rowsOf(t: Tables, name: string): Row[] {
  const rows = t.get(name);
  if (!rows) throw new Error(`no table ${name}`);
  return rows;
}

function byKey(rows: readonly Row[], key = 'id'): Map<CellValue, Row> {
  return new Map(rows.map((r) => [r[key]!, r]));
}

/** How many child rows each parent row got (zeros included). */
function childCounts(parents: readonly Row[], children: readonly Row[], fk: string): number[] {
  const n = new Map<CellValue, number>(parents.map((p) => [p.id!, 0]));
  for (const c of children) {
    expect(n.has(c[fk]!), `${fk} ${String(c[fk])} has no parent`).toBe(true);
    n.set(c[fk]!, n.get(c[fk]!)! + 1);
  }
  return [...n.values()];
}

/**
 * Chi-square goodness of fit of observed values against stated probabilities (normalised here),
 * cells with expected count below 5 merged into one; a value the law cannot give fails.
 */
function expectLaw(values: readonly CellValue[], probs: Record<string, number>): void {
  const total = Object.values(probs).reduce((a, b) => a + b, 0);
  const observed = new Map<string, number>();
  for (const v of values) observed.set(String(v), (observed.get(String(v)) ?? 0) + 1);
  const outside = [...observed.keys()].filter((k) => !(k in probs));
  expect(outside, 'values outside the stated support').toEqual([]);
  const n = values.length;
  const cells: [number, number][] = [];
  const rare: [number, number] = [0, 0];
  for (const [k, w] of Object.entries(probs)) {
    const e = (n * w) / total;
    const o = observed.get(k) ?? 0;
    if (e >= 5) cells.push([o, e]);
    else {
      rare[0] += o;
      rare[1] += e;
    }
  }
  if (rare[1] > 0) cells.push(rare);
  const stat = cells.reduce((s, [o, e]) => s + ((o - e) * (o - e)) / e, 0);
  const df = Math.max(1, cells.length - 1);
  const p = regularizedGamma(df / 2, stat / 2).upper;
  expect(p, `chi-square ${stat.toFixed(1)} with ${df} df, p = ${p}`).toBeGreaterThanOrEqual(ALPHA);
}

/** A count law on 0..max as {count: probability}, clipped to [lo, hi] the way `min`/`max` clip counts. */
function clipped(pmf: (k: number) => number, lo: number, hi = 200): Record<string, number> {
  const out: Record<string, number> = {};
  for (let k = 0; k <= 200; k++) {
    const c = Math.min(hi, Math.max(lo, k));
    out[c] = (out[c] ?? 0) + pmf(k);
  }
  return out;
}

function logFactorial(k: number): number {
  let s = 0;
  for (let i = 2; i <= k; i++) s += Math.log(i);
  return s;
}

const poissonPmf = (mean: number) => (k: number) => Math.exp(-mean + k * Math.log(mean) - logFactorial(k));
/** trainkit's geometric count with a mean m: failures before a success of p = 1/(1 + m). */
const geometricPmf = (mean: number) => (k: number) => (1 / (1 + mean)) * (mean / (1 + mean)) ** k;
/** Negative binomial with mean m and dispersion r (variance m + m²/r). */
const negBinomialPmf = (m: number, r: number) => (k: number) => {
  let logCoef = -logFactorial(k);
  for (let i = 0; i < k; i++) logCoef += Math.log(r + i);
  return Math.exp(logCoef + r * Math.log(r / (r + m)) + k * Math.log(m / (r + m)));
};

/** The CDF of a continuous law truncated to [lo, hi]. */
function truncated(cdf: (x: number) => number, lo: number, hi = Number.POSITIVE_INFINITY) {
  const a = cdf(lo);
  const b = hi === Number.POSITIVE_INFINITY ? 1 : cdf(hi);
  return (x: number) => Math.min(1, Math.max(0, (cdf(x) - a) / (b - a)));
}

/** 100 000 reference draws of a law, rounded to `places` decimals like the column. */
function reference(draw: (rng: Rng) => number, places: number): number[] {
  const rng = Rng.from([1234, 'reference']);
  const f = 10 ** places;
  return Array.from({ length: 100_000 }, () => Math.round(draw(rng) * f) / f);
}

function countTrue(rows: readonly Row[], col: string): number {
  return rows.filter((r) => r[col] === true).length;
}

// ---- text: spans ----------------------------------------------------------------------------

interface Span {
  start: number;
  end: number;
  type: string;
}

function spansOf(row: Row, col: string): Span[] {
  return JSON.parse(row[col] as string) as Span[];
}

/**
 * Checks a text column's spans exactly: sorted, non-overlapping, inside the text (offsets in
 * code points), never empty and never starting or ending with a space. Returns each span's text.
 */
function checkSpans(
  rows: readonly Row[],
  text: string,
  spans: string,
): { row: Row; span: Span; value: string }[] {
  const out: { row: Row; span: Span; value: string }[] = [];
  let bad = 0;
  for (const row of rows) {
    const chars = Array.from(row[text] as string);
    let last = 0;
    for (const span of spansOf(row, spans)) {
      const value = chars.slice(span.start, span.end).join('');
      const ok =
        span.start >= last && span.end > span.start && span.end <= chars.length && value === value.trim();
      if (!ok) bad++;
      last = span.end;
      out.push({ row, span, value });
    }
  }
  expect(bad, 'spans out of order, overlapping, outside the text or not trimmed').toBe(0);
  return out;
}

/** The column's grammar with its noise taken out, so that an entity's text is its value exactly. */
function withoutNoise(spec: Spec, table: string, column: string): Spec {
  const s = copy(spec);
  const col = s.tables[table]!.columns[column] as { noise?: unknown };
  delete col.noise;
  return s;
}

const MONTHS = [
  'January',
  'February',
  'March',
  'April',
  'May',
  'June',
  'July',
  'August',
  'September',
  'October',
  'November',
  'December',
];

/** A YYYY-MM-DD date in a format of the spec's date tokens (written here independently of trainkit). */
function formatDate(iso: string, format: string): string {
  const [y, m, d] = iso.split('-').map(Number) as [number, number, number];
  const pad = (n: number) => String(n).padStart(2, '0');
  return format.replace(/YYYY|YY|MMMM|MMM|MM|M|DD|D/g, (t) => {
    switch (t) {
      case 'YYYY':
        return String(y);
      case 'YY':
        return pad(y % 100);
      case 'MMMM':
        return MONTHS[m - 1]!;
      case 'MMM':
        return MONTHS[m - 1]!.slice(0, 3);
      case 'MM':
        return pad(m);
      case 'M':
        return String(m);
      case 'DD':
        return pad(d);
      default:
        return String(d);
    }
  });
}

/** Asserts every span of `type` reads as one of the row's `allowed` values, exactly. */
function expectEntities(
  spans: readonly { row: Row; span: Span; value: string }[],
  type: string,
  allowed: ((row: Row) => readonly string[]) | RegExp,
): void {
  const of = spans.filter((s) => s.span.type === type);
  expect(of.length, `no ${type} spans`).toBeGreaterThan(0);
  const wrong = of.filter(({ row, value }) => {
    return allowed instanceof RegExp ? !allowed.test(value) : !allowed(row).includes(value);
  });
  expect(
    wrong.slice(0, 3).map((w) => w.value),
    `${wrong.length} of ${of.length} ${type} spans`,
  ).toEqual([]);
}

// ---------------------------------------------------------------------------------------------

describe('examples/ecommerce.yaml', async () => {
  const spec = example('ecommerce');
  const t = await generate(spec);
  const customers = rowsOf(t, 'customers');
  const products = rowsOf(t, 'products');
  const orders = rowsOf(t, 'orders');
  const items = rowsOf(t, 'order_items');

  it('has the stated rates and weights', () => {
    expectRate(customers.filter((c) => c.phone === null).length, customers.length, 0.15);
    expectRate(countTrue(customers, 'loyalty_member'), customers.length, 0.3);
    expectLaw(
      customers.map((c) => c.country!),
      { US: 60, GB: 15, DE: 10, FR: 10, ES: 5 },
    );
    expectLaw(
      orders.map((o) => o.status!),
      { delivered: 80, shipped: 10, processing: 5, cancelled: 4, returned: 1 },
    );
    expectLaw(
      items.map((i) => i.quantity!),
      { 1: 70, 2: 20, 3: 7, 5: 3 },
    );
  });

  it('has the stated row counts per parent: orders Poisson(4), items geometric(1.5) clipped at 1', () => {
    expectLaw(childCounts(customers, orders, 'customer_id'), clipped(poissonPmf(4), 0));
    expectLaw(childCounts(orders, items, 'order_id'), clipped(geometricPmf(1.5), 1));
  });

  it('has the stated distributions: prices lognormal(3.4, 0.8) on [1, 2000], ages within 18..90', () => {
    expectKsOneSample(
      products.map((p) => p.price as number),
      truncated((x) => lognormalCdf(x, 3.4, 0.8), 1, 2000),
    );
    expect(
      customers.every((c) => Number.isInteger(c.age) && (c.age as number) >= 18 && (c.age as number) <= 90),
    ).toBe(true);
  });

  it('keeps its dependencies: templates read their own row, parent and referenced row', () => {
    const byCustomer = byKey(customers);
    const byProduct = byKey(products);
    const byOrder = byKey(orders);
    const slug = (s: string) =>
      s
        .normalize('NFKD')
        .replace(/[\u0300-\u036f]/g, '')
        .toLowerCase()
        .replace(/['’]/g, '')
        .replace(/[^a-z0-9]+/g, '-')
        .replace(/^-+|-+$/g, '');
    for (const c of customers) {
      expect(c.email).toBe(
        `${slug(c.first_name as string)}.${slug(c.last_name as string)}${c.id}@example.com`,
      );
    }
    expect(new Set(customers.map((c) => c.email)).size).toBe(customers.length);
    for (const o of orders) {
      const c = byCustomer.get(o.customer_id!)!;
      expect(o.ship_to).toBe(`${c.first_name} ${c.last_name}, ${c.city}`);
    }
    for (const i of items) {
      expect(byOrder.has(i.order_id!)).toBe(true);
      expect(i.product_name).toBe(byProduct.get(i.product_id!)!.name);
    }
  });
});

describe('examples/fraud-detection.yaml', async () => {
  const spec = example('fraud-detection');
  const t = await generate(spec);
  const customers = rowsOf(t, 'customers');
  const txns = rowsOf(t, 'transactions');
  const truth = byKey(rowsOf(t, 'transactions_truth'));
  const edges = (r: Row) => ((truth.get(r.id!)?.edge_case as string | null) ?? '').split('+');
  const edged = (r: Row) => (truth.get(r.id!)?.edge_case ?? null) !== null;
  // a duplicate copies another row's values, its label and derived columns included
  const copied = (r: Row) => edges(r).includes('duplicate_txn');
  // rows as the scenario and the base distributions made them: no edge case touched them
  const clean = txns.filter((r) => !edged(r));
  const fraud = clean.filter((r) => r.is_fraud === true);
  const legit = clean.filter((r) => r.is_fraud === false);

  it('labels 2% of transactions as fraud, and the ground truth names the scenario on exactly those rows', () => {
    expectRate(countTrue(txns, 'is_fraud'), txns.length, 0.02);
    for (const r of txns.filter((x) => !copied(x))) {
      expect(truth.get(r.id!)?.scenario ?? null).toBe(r.is_fraud ? 'fraud' : null);
    }
  });

  it('has the stated count per customer: negative binomial, mean 12, dispersion 2', () => {
    expectLaw(childCounts(customers, txns, 'customer_id'), clipped(negBinomialPmf(12, 2), 0));
  });

  it('gives the fraud rows the scenario distributions', () => {
    expectKsOneSample(
      fraud.map((r) => r.amount as number),
      truncated((x) => lognormalCdf(x, 6, 1.2), 0.5),
    );
    expectLaw(
      fraud.map((r) => r.hour!),
      { 0: 1, 1: 1, 2: 1, 3: 1, 4: 1, 5: 1 },
    );
    // exponential(1) rounded to 0.1: discrete, so against rounded reference draws
    expectKsTwoSample(
      fraud.map((r) => r.device_age_days as number),
      reference((rng) => exponential(rng, 1), 1),
    );
    expectKsOneSample(
      fraud.map((r) => r.distance_km as number),
      (x) => lognormalCdf(x, 5.5, 1),
    );
    expectLaw(
      fraud.map((r) => r.merchant_category!),
      { electronics: 40, gift_cards: 35, travel: 15, grocery: 5, restaurants: 5 },
    );
  });

  it('gives the other rows the base distributions, and business customers their own amounts', () => {
    const amounts = (segment: string) =>
      legit.filter((r) => r.segment === segment).map((r) => r.amount as number);
    expectKsOneSample(
      amounts('consumer'),
      truncated((x) => lognormalCdf(x, 3.4, 0.9), 0.5),
    );
    expectKsOneSample(
      amounts('business'),
      truncated((x) => lognormalCdf(x, 4.6, 1), 0.5),
    );
    expectKsOneSample(
      legit.map((r) => r.distance_km as number),
      (x) => lognormalCdf(x, 1.5, 1),
    );
    // normal(14, 4) on [0, 23], rounded: P(hour = h) from the truncated normal
    const hours: Record<string, number> = {};
    for (let h = 0; h <= 23; h++) {
      hours[h] = normalCdf((Math.min(h + 0.5, 23) - 14) / 4) - normalCdf((Math.max(h - 0.5, 0) - 14) / 4);
    }
    expectLaw(
      legit.map((r) => r.hour!),
      hours,
    );
    expectLaw(
      legit.map((r) => r.merchant_category!),
      { grocery: 30, restaurants: 20, fuel: 15, electronics: 8, travel: 7, clothing: 15, gift_cards: 5 },
    );
    expectLaw(
      txns.map((r) => r.channel!),
      { card_present: 60, online: 35, phone: 5 },
    );
    expectLaw(
      customers.map((c) => c.segment!),
      { consumer: 85, business: 15 },
    );
  });

  it('ties amount and items by the copula: Spearman matches r = 0.6 given the items ties', () => {
    // within one amount law (consumer, not fraud) ranks of amount are ranks of the copula draw;
    // items is Poisson(2.5) truncated to ≥ 1, whose ties lower Spearman's rho below
    // spearmanFromGaussian(0.6) = 0.582: the target is Corr(U₁, G(Y)) with G the mid-distribution
    // function of items, by quadrature over the copula's second normal score
    const rows = legit.filter((r) => r.segment === 'consumer');
    const r = 0.6;
    const p0 = Math.exp(-2.5);
    const pmf = (k: number) => (k < 1 ? 0 : poissonPmf(2.5)(k) / (1 - p0));
    const cum: number[] = [0];
    for (let k = 1; k <= 40; k++) cum[k] = cum[k - 1]! + pmf(k);
    const sumCubes = cum.slice(1).reduce((s, _, i) => s + pmf(i + 1) ** 3, 0);
    let cov = 0;
    const steps = 40_000;
    for (let i = 0; i < steps; i++) {
      const z = -8 + ((i + 0.5) * 16) / steps;
      const u = normalCdf(z);
      const k = Math.max(
        1,
        cum.findIndex((c) => c >= u),
      );
      const g = cum[k - 1]! + pmf(k) / 2;
      cov +=
        ((normalCdf((r * z) / Math.sqrt(2 - r * r)) * g * Math.exp((-z * z) / 2)) / Math.sqrt(2 * Math.PI)) *
        (16 / steps);
    }
    const target = (cov - 0.25) / Math.sqrt((1 / 12) * ((1 - sumCubes) / 12));
    expect(target).toBeLessThan(spearmanFromGaussian(r));
    const rho = spearman(
      rows.map((x) => x.amount as number),
      rows.map((x) => x.items as number),
    );
    expectCorrelation(rho, target, rows.length, K * Math.sqrt(1.06));
  });

  it('keeps its dependencies: derived columns, `after`, and the aggregates', () => {
    const byCustomer = byKey(customers);
    const day = 86_400_000;
    const lags: number[] = [];
    for (const r of txns) {
      const c = byCustomer.get(r.customer_id!)!;
      expect(r.is_night).toBe((r.hour as number) < 6);
      if (!copied(r)) expect(r.segment).toBe(c.segment);
      if (edged(r)) continue;
      const lag = (Date.parse(r.at as string) - Date.parse(c.signed_up as string)) / day;
      expect(lag).toBeGreaterThanOrEqual(0);
      lags.push(lag);
    }
    // after: customers.signed_up with an exponential lag of rate 0.004 a day
    expectKsOneSample(lags, (x) => exponentialCdf(x, 0.004));
    const count = new Map<CellValue, number>();
    const sum = new Map<CellValue, number>();
    const touched = new Set<CellValue>();
    for (const r of txns) {
      count.set(r.customer_id!, (count.get(r.customer_id!) ?? 0) + 1);
      sum.set(r.customer_id!, (sum.get(r.customer_id!) ?? 0) + (r.amount as number));
      if (edged(r)) touched.add(r.customer_id!);
    }
    for (const c of customers) {
      expect(c.transactions).toBe(count.get(c.id!) ?? 0);
      // the aggregate sums the amounts as made, before edge cases break a few of them
      if (touched.has(c.id!)) continue;
      expect(c.total_spend as number).toBeCloseTo(sum.get(c.id!) ?? 0, 6);
    }
  });

  it('injects its edge cases at their rates, and records them', () => {
    const hit = (name: string) => txns.filter((r) => edges(r).includes(name));
    expectRate(hit('amount_outlier').length, txns.length, 0.001);
    expectRate(hit('missing_merchant').length, txns.length, 0.005);
    expectRate(hit('duplicate_txn').length, txns.length, 0.002);
    const missing = new Set(hit('missing_merchant').map((r) => r.id));
    for (const r of txns) if (!copied(r)) expect(r.merchant_category === null).toBe(missing.has(r.id));
    // a duplicate repeats another row's values (its keys stay its own)
    const key = (r: Row) =>
      [r.amount, r.hour, r.device_age_days, r.distance_km, r.merchant_category].join('|');
    const seen = new Map<string, number>();
    for (const r of txns) seen.set(key(r), (seen.get(key(r)) ?? 0) + 1);
    for (const r of hit('duplicate_txn')) expect(seen.get(key(r))).toBeGreaterThanOrEqual(2);
  });
});

describe('examples/support-tickets.yaml', async () => {
  const spec = example('support-tickets');
  const t = await generate(spec);
  const customers = rowsOf(t, 'customers');
  const tickets = rowsOf(t, 'tickets');

  it('has the stated intents and tickets per customer (geometric, mean 2, at least 1)', () => {
    expectLaw(
      tickets.map((r) => r.intent!),
      {
        refund: 20,
        shipping_delay: 20,
        login_problem: 15,
        billing: 15,
        cancel: 10,
        product_question: 15,
        other: 5,
      },
    );
    expectLaw(childCounts(customers, tickets, 'customer_id'), clipped(geometricPmf(2), 1));
  });

  it('writes exact spans, also through its typos and case noise', () => {
    const spans = checkSpans(tickets, 'message', 'message_entities');
    // typos keep an entity's first and last character: its span still starts and ends on it
    const byCustomer = byKey(customers);
    const emails = spans.filter((s) => s.span.type === 'EMAIL');
    for (const { row, value } of emails) {
      const email = (byCustomer.get(row.customer_id!)!.email as string).toLowerCase();
      expect([value[0]!.toLowerCase(), value.at(-1)!.toLowerCase()]).toEqual([email[0], email.at(-1)]);
    }
  });

  it('without noise, every span is its entity exactly', async () => {
    const quiet = await generate(withoutNoise(spec, 'tickets', 'message'));
    const byCustomer = byKey(rowsOf(quiet, 'customers'));
    const rows = rowsOf(quiet, 'tickets');
    const spans = checkSpans(rows, 'message', 'message_entities');
    const customer = (r: Row) => byCustomer.get(r.customer_id!)!;
    expectEntities(spans, 'EMAIL', (r) => [customer(r).email as string]);
    expectEntities(spans, 'PHONE', (r) => [customer(r).phone as string]);
    expectEntities(spans, 'LOCATION', (r) => [customer(r).city as string]);
    expectEntities(spans, 'DATE', (r) =>
      ['M/D', 'MMMM D', 'MMM D', 'D MMMM', 'YYYY-MM-DD', 'MM/DD/YYYY'].map((f) =>
        formatDate(r.opened as string, f),
      ),
    );
    expectEntities(spans, 'ORDER_ID', /^(\d{7}|ORD-[A-Za-z]{2}-\d{5})$/);
    expectEntities(spans, 'CARD_LAST4', /^\d{4}$/);
    // the customer's name in its three forms; the agent (any first name) is the only other PERSON
    const persons = spans.filter((s) => s.span.type === 'PERSON');
    const named = persons.filter(({ row, value }) => {
      const c = customer(row);
      const first = c.first_name as string;
      return [first, `${first} ${c.last_name}`, `${Array.from(first)[0]}. ${c.last_name}`].includes(value);
    });
    const agents = rows.filter((r) => r.intent === 'other').length;
    expect(persons.length - named.length).toBeLessThanOrEqual(agents);
  });
});

describe('examples/clinical-notes.yaml', async () => {
  const spec = example('clinical-notes');
  const t = await generate(spec);
  const patients = rowsOf(t, 'patients');
  const notes = rowsOf(t, 'notes');

  it('has the stated origins, sexes, credentials, styles and notes per patient (Poisson 3, at least 1)', () => {
    expectLaw(
      patients.map((p) => p.origin!),
      {
        en: 34,
        es: 12,
        en_IN: 8,
        vi: 6,
        zh_CN: 4,
        ja: 3,
        ar: 5,
        de: 5,
        fr: 4,
        pl: 4,
        en_NG: 5,
        ko: 3,
        pt_BR: 4,
      },
    );
    expectLaw(
      patients.map((p) => p.sex!),
      { F: 52, M: 48 },
    );
    expectRate(patients.filter((p) => p.middle_initial === null).length, patients.length, 0.4);
    expectLaw(
      rowsOf(t, 'clinicians').map((c) => c.credential!),
      { MD: 55, DO: 10, NP: 15, 'PA-C': 8, RN: 12 },
    );
    expectLaw(
      notes.map((n) => n.style!),
      { soap: 26, nursing: 14, discharge: 14, shorthand: 18, phone: 8, referral: 8, progress: 7, plain: 5 },
    );
    expectLaw(childCounts(patients, notes, 'patient_id'), clipped(poissonPmf(3), 1));
    expect(new Set(patients.map((p) => p.mrn)).size).toBe(patients.length);
    for (const p of patients) expect(p.name_key).toBe(`${p.origin}_${p.sex}`);
  });

  it('writes exact spans, in code points, whatever the script of the names', () => {
    const spans = checkSpans(notes, 'note', 'note_entities');
    // names from zh_CN, ja, ko, ar and vi reach the notes
    expect(
      spans.some((s) => s.span.type === 'PERSON' && /[^\p{Script=Latin}\p{P}\p{Zs}]/u.test(s.value)),
    ).toBe(true);
  });

  it('without noise, record numbers, ages and dates in the spans are the patient’s exactly', async () => {
    const quiet = await generate(withoutNoise(spec, 'notes', 'note'));
    const byPatient = byKey(rowsOf(quiet, 'patients'));
    const spans = checkSpans(rowsOf(quiet, 'notes'), 'note', 'note_entities');
    const patient = (r: Row) => byPatient.get(r.patient_id!)!;
    expectEntities(spans, 'MRN', (r) => [patient(r).mrn as string]);
    expectEntities(spans, 'AGE', (r) => [String(patient(r).age)]);
    const dobFormats = ['MM/DD/YYYY', 'M/D/YYYY', 'YYYY-MM-DD', 'MMMM D, YYYY', 'D MMM YYYY', 'M/D/YY'];
    const visitFormats = [
      'MM/DD/YYYY',
      'M/D/YYYY',
      'M/D',
      'YYYY-MM-DD',
      'MMMM D, YYYY',
      'MMM D',
      'D MMM YYYY',
    ];
    const fuFormats = ['M/D/YYYY', 'MM/DD/YY', 'MMMM D', 'MMM D, YYYY'];
    expectEntities(spans, 'DATE', (r) => [
      ...dobFormats.map((f) => formatDate(patient(r).dob as string, f)),
      ...visitFormats.map((f) => formatDate(r.visit_date as string, f)),
      ...fuFormats.map((f) => formatDate(r.followup_date as string, f)),
    ]);
  });
});

describe('examples/company-email.yaml', async () => {
  const spec = example('company-email');
  const t = await generate(spec);
  const employees = rowsOf(t, 'employees');
  const emails = rowsOf(t, 'emails');

  it('has the stated topics and emails per employee (Poisson 4), and office details copied exactly', () => {
    expectLaw(
      emails.map((e) => e.topic!),
      { meeting: 25, project: 25, travel: 15, partner: 20, hr: 10, short: 5 },
    );
    expectLaw(childCounts(employees, emails, 'sender_id'), clipped(poissonPmf(4), 0));
    const offices = byKey(rowsOf(t, 'offices'));
    for (const e of employees) {
      const o = offices.get(e.office_id!)!;
      expect(e.office_address).toBe(`${o.street}, ${o.city}, ${o.state} ${o.zip}`);
      expect(e.switchboard).toBe(o.switchboard);
    }
  });

  it('writes exact spans; without noise, addresses, titles and dates are the sender’s exactly', async () => {
    checkSpans(emails, 'body', 'body_entities');
    const quiet = await generate(withoutNoise(spec, 'emails', 'body'));
    const byEmployee = byKey(rowsOf(quiet, 'employees'));
    const spans = checkSpans(rowsOf(quiet, 'emails'), 'body', 'body_entities');
    const sender = (r: Row) => byEmployee.get(r.sender_id!)!;
    expectEntities(spans, 'TITLE', (r) => [sender(r).title as string]);
    expectEntities(spans, 'EMAIL', /^[a-z0-9-]+\.[a-z0-9-]+@halvardpine\.example$/);
    expectEntities(spans, 'DATE', (r) =>
      ['MMMM D', 'MMM D', 'M/D', 'D MMMM YYYY', 'YYYY-MM-DD'].map((f) => formatDate(r.sent as string, f)),
    );
    // the From line names the sender: the first PERSON and EMAIL spans of every email
    for (const r of rowsOf(quiet, 'emails')) {
      const [from, fromEmail] = spansOf(r, 'body_entities');
      const chars = Array.from(r.body as string);
      const s = sender(r);
      expect(chars.slice(from!.start, from!.end).join('')).toBe(`${s.first_name} ${s.last_name}`);
      expect(chars.slice(fromEmail!.start, fromEmail!.end).join('')).toBe(s.email);
    }
  });
});

describe('examples/nested-orders.yaml', async () => {
  const t = await generate(example('nested-orders'));
  const orders = rowsOf(t, 'orders');
  type Item = { sku: string; qty: number; price: number; shipped_on: string };
  type Customer = {
    name: string;
    tier: string;
    phone: string | null;
    code: string;
    address: { zip: string };
  };

  it('has the stated array lengths, weights and null rates inside the documents', () => {
    const items = orders.map((o) => o.items as Item[]);
    // length: Poisson(2.5) clipped to 1..10
    expectLaw(
      items.map((i) => i.length),
      clipped(poissonPmf(2.5), 1, 10),
    );
    // tags: 0..3 distinct values of three
    const tags = orders.map((o) => o.tags as string[]);
    expectLaw(
      tags.map((x) => x.length),
      { 0: 1, 1: 1, 2: 1, 3: 1 },
    );
    for (const x of tags) expect(new Set(x).size).toBe(x.length);
    const customers = orders.map((o) => o.customer as Customer);
    expectLaw(
      customers.map((c) => c.tier),
      { gold: 1, silver: 3 },
    );
    expectRate(customers.filter((c) => c.phone === null).length, customers.length, 0.2);
    expect(customers.every((c) => 'phone' in c)).toBe(true);
    const flat = items.flat();
    expectLaw(
      flat.map((i) => i.qty),
      { 1: 1, 2: 1, 3: 1, 4: 1, 5: 1 },
    );
    expectKsOneSample(
      flat.map((i) => i.price),
      truncated((x) => lognormalCdf(x, 3, 0.6), 1, 500),
    );
    expect(flat.every((i) => /^SKU-\d{4}$/.test(i.sku) && /^\d{2}\/\d{2}\/202[45]$/.test(i.shipped_on))).toBe(
      true,
    );
  });

  it('lets a nested template read the row: customer.code is C-{id}', () => {
    for (const o of orders) expect((o.customer as Customer).code).toBe(`C-${o.id}`);
  });
});

describe('examples/predictive-maintenance.yaml', () => {
  // its statistics are test/timeseries.test.ts's; here only that it generates, at a twentieth
  it('generates 720 hourly readings per machine', async () => {
    const t = await generate(example('predictive-maintenance'), 0.05);
    const machines = rowsOf(t, 'machines');
    expect(machines.length).toBe(10);
    expect(rowsOf(t, 'readings').length).toBe(720 * machines.length);
  });
});
