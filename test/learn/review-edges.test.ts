import { describe, expect, it } from 'vitest';
import { learnSource, profileColumn } from '../../src/learn/index.js';
import { pgDatabase } from '../helpers/databases.js';

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
