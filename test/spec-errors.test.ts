import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { runCli } from './helpers/run-cli.js';
import { tempDir } from './helpers/tmp.js';

const dir = tempDir();

/** Writes a spec file and runs `trainkit generate` on it; returns exit code and stderr with the temp path masked. */
async function generate(name: string, text: string) {
  const file = join(dir, name);
  writeFileSync(file, text);
  const r = await runCli(['generate', file, '--out', join(dir, 'out')]);
  return { code: r.code, stderr: r.stderr.replaceAll(dir, '<dir>'), stdout: r.stdout };
}

describe('spec errors say what, where and how to fix it, with exit code 2', () => {
  it('a malformed file', async () => {
    const r = await generate(
      'malformed.yaml',
      `name: shop
tables:
  customers:
    rows: 10
    columns:
      id: { kind: id
      name: { kind: fake, method: person.firstName }
`,
    );
    expect(r.code).toBe(2);
    expect(r.stderr).toMatchInlineSnapshot(`
      "✖ <dir>/malformed.yaml is not valid YAML or JSON: Flow map in block collection must be sufficiently indented and end with a }
        → at <dir>/malformed.yaml:7:7
        hint: check indentation, quotes and brackets near this position
      "
    `);
  });

  it('malformed JSON', async () => {
    const r = await generate('bad.json', '{ "name": "shop", "tables": { "t": { "rows": 10, } ');
    expect(r.code).toBe(2);
    expect(r.stderr).toMatchInlineSnapshot(`
      "✖ <dir>/bad.json is not valid YAML or JSON: Flow map in block collection must be sufficiently indented and end with a }
        → at <dir>/bad.json:1:52
        hint: check indentation, quotes and brackets near this position
      "
    `);
  });

  it('an unknown column kind', async () => {
    const r = await generate(
      'kind.yaml',
      `name: shop
tables:
  customers:
    rows: 10
    columns:
      id: { kind: id }
      score: { kind: integr, min: 1, max: 5 }
`,
    );
    expect(r.code).toBe(2);
    expect(r.stderr).toMatchInlineSnapshot(`
      "✖ Unknown column kind "integr"
        → at tables.customers.columns.score.kind (<dir>/kind.yaml:7:22)
        hint: did you mean "integer"? The kinds are: id, integer, number, boolean, category, date, datetime, fake, pattern, template, ref, label, derived, aggregate, object, … (6 more)
      "
    `);
  });

  it('an unknown faker method', async () => {
    const r = await generate(
      'faker.yaml',
      `name: shop
tables:
  customers:
    rows: 10
    columns:
      id: { kind: id }
      name: { kind: fake, method: person.frstName }
`,
    );
    expect(r.code).toBe(2);
    expect(r.stderr).toMatchInlineSnapshot(`
      "✖ Unknown faker method "person.frstName"
        → at tables.customers.columns.name.method (<dir>/faker.yaml:7:35)
        hint: did you mean "person.firstName"? The methods of person are: person.bio, person.firstName, person.fullName, person.gender, person.jobArea, person.jobDescriptor, person.jobTitle, person.jobType, person.lastName, person.middleName, person.prefix, person.sex, person.sexType, person.suffix, person.zodiacSign
      "
    `);
  });

  it('an unknown faker module and locale', async () => {
    const r = await generate(
      'faker2.yaml',
      `name: shop
tables:
  customers:
    rows: 10
    columns:
      id: { kind: id }
      name: { kind: fake, method: persn.firstName }
      city: { kind: fake, method: location.city, locale: xx_YY }
`,
    );
    expect(r.code).toBe(2);
    expect(r.stderr).toMatchInlineSnapshot(`
      "✖ Unknown faker method "persn.firstName": faker has no module "persn"
        → at tables.customers.columns.name.method (<dir>/faker2.yaml:7:35)
        hint: did you mean "person"? The modules are: datatype, date, location, number, string, airline, animal, book, color, commerce, company, database, finance, food, git, … (11 more)
      ✖ Unknown faker locale "xx_YY"
        → at tables.customers.columns.city.locale (<dir>/faker2.yaml:8:58)
        hint: Faker locales include: af_ZA, ar, az, bn_BD, cs_CZ, cy, da, de, de_AT, de_CH, dv, el, en, en_AU, en_AU_ocker, … (61 more)
      "
    `);
  });

  it('a reference to a missing table or column', async () => {
    const r = await generate(
      'ref.yaml',
      `name: shop
tables:
  customers:
    rows: 10
    columns:
      id: { kind: id }
  orders:
    rows: { per: customer, dist: poisson, mean: 2 }
    columns:
      id: { kind: id }
      customer_id: { kind: ref, ref: customers.idd }
      note: { kind: template, template: "{customers.nmae}" }
`,
    );
    expect(r.code).toBe(2);
    expect(r.stderr).toMatchInlineSnapshot(`
      "✖ rows.per names table "customer", which does not exist
        → at tables.orders.rows.per (<dir>/ref.yaml:8:18)
        hint: did you mean "customers"? The tables are: customers, orders
      ✖ ref points at column "idd", which does not exist in table "customers"
        → at tables.orders.columns.customer_id.ref (<dir>/ref.yaml:11:38)
        hint: did you mean "id"? The columns of "customers" are: id
      ✖ template: "{customers.nmae}": table "customers" has no column "nmae"
        → at tables.orders.columns.note.template (<dir>/ref.yaml:12:41)
        hint: The columns of "customers" are: id
      "
    `);
  });

  it('a dependency cycle between columns', async () => {
    const r = await generate(
      'cycle.yaml',
      `name: shop
tables:
  people:
    rows: 10
    columns:
      id: { kind: id }
      email: { kind: template, template: "{handle}@example.com" }
      handle: { kind: template, template: "{email|slug}" }
`,
    );
    expect(r.code).toBe(2);
    expect(r.stderr).toMatchInlineSnapshot(`
      "✖ Columns of "people" depend on each other in a cycle: email → handle → email
        → at tables.people.columns.email (<dir>/cycle.yaml:7:14)
        hint: break the cycle: one of these columns must not use the other
      "
    `);
  });

  it('a table that refers to itself, with distinct', async () => {
    const r = await generate(
      'self.yaml',
      `name: shop
tables:
  employees:
    rows: 10
    columns:
      id: { kind: id }
      manager_id: { kind: ref, ref: employees.id, distinct: true }
`,
    );
    expect(r.code).toBe(2);
    expect(r.stderr).toMatchInlineSnapshot(`
      "✖ "employees.manager_id" is distinct within each parent, but "employees" is not made per parent
        → at tables.employees.columns.manager_id.distinct (<dir>/self.yaml:7:61)
        hint: give the table rows: { per: <parent table>, … }, or remove distinct (use unique: true for a key no row repeats)
      "
    `);
  });

  it('an impossible constraint: unique on a 3-value category for 10 rows', async () => {
    const r = await generate(
      'impossible.yaml',
      `name: shop
tables:
  tickets:
    rows: 10
    columns:
      id: { kind: id }
      priority: { kind: category, values: [low, medium, high], unique: true }
`,
    );
    expect(r.code).toBe(2);
    expect(r.stderr).toMatchInlineSnapshot(`
      "✖ "tickets.priority" must be unique, but it can take only 3 distinct values and the table needs about 10
        → at tables.tickets.columns.priority.unique (<dir>/impossible.yaml:7:72)
        hint: widen its range or add values, lower the row count, or drop unique
      "
    `);
  });

  it('an impossible constraint found while generating', async () => {
    const r = await generate(
      'exhausted.yaml',
      `name: shop
tables:
  users:
    rows: 60
    columns:
      id: { kind: id }
      state: { kind: fake, method: location.state, unique: true }
`,
    );
    expect(r.code).toBe(2);
    expect(r.stderr).toMatchInlineSnapshot(`
      "✖ "users.state" must be unique, but no new value turned up in 1000 draws at row 51 of 60
        → at tables.users.columns.state.unique (<dir>/exhausted.yaml:7:60)
        hint: the column has run out of distinct values: widen its range, make fewer rows, or drop unique
      "
    `);
  });

  it('wrong distribution parameters, unknown fields and bad values', async () => {
    const r = await generate(
      'params.yaml',
      `name: shop
tables:
  items:
    rows: 10
    columns:
      id: { kind: id }
      price: { kind: number, dist: normal, mean: 10, rate: 2 }
      qty: { kind: integer, dist: uniform, min: 5, max: 1 }
      when: { kind: date, min: 2024-02-30, max: 2024-12-31 }
      flag: { kind: boolean, rate: 1.5, colour: red }
`,
    );
    expect(r.code).toBe(2);
    expect(r.stderr).toMatchInlineSnapshot(`
      "✖ "rate" must be at most 1, got number 1.5
        → at tables.items.columns.flag.rate (<dir>/params.yaml:10:36)
      ✖ Unknown field "colour"
        → at tables.items.columns.flag.colour (<dir>/params.yaml:10:41)
        hint: The fields here are: kind, null_rate, unique, description, sql_type, given, cases, rate
      "
    `);
  });

  it('distribution parameters that are missing, meaningless or contradictory', async () => {
    const r = await generate(
      'params2.yaml',
      `name: shop
tables:
  items:
    rows: 10
    columns:
      id: { kind: id }
      price: { kind: number, dist: normal, mean: 10, rate: 2 }
      qty: { kind: integer, dist: uniform, min: 5, max: 1 }
      when: { kind: date, min: 2024-02-30, max: 2024-12-31 }
  lines:
    rows: { per: items, dist: negative_binomial, mean: 3 }
    columns:
      id: { kind: id }
`,
    );
    expect(r.code).toBe(2);
    expect(r.stderr).toMatchInlineSnapshot(`
      "✖ dist "normal" needs "sd"
        → at tables.items.columns.price.dist (<dir>/params2.yaml:7:36)
        hint: add mean: …, sd: …
      ✖ "rate" has no meaning for dist "normal"
        → at tables.items.columns.price.rate (<dir>/params2.yaml:7:60)
        hint: remove it; dist "normal" takes mean, sd, min, max
      ✖ min (5) is greater than max (1)
        → at tables.items.columns.qty.min (<dir>/params2.yaml:8:49)
        hint: swap them
      ✖ "2024-02-30" is not a date
        → at tables.items.columns.when.min (<dir>/params2.yaml:9:32)
        hint: write dates as YYYY-MM-DD or an ISO-8601 date-time such as 2024-03-14T09:30:00Z
      ✖ dist "negative_binomial" needs "dispersion"
        → at tables.lines.rows.dist (<dir>/params2.yaml:11:31)
        hint: add mean: …, dispersion: …
      "
    `);
  });

  it('names that differ only in case, and a primary key that could be null or repeat', async () => {
    const r = await generate(
      'keys.yaml',
      `name: shop
tables:
  Users:
    rows: 10
    columns:
      id: { kind: id }
  users:
    rows: 10
    primary_key: code
    columns:
      code: { kind: pattern, pattern: "#", null_rate: 0.1 }
      Code2: { kind: boolean }
      code2: { kind: boolean }
`,
    );
    expect(r.code).toBe(2);
    expect(r.stderr).toMatchInlineSnapshot(`
      "✖ Table "users" differs from another table only in case
        → at tables.users (<dir>/keys.yaml:8:5)
        hint: databases and case-insensitive file systems would mix them up: rename one of them
      ✖ "code" is the primary key of "users", so it cannot be null
        → at tables.users.columns.code.null_rate (<dir>/keys.yaml:11:55)
        hint: remove null_rate, or choose another primary_key
      ✖ Column "code2" differs from another column of "users" only in case
        → at tables.users.columns.code2 (<dir>/keys.yaml:13:14)
        hint: databases and many tools treat names case-insensitively: rename one of them
      "
    `);
  });

  it('a missing file and a file that is not a spec', async () => {
    const missing = await runCli(['generate', join(dir, 'nope.yaml'), '--out', join(dir, 'o')]);
    expect(missing.code).toBe(2);
    expect(missing.stderr.replaceAll(dir, '<dir>')).toMatchInlineSnapshot(`
      "✖ Spec file <dir>/nope.yaml does not exist
        hint: check the path; run \`trainkit generate examples/ecommerce.yaml --out out\` to try an example
      "
    `);
    const list = await generate('list.yaml', '- a\n- b\n');
    expect(list.code).toBe(2);
    expect(list.stderr).toMatchInlineSnapshot(`
      "✖ <dir>/list.yaml does not hold a spec: expected a mapping with name and tables
        → at <dir>/list.yaml:1:1
        hint: start from examples/ecommerce.yaml
      "
    `);
  });

  it('never prints a stack trace for a user mistake', async () => {
    const r = await generate(
      'kind2.yaml',
      'name: x\ntables: { t: { rows: 1, columns: { a: { kind: nope } } } }\n',
    );
    expect(r.stderr).not.toMatch(/\n\s+at .*\.(ts|js):\d+/);
  });
});
