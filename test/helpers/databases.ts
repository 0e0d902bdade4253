import { afterAll } from 'vitest';
import { connect } from '../../src/io/db/index.js';

/** The loopback servers the tests use; CI starts them (see .ci/run). */
export const PG_ADMIN = process.env.TRAINKIT_TEST_PG ?? 'postgres://postgres@127.0.0.1:5432/postgres';
export const MYSQL_ADMIN = process.env.TRAINKIT_TEST_MYSQL ?? 'mysql://root@127.0.0.1:3306/test';

let counter = 0;

function freshName(prefix: string): string {
  return `tk_${prefix}_${process.pid}_${Date.now().toString(36)}_${++counter}`;
}

/**
 * A new, empty PostgreSQL database for this test file, dropped after its tests.
 *
 * @example
 * const url = await pgDatabase('sinks'); // postgres://postgres@127.0.0.1:5432/tk_sinks_…
 */
export async function pgDatabase(prefix = 'test'): Promise<string> {
  const name = freshName(prefix);
  const admin = await connect({ kind: 'postgres', url: PG_ADMIN });
  await admin.exec(`CREATE DATABASE ${name}`);
  await admin.close();
  afterAll(async () => {
    const a = await connect({ kind: 'postgres', url: PG_ADMIN });
    await a.exec(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`);
    await a.close();
  });
  const url = new URL(PG_ADMIN);
  url.pathname = `/${name}`;
  return url.toString();
}

/** A new, empty MariaDB/MySQL database for this test file, dropped after its tests. */
export async function mysqlDatabase(prefix = 'test'): Promise<string> {
  const name = freshName(prefix);
  const admin = await connect({ kind: 'mysql', url: MYSQL_ADMIN });
  await admin.exec(`CREATE DATABASE ${name}`);
  await admin.close();
  afterAll(async () => {
    const a = await connect({ kind: 'mysql', url: MYSQL_ADMIN });
    await a.exec(`DROP DATABASE IF EXISTS ${name}`);
    await a.close();
  });
  const url = new URL(MYSQL_ADMIN);
  url.pathname = `/${name}`;
  return url.toString();
}
