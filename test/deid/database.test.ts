import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import type { TextField } from '../../src/deid/index.js';
import {
  compareJoins,
  DEMO_KEY,
  Deidentifier,
  defaultRecognizers,
  deidentifyDatabase,
  loadPolicy,
  parsePolicy,
} from '../../src/deid/index.js';
import { connect, type DbConnection, type DbLocation, parseLocation } from '../../src/io/db/index.js';
import { mysqlDatabase, pgDatabase } from '../helpers/databases.js';
import { runCli } from '../helpers/run-cli.js';
import { tempDir } from '../helpers/tmp.js';

const CHINOOK = join(import.meta.dirname, '..', '..', '..', 'shared', 'data', 'chinook');
const dir = tempDir();
const policy = loadPolicy('synthesize');
const deidentifier = new Deidentifier({
  policy,
  key: DEMO_KEY,
  recognizers: defaultRecognizers({ tagger: false }),
});

async function open(url: string): Promise<DbConnection> {
  return connect(parseLocation(url) as DbLocation);
}

async function column(url: string, sql: string): Promise<unknown[]> {
  const db = await open(url);
  const rows = await db.query(sql);
  await db.close();
  return rows.map((r) => Object.values(r)[0]);
}

/** The share of positions where two columns differ (nulls on both sides do not count). */
function changedShare(a: readonly unknown[], b: readonly unknown[]): number {
  const present = a.map((v, i) => [v, b[i]] as const).filter(([v]) => v !== null);
  return present.filter(([v, w]) => v !== w).length / present.length;
}

describe('Chinook, de-identified into a second database', () => {
  it('PostgreSQL → PostgreSQL through the CLI keeps every join and changes the people', async () => {
    const from = await pgDatabase('chinook');
    const to = await pgDatabase('chinook_deid');
    const script = readFileSync(join(CHINOOK, 'Chinook_PostgreSql.sql'), 'utf8');
    const db = await open(from);
    await db.exec(script.slice(script.indexOf('\\c chinook;') + '\\c chinook;'.length));
    await db.close();
    const r = await runCli(['deid', '--from-db', from, '--to-db', to, '--no-tagger', '--json']);
    expect(r.stderr).toBe('');
    expect(r.code).toBe(0);
    const report = JSON.parse(r.stdout) as {
      ok: boolean;
      tables: { table: string; rows: number; written: number; columns: Record<string, string> }[];
    };
    expect(report.ok).toBe(true);
    expect(report.tables.map((t) => t.table)).toHaveLength(11);
    for (const t of report.tables) expect(t.written).toBe(t.rows);
    // never a value in the report: only counts and rules
    expect(r.stdout).not.toContain('Gonçalves');
    expect(report.tables.find((t) => t.table === 'customer')?.columns).toMatchObject({
      customer_id: 'keep (integer)',
      email: 'EMAIL (column name)',
      first_name: 'PERSON (column name)',
      support_rep_id: 'keep (foreign key)',
    });
    const joins = await compareJoins(from, to);
    expect(joins).toHaveLength(11);
    for (const j of joins) expect(j.target, j.key).toBe(j.source);
    for (const c of ['first_name', 'last_name', 'email', 'address', 'phone']) {
      const sql = `SELECT ${c} FROM customer ORDER BY customer_id`;
      expect(changedShare(await column(from, sql), await column(to, sql)), c).toBeGreaterThan(0.9);
    }
    // the target's own constraints hold: an orphan invoice is refused
    const target = await open(to);
    await expect(
      target.query(
        "INSERT INTO invoice (invoice_id, customer_id, invoice_date, total) VALUES (99999, 424242, '2024-01-01', 1)",
      ),
    ).rejects.toThrow(/foreign key/);
    await target.close();
  });

  it('SQLite → MariaDB keeps every join', async () => {
    const from = `sqlite:${join(CHINOOK, 'Chinook_Sqlite.sqlite')}`;
    const to = await mysqlDatabase('chinook_deid');
    const report = await deidentifyDatabase({ from, to, policy, deidentifier });
    expect(report.failed).toEqual([]);
    expect(report.tables.reduce((n, t) => n + t.written, 0)).toBe(15607);
    const joins = await compareJoins(from, to);
    expect(joins).toHaveLength(11);
    for (const j of joins) expect(j.target, j.key).toBe(j.source);
    const emails = 'SELECT Email FROM Customer ORDER BY CustomerId';
    expect(changedShare(await column(from, emails), await column(to, emails))).toBe(1);
    // dates travel as dates, money as exact decimals
    const dates = 'SELECT InvoiceDate FROM Invoice ORDER BY InvoiceId';
    const copied = (await column(to, dates)) as string[];
    expect(copied.map((d) => d.slice(0, 19))).toEqual(await column(from, dates));
    expect(await column(to, 'SELECT SUM(Total) FROM Invoice')).toEqual(
      await column(from, 'SELECT ROUND(SUM(Total), 2) FROM Invoice'),
    );
  });
});

/** A small club: members keyed by email, messages that name their sender in free text. */
async function club(file: string): Promise<string> {
  const { openSqlite } = await import('../../src/io/index.js');
  const db = await openSqlite(file);
  db.exec(`
    CREATE TABLE member (email TEXT PRIMARY KEY, full_name TEXT NOT NULL, joined DATE);
    CREATE TABLE message (id INTEGER PRIMARY KEY, sender TEXT NOT NULL REFERENCES member(email), body TEXT);
    INSERT INTO member VALUES ('ada@example.com', 'Ada Lovelace', '2020-01-02'), ('bob@example.org', 'Bob Marley', '2021-05-06'), ('cy@example.net', 'Cy Twombly', NULL);
    INSERT INTO message VALUES
      (1, 'ada@example.com', 'Please write to ada@example.com about the minutes of the meeting.'),
      (2, 'bob@example.org', 'Bob here, call me back when you can, the trip is on.'),
      (3, 'ada@example.com', 'BOOM this row cannot be processed by the pipeline at all.'),
      (4, 'cy@example.net', NULL);
  `);
  db.close();
  return `sqlite:${file}`;
}

