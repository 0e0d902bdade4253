/**
 * `npm run eval:deid-db [-- --json] [-- --from URL --to URL2]`: the whole-database
 * de-identification bar. A de-identified copy of Chinook keeps every join: for every foreign key,
 * `SELECT count(*) FROM child JOIN parent ON child.fk = parent.key` counts the same rows in the
 * source and in the copy, while the people's names, emails, addresses and phones changed.
 *
 * Without --from/--to it builds the two cases itself on the loopback servers (PostgreSQL on
 * 127.0.0.1:5432, MariaDB on 127.0.0.1:3306; TRAINKIT_TEST_PG / TRAINKIT_TEST_MYSQL override):
 * the Chinook PostgreSQL script → PostgreSQL, and the Chinook SQLite file → MariaDB, each copied
 * with `trainkit deid --from-db … --to-db …` semantics and the synthesize policy, then dropped.
 * With --from/--to it only compares two existing databases. Exit 1 on any mismatch.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { compareJoins, DEMO_KEY, Deidentifier, defaultRecognizers, loadPolicy } from '../src/deid/index.js';
import { connect, type DbConnection, type DbLocation, parseLocation } from '../src/io/db/index.js';
import { packageRoot } from '../src/version.js';

const PG = process.env.TRAINKIT_TEST_PG ?? 'postgres://postgres@127.0.0.1:5432/postgres';
const MYSQL = process.env.TRAINKIT_TEST_MYSQL ?? 'mysql://root@127.0.0.1:3306/test';
const CHINOOK = join(packageRoot(), '..', 'shared', 'data', 'chinook');

const args = process.argv.slice(2);
const json = args.includes('--json');
const flag = (name: string) => {
  const i = args.indexOf(name);
  return i >= 0 ? args[i + 1] : undefined;
};

/** A fresh database on a server, and the URL to it. */
async function fresh(admin: string, kind: 'postgres' | 'mysql', name: string): Promise<string> {
  const db = await connect({ kind, url: admin });
  await db.exec(`DROP DATABASE IF EXISTS ${name}`);
  await db.exec(`CREATE DATABASE ${name}`);
  await db.close();
  const url = new URL(admin);
  url.pathname = `/${name}`;
  return url.toString();
}

async function drop(admin: string, kind: 'postgres' | 'mysql', name: string): Promise<void> {
  const db = await connect({ kind, url: admin });
  await db.exec(`DROP DATABASE IF EXISTS ${name}${kind === 'postgres' ? ' WITH (FORCE)' : ''}`);
  await db.close();
}

/** The share of rows whose personal columns differ between the source and the copy. */
async function changed(from: string, to: string, table: string, columns: string[], key: string) {
  const read = async (url: string) => {
    const db: DbConnection = await connect(parseLocation(url) as DbLocation);
    const rows = await db.query(
      `SELECT ${[key, ...columns].map((c) => db.quote(c)).join(', ')} FROM ${db.quote(table)} ORDER BY ${db.quote(key)}`,
    );
    await db.close();
    return rows;
  };
  const [a, b] = [await read(from), await read(to)];
  const copy = new Map(b.map((r) => [String(r[key]), r]));
  return Object.fromEntries(
    columns.map((c) => {
      const present = a.filter((r) => r[c] !== null && r[c] !== '');
      const differ = present.filter((r) => r[c] !== copy.get(String(r[key]))?.[c]).length;
      return [c, present.length ? differ / present.length : 1];
    }),
  );
}

interface Case {
  name: string;
  from: string;
  to: string;
  cleanup: () => Promise<void>;
  people?: { table: string; key: string; columns: string[] };
}

