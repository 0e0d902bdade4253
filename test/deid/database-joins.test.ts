/** compareJoins closes what it opened when the second database cannot be reached. */
import { expect, it } from 'vitest';
import { compareJoins } from '../../src/deid/index.js';
import { connect, type DbLocation } from '../../src/io/db/index.js';
import { PG_ADMIN, pgDatabase } from '../helpers/databases.js';

const url = await pgDatabase('joins');

it('compareJoins: an unreachable target leaves no session open on the source', async () => {
  const err = await compareJoins(url, 'postgres://postgres@127.0.0.1:1/nowhere').catch((e) => e);
  expect(String(err)).toMatch(/Cannot connect to postgres:\/\/postgres@127\.0\.0\.1:1\/nowhere/);
  const admin = await connect({ kind: 'postgres', url: PG_ADMIN } as DbLocation);
  try {
    let n = -1;
    for (let i = 0; i < 40 && n !== 0; i++) {
      if (i > 0) await new Promise((r) => setTimeout(r, 50));
      n = Number(
        (
          await admin.query('SELECT count(*) AS n FROM pg_stat_activity WHERE datname = ?', [
            new URL(url).pathname.slice(1),
          ])
        )[0]!.n,
      );
    }
    expect(n).toBe(0);
  } finally {
    await admin.close();
  }
});
