/**
 * MySQL's max_allowed_packet is in bytes: a multi-row INSERT of text whose characters take three
 * bytes each must be cut by bytes, not by characters.
 */
import { expect, it } from 'vitest';
import { connect } from '../../src/io/db/index.js';
import { MysqlSink } from '../../src/io/index.js';
import { mysqlDatabase } from '../helpers/databases.js';
import { col } from './sink-conformance.js';

const url = await mysqlDatabase('packet');

it('mysql insert: statements stay under max_allowed_packet when the text is multi-byte', async () => {
  const db = await connect({ kind: 'mysql', url });
  const packet = Number((await db.query('SELECT @@max_allowed_packet AS p'))[0]!.p);
  await db.close();
  // rows of three-byte characters, together a little over one packet in bytes (a third of it in characters)
  const rowChars = 100_000;
  const rows = Math.ceil(packet / (3 * rowChars)) + 2;
  const text = '日'.repeat(rowChars);
  const sink = new MysqlSink(url, { method: 'insert' });
  const table = {
    name: 'note',
    rows,
    columns: [col('id', 'id', 'INTEGER', { pk: true }), col('body', 'text', 'TEXT')],
  };
  await sink.open({ name: 'packet', tables: [table] });
  try {
    await sink.write({
      table: 'note',
      index: 0,
      start: 0,
      rows,
      columns: [Array.from({ length: rows }, (_, i) => i + 1), Array.from({ length: rows }, () => text)],
    });
    await sink.close();
  } catch (e) {
    await sink.abort();
    throw e;
  }
  const check = await connect({ kind: 'mysql', url });
  try {
    const [r] = await check.query('SELECT count(*) AS n, min(char_length(body)) AS c FROM note');
    expect({ n: Number(r!.n), c: Number(r!.c) }).toEqual({ n: rows, c: rowChars });
  } finally {
    await check.close();
  }
});