async function buildCases(): Promise<Case[]> {
  const deidentifier = new Deidentifier({
    policy: loadPolicy('synthesize'),
    key: DEMO_KEY,
    recognizers: defaultRecognizers({ tagger: true }),
  });
  const { deidentifyDatabase } = await import('../src/deid/index.js');
  const policy = loadPolicy('synthesize');
  const stamp = `${process.pid}`;
  // PostgreSQL → PostgreSQL, from the Chinook script (after its CREATE DATABASE and \c)
  const pgFrom = await fresh(PG, 'postgres', `tk_eval_chinook_${stamp}`);
  const pgTo = await fresh(PG, 'postgres', `tk_eval_chinook_deid_${stamp}`);
  const script = readFileSync(join(CHINOOK, 'Chinook_PostgreSql.sql'), 'utf8');
  const load = await connect({ kind: 'postgres', url: pgFrom });
  await load.exec(script.slice(script.indexOf('\\c chinook;') + '\\c chinook;'.length));
  await load.close();
  await deidentifyDatabase({ from: pgFrom, to: pgTo, policy, deidentifier });
  // SQLite → MariaDB, from the Chinook SQLite file
  const liteFrom = `sqlite:${join(CHINOOK, 'Chinook_Sqlite.sqlite')}`;
  const myTo = await fresh(MYSQL, 'mysql', `tk_eval_chinook_deid_${stamp}`);
  await deidentifyDatabase({ from: liteFrom, to: myTo, policy, deidentifier });
  return [
    {
      name: 'PostgreSQL → PostgreSQL',
      from: pgFrom,
      to: pgTo,
      people: {
        table: 'customer',
        key: 'customer_id',
        columns: ['first_name', 'last_name', 'email', 'address', 'phone'],
      },
      cleanup: async () => {
        await drop(PG, 'postgres', `tk_eval_chinook_${stamp}`);
        await drop(PG, 'postgres', `tk_eval_chinook_deid_${stamp}`);
      },
    },
    {
      name: 'SQLite → MariaDB',
      from: liteFrom,
      to: myTo,
      people: {
        table: 'Customer',
        key: 'CustomerId',
        columns: ['FirstName', 'LastName', 'Email', 'Address', 'Phone'],
      },
      cleanup: () => drop(MYSQL, 'mysql', `tk_eval_chinook_deid_${stamp}`),
    },
  ];
}

async function main(): Promise<void> {
  const from = flag('--from');
  const to = flag('--to');
  const cases: Case[] =
    from && to ? [{ name: `${from} → ${to}`, from, to, cleanup: async () => {} }] : await buildCases();
  let ok = true;
  const results = [];
  try {
    for (const c of cases) {
      const joins = await compareJoins(c.from, c.to);
      const people = c.people
        ? await changed(c.from, c.to, c.people.table, c.people.columns, c.people.key)
        : {};
      const mismatches = joins.filter((j) => j.source !== j.target);
      // every join kept, and at least 90% of the personal values of each column changed
      const unchanged = Object.entries(people).filter(([, share]) => share < 0.9);
      if (mismatches.length || unchanged.length || joins.length === 0) ok = false;
      results.push({ case: c.name, joins, changed: people, ok: !mismatches.length && !unchanged.length });
      if (!json) {
        process.stdout.write(`${c.name}\n  foreign key${' '.repeat(52)}source   target\n`);
        for (const j of joins)
          process.stdout.write(
            `  ${j.source === j.target ? '✔' : '✖'} ${j.key.padEnd(60)} ${String(j.source).padStart(6)}  ${String(j.target).padStart(7)}\n`,
          );
        for (const [col, share] of Object.entries(people))
          process.stdout.write(
            `  ${share >= 0.9 ? '✔' : '✖'} ${col}: ${(share * 100).toFixed(1)}% of values changed\n`,
          );
      }
    }
  } finally {
    for (const c of cases) await c.cleanup();
  }
  if (json) process.stdout.write(`${JSON.stringify({ ok, results }, null, 2)}\n`);
  else process.stdout.write(ok ? '✔ every join kept\n' : '✖ joins or personal values not as required\n');
  if (!ok) process.exitCode = 1;
}

await main();
