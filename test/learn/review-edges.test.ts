import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { learnColumn, learnSource, profileColumn } from '../../src/learn/index.js';
import { compileDateFormat } from '../../src/values/date-format.js';
import { pgDatabase } from '../helpers/databases.js';
import { runCli } from '../helpers/run-cli.js';
import { tempDir } from '../helpers/tmp.js';

describe('learn: what must not reach the spec', () => {
  it('writes a database URL into the header without its password', async () => {
    const url = new URL(await pgDatabase('learnpw'));
    // trust auth on the test server: the password is ignored, but it is still in the text
    url.password = 'hunter2secret';
    const { connect } = await import('../../src/io/db/index.js');
    const conn = await connect({ kind: 'postgres', url: url.toString() });
    try {
      await conn.exec('CREATE TABLE t (a INTEGER)');
      await conn.exec('INSERT INTO t VALUES (1), (2), (3), (4), (5), (6)');
    } finally {
      await conn.close();
    }
    const { yaml } = await learnSource(url.toString());
    expect(yaml).not.toContain('hunter2secret');
    expect(yaml.split('\n')[0]).toMatch(/^# Learned by trainkit learn from postgres:\/\/postgres:\*\*\*@/);
  });
});

describe('learn: date-times with a zone', () => {
  it('writes instants read with an offset as UTC, marked Z, not as a local time without a zone', () => {
    const texts = ['2020-01-01T10:00:00+05:00', '2020-01-02T12:30:00+05:00', '2020-01-03T23:15:00+05:00'];
    const p = profileColumn('ts', [...texts, ...texts]);
    expect(p.type).toBe('datetime');
    // the values are held as UTC instants, so the format must say so
    expect(p.dateFormat).toBe('YYYY-MM-DD[T]HH:mm:ss[Z]');
    const write = compileDateFormat(p.dateFormat!);
    expect(Date.parse(String(write(p.numbers![0]!)))).toBe(Date.parse(texts[0]!));
  });

  it('keeps local midnights in one zone as dates written with that zone', () => {
    const p = profileColumn('day', ['2020-01-01T00:00:00+05:00', '2020-02-01T00:00:00+05:00']);
    expect(p.type).toBe('date');
    expect(p.dateFormat).toBe('YYYY-MM-DD[T00:00:00+05:00]');
    const z = profileColumn('day', ['2020-01-01T00:00:00Z', '1960-02-01T00:00:00Z']);
    expect(z.dateFormat).toBe('YYYY-MM-DD[T00:00:00Z]');
  });
});

describe('learn: codes', () => {
  it('copies no characters of a code seen fewer than k times', () => {
    const one = learnColumn(profileColumn('code', ['AB-1234']), { k: 5, alpha: 0.01 });
    expect(one.spec).toEqual({ kind: 'pattern', pattern: '??-####', unique: true });
    // shared by k or more values, a prefix stays literal
    const many = learnColumn(profileColumn('code', ['AB-1234', 'AB-2234', 'AB-3234', 'AB-4234', 'AB-5234']), {
      k: 5,
      alpha: 0.01,
    });
    expect(many.spec).toEqual({ kind: 'pattern', pattern: 'AB-#234', unique: true });
  });

  it('writes no summary of a number or date column with fewer than k values', () => {
    const settings = { k: 5, alpha: 0.01 };
    for (const values of [['41'], ['3.5', '3.5', null, null], ['2024-03-14', '2024-03-15']]) {
      const learned = learnColumn(profileColumn('x', values), settings);
      expect(learned.spec).toEqual({ kind: 'category', values: ['-'], null_rate: 1 });
      expect(learned.notes.join(' ')).toMatch(/fewer than 5: too few to learn without copying/);
    }
    // k values or more are learned as numbers
    const enough = learnColumn(profileColumn('x', ['1', '2', '3', '4', '5']), settings);
    expect(enough.spec.kind).toBe('integer');
  });
});

describe('trainkit learn: options that name nothing', () => {
  it('says so for a --target no table has, and for --tables it cannot find, exit 2', async () => {
    const dir = tempDir('trainkit-learn-opts-');
    const file = join(dir, 'people.csv');
    writeFileSync(file, 'age,plan\n30,free\n41,pro\n');
    const target = await runCli(['learn', file, '--target', 'income']);
    expect(target.code).toBe(2);
    expect(target.stderr).toMatchInlineSnapshot(`
      "✖ --target income: no table has a column of that name
        hint: give one of: age, plan
      "
    `);
    const tables = await runCli(['learn', file, '--tables', 'orders']);
    expect(tables.code).toBe(2);
    expect(tables.stderr.replaceAll(dir, '<dir>')).toMatchInlineSnapshot(`
      "✖ --tables: no table orders in <dir>/people.csv
        hint: give some of: people
      "
    `);
  });
});
