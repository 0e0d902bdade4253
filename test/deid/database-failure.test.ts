/**
 * A whole-database copy that fails after it has made its target file leaves no file behind,
 * whichever embedded engine the target is.
 */
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { expect, it } from 'vitest';
import {
  DEMO_KEY,
  Deidentifier,
  defaultRecognizers,
  deidentifyDatabase,
  loadPolicy,
} from '../../src/deid/index.js';
import { openSqlite } from '../../src/io/index.js';
import { tempDir } from '../helpers/tmp.js';

const dir = tempDir();
const policy = loadPolicy('synthesize');
const deidentifier = new Deidentifier({
  policy,
  key: DEMO_KEY,
  recognizers: defaultRecognizers({ tagger: false }),
});

// two tables whose foreign keys point at each other: the copy refuses it once both ends are open
const from = join(dir, 'cycle.sqlite');
const db = await openSqlite(from);
db.exec(
  'CREATE TABLE a (id INTEGER PRIMARY KEY, b_id INTEGER REFERENCES b(id)); CREATE TABLE b (id INTEGER PRIMARY KEY, a_id INTEGER REFERENCES a(id));',
);
db.close();

it.each(['sqlite', 'duckdb'])('a failed copy into a new %s file leaves no file', async (engine) => {
  const to = join(dir, `never.${engine}`);
  const err = await deidentifyDatabase({
    from: `sqlite:${from}`,
    to: `${engine}:${to}`,
    policy,
    deidentifier,
  }).catch((e) => e);
  expect(String(err)).toMatch(/The foreign keys form a cycle: a → b → a/);
  expect([existsSync(to), existsSync(`${to}.wal`)]).toEqual([false, false]);
});