describe('consistency and failures', () => {
  it('gives a value the same surrogate in every table and column, so text keys still join', async () => {
    const from = await club(join(dir, 'club.sqlite'));
    const to = `sqlite:${join(dir, 'club-deid.sqlite')}`;
    const report = await deidentifyDatabase({
      from,
      to,
      policy: parsePolicy({ default: 'synthesize', columns: { 'member.email': 'EMAIL' } }),
      deidentifier,
    });
    expect(report.tables.find((t) => t.table === 'message')?.columns).toEqual({
      id: 'keep (integer)',
      sender: 'EMAIL (foreign key)',
      body: 'text (free text)',
    });
    const emails = (await column(to, 'SELECT email FROM member ORDER BY rowid')) as string[];
    expect(emails).not.toContain('ada@example.com');
    const senders = await column(to, 'SELECT sender FROM message ORDER BY id');
    expect(senders).toEqual([emails[0], emails[1], emails[0], emails[2]]);
    // the email inside the free text became the same surrogate as the key
    const [body] = (await column(to, 'SELECT body FROM message WHERE id = 1')) as string[];
    expect(body).toContain(emails[0]);
    expect((await compareJoins(from, to))[0]).toMatchObject({ source: 4, target: 4 });
  });

  it('leaves out a row it cannot de-identify, and the rows that refer to it, never writing them in clear', async () => {
    const from = await club(join(dir, 'club2.sqlite'));
    const to = `sqlite:${join(dir, 'club2-deid.sqlite')}`;
    // a deidentifier that fails on one document, as a crashed recognizer would
    const failing = new Deidentifier({
      policy,
      key: DEMO_KEY,
      recognizers: defaultRecognizers({ tagger: false }),
    });
    const field = failing.field.bind(failing);
    failing.field = (f: TextField, id: string) => {
      if (f.text.includes('BOOM') || f.text === 'Cy Twombly') throw new RangeError('recognizer crashed');
      return field(f, id);
    };
    const report = await deidentifyDatabase({ from, to, policy, deidentifier: failing });
    expect(report.failed).toEqual([
      { table: 'member', row: 3, reason: 'RangeError' },
      { table: 'message', row: 3, reason: 'RangeError' },
    ]);
    const counts = Object.fromEntries(report.tables.map((t) => [t.table, [t.written, t.leftOut]]));
    // message 4 belongs to the member left out: it stays out too
    expect(counts).toEqual({ member: [2, 1], message: [2, 2] });
    const bodies = (await column(to, 'SELECT body FROM message')) as string[];
    expect(bodies.join(' ')).not.toMatch(/BOOM|Twombly/);
    const r = await runCli(['deid', '--from-db', from, '--to-db', to, '--no-tagger']);
    expect(r.code).toBe(2);
    expect(r.stderr.replaceAll(dir, '<dir>').replace(/^!.*\n/, '')).toMatchInlineSnapshot(`
      "✖ sqlite:<dir>/club2-deid.sqlite already has the tables member, message
        hint: give an empty database: the copy never overwrites tables
      "
    `);
  });

  it('on MariaDB, a failed copy drops the tables it created', async () => {
    const file = join(dir, 'bad.sqlite');
    const { openSqlite } = await import('../../src/io/index.js');
    const db = await openSqlite(file);
    // SQLite keeps text in an INTEGER column; MariaDB refuses it
    db.exec(
      "CREATE TABLE a (id INTEGER PRIMARY KEY); CREATE TABLE b (id INTEGER PRIMARY KEY, n INTEGER, a_id INTEGER REFERENCES a(id)); INSERT INTO a VALUES (1); INSERT INTO b VALUES (1, 'not a number', 1);",
    );
    db.close();
    const to = await mysqlDatabase('rollback');
    const err = await deidentifyDatabase({ from: `sqlite:${file}`, to, policy, deidentifier }).catch(
      (e) => e,
    );
    expect(String(err)).toMatch(/^TrainkitError: Writing mysql:.* failed: /);
    expect(
      await column(to, 'SELECT count(*) FROM information_schema.tables WHERE table_schema = database()'),
    ).toEqual([0]);
  });

  it('a failed SQLite copy leaves no file, and usage errors say what to give', async () => {
    const to = join(dir, 'never.sqlite');
    const bad = await deidentifyDatabase({
      from: 'postgres://postgres@127.0.0.1:1/x',
      to: `sqlite:${to}`,
      policy,
      deidentifier,
    }).catch((e) => e);
    expect(String(bad)).toMatch(/Cannot connect/);
    expect(existsSync(to)).toBe(false);
    const onlyFrom = await runCli(['deid', '--from-db', 'sqlite:x.sqlite']);
    expect(onlyFrom.code).toBe(2);
    expect(onlyFrom.stderr).toMatchInlineSnapshot(`
      "✖ --from-db needs --to-db
        hint: trainkit deid --from-db URL --to-db URL2 --policy P
      "
    `);
    const notDb = await runCli(['deid', '--from-db', 'out/', '--to-db', 'sqlite:y.sqlite']);
    expect(notDb.stderr.replace(/^!.*\n/, '')).toMatchInlineSnapshot(`
      "✖ --from-db out/ is not a database
        hint: give postgres://…, mysql://…, duckdb:FILE or sqlite:FILE
      "
    `);
  });
});
