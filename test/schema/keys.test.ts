import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import { describe, expect, it } from 'vitest';
import { renderIssues, TrainkitError } from '../../src/errors/index.js';
import { generateChunks, generateToDirectory, planGeneration } from '../../src/generate/index.js';
import { defineSpec, type SpecInput } from '../../src/spec/index.js';
import { tempDir } from '../helpers/tmp.js';

/** A music shop: a junction table with a composite key, a hierarchy, declared types. */
const music: SpecInput = {
  name: 'music',
  seed: 3,
  tables: {
    track: {
      rows: 300,
      columns: {
        track_id: { kind: 'id' },
        name: { kind: 'fake', method: 'lorem.sentence', sql_type: 'VARCHAR(12)' },
        price: { kind: 'number', min: 0.5, max: 2, round: 2, sql_type: 'NUMERIC(10,2)' },
      },
    },
    playlist: { rows: 40, columns: { playlist_id: { kind: 'id' } } },
    playlist_track: {
      rows: { per: 'playlist', dist: 'poisson', mean: 120, max: 300 },
      primary_key: ['playlist_id', 'track_id'],
      columns: {
        playlist_id: { kind: 'ref', ref: 'playlist.playlist_id' },
        track_id: { kind: 'ref', ref: 'track.track_id', distinct: true },
      },
    },
    employee: {
      rows: 50,
      columns: {
        employee_id: { kind: 'id', start: 10 },
        reports_to: { kind: 'ref', ref: 'employee.employee_id' },
        code: { kind: 'pattern', pattern: '??', sql_type: 'CHAR(2)' },
        team: { kind: 'category', values: ['a', 'b', 'c', 'd', 'e', 'f', 'g'] },
        seat: { kind: 'integer', min: 1, max: 400 },
      },
      unique: [['code', 'employee_id']],
    },
  },
};

function rows(spec: SpecInput, seed: number): Map<string, unknown[][]> {
  const plan = planGeneration(defineSpec(spec), { seed });
  const out = new Map<string, unknown[][]>();
  for (const c of generateChunks(plan)) {
    const list = out.get(c.table) ?? [];
    for (let r = 0; r < c.rows; r++) list.push(c.columns.map((col) => col[r]));
    out.set(c.table, list);
  }
  return out;
}

function issues(spec: SpecInput): string {
  try {
    defineSpec(spec);
  } catch (e) {
    if (e instanceof TrainkitError) return renderIssues(e.issues);
    throw e;
  }
  return 'no issues';
}

describe('composite keys and distinct refs', () => {
  it('never repeats a (playlist, track) pair, over several seeds', () => {
    for (const seed of [1, 42, 1337, 1211]) {
      const pt = rows(music, seed).get('playlist_track')!;
      expect(pt.length).toBeGreaterThan(40 * 120 * 0.8);
      const pairs = new Set(pt.map(([p, t]) => `${p}/${t}`));
      expect(pairs.size).toBe(pt.length);
      // the tracks of a playlist spread over the whole table, not only its first rows
      const tracks = new Set(pt.map(([, t]) => t));
      expect(tracks.size).toBeGreaterThan(290);
    }
  });

  it('draws a parent’s whole target when it asks for every row', () => {
    const spec: SpecInput = {
      name: 'all',
      tables: {
        t: { rows: 7, columns: { id: { kind: 'id' } } },
        p: { rows: 3, columns: { id: { kind: 'id' } } },
        pt: {
          rows: { per: 'p', value: 7 },
          primary_key: ['p_id', 't_id'],
          columns: { p_id: { kind: 'ref', ref: 'p.id' }, t_id: { kind: 'ref', ref: 't.id', distinct: true } },
        },
      },
    };
    const pt = rows(spec, 5).get('pt')!;
    for (const p of [1, 2, 3]) {
      expect(
        pt
          .filter(([x]) => x === p)
          .map(([, t]) => t)
          .sort(),
      ).toEqual([1, 2, 3, 4, 5, 6, 7]);
    }
  });

  it('gives the same bytes with 1 and 3 workers', async () => {
    const dir = tempDir();
    const spec = defineSpec({
      ...music,
      tables: { ...music.tables, playlist: { rows: 1500, columns: { playlist_id: { kind: 'id' } } } },
    });
    const one = await generateToDirectory(spec, { out: join(dir, 'w1'), format: 'csv' });
    const three = await generateToDirectory(spec, { out: join(dir, 'w3'), format: 'csv', workers: 3 });
    expect(three.manifest.files).toEqual(one.manifest.files);
  });

  it('loads into SQLite with the composite key, the multi-column unique and the hierarchy enforced', async () => {
    const dir = tempDir();
    const out = join(dir, 'music');
    await generateToDirectory(defineSpec(music), { out, format: 'sqlite' });
    const db = new Database(join(out, 'music.sqlite'), { readonly: true });
    try {
      const ddl = db.prepare("SELECT sql FROM sqlite_master WHERE name = 'playlist_track'").pluck().get();
      expect(ddl).toContain('PRIMARY KEY ("playlist_id", "track_id")');
      const emp = db.prepare("SELECT sql FROM sqlite_master WHERE name = 'employee'").pluck().get();
      expect(emp).toContain('UNIQUE ("code", "employee_id")');
      expect(emp).toContain('FOREIGN KEY ("reports_to") REFERENCES "employee" ("employee_id")');
      expect(db.pragma('foreign_key_check')).toEqual([]);
      const names = db.prepare('SELECT name FROM track').pluck().all() as string[];
      expect(Math.max(...names.map((n) => n.length))).toBeLessThanOrEqual(12);
    } finally {
      db.close();
    }
  });
});

describe('a ref to the table itself (a hierarchy)', () => {
  it('points at an earlier row; the first row points at none', () => {
    for (const seed of [1, 42, 1337]) {
      const emp = rows(music, seed).get('employee')!;
      expect(emp[0]![1]).toBeNull();
      emp.forEach(([id, boss], i) => {
        if (i === 0) return;
        expect(boss).toBeGreaterThanOrEqual(10);
        expect(boss as number).toBeLessThan(id as number);
      });
    }
  });

  it('is nullable in the table layout, and the same for any seed and scale it is given', () => {
    const plan = planGeneration(defineSpec(music));
    const layout = plan.tables.find((t) => t.name === 'employee')!.layout();
    expect(layout.columns.find((c) => c.name === 'reports_to')).toMatchObject({
      notNull: false,
      references: { table: 'employee', column: 'employee_id' },
    });
    expect(layout.columns.find((c) => c.name === 'code')!.declaredType).toBe('CHAR(2)');
    expect(plan.tables.find((t) => t.name === 'playlist_track')!.layout()).toMatchObject({
      primaryKey: ['playlist_id', 'track_id'],
    });
    expect(layout.unique).toEqual([['code', 'employee_id']]);
  });
});

describe('key errors', () => {
  it('refuses a composite key the generator cannot guarantee', () => {
    const spec = structuredClone(music) as { tables: Record<string, Record<string, unknown>> } & SpecInput;
    (spec.tables.playlist_track!.columns as Record<string, { distinct?: boolean }>).track_id!.distinct =
      false;
    spec.tables.employee!.unique = [['team', 'code']];
    expect(issues(spec)).toMatchInlineSnapshot(`
      "✖ "playlist_track" needs (playlist_id, track_id) to be unique, and trainkit cannot guarantee that as written
        → at tables.playlist_track.primary_key
        hint: make "playlist_track" rows: { per: playlist, … } and give "track_id" distinct: true, so no parent repeats a key
      ✖ "employee" needs (team, code) to be unique, and trainkit cannot guarantee that as written
        → at tables.employee.unique[0]
        hint: mark one of (team, code) unique: true, or make the table rows: { per: <parent> } and draw the other key with distinct: true"
    `);
  });

  it('refuses distinct outside a per-parent table, on the parent link, and beyond the target’s rows', () => {
    const spec = structuredClone(music) as { tables: Record<string, Record<string, unknown>> } & SpecInput;
    spec.tables.playlist_track!.rows = { per: 'playlist', dist: 'uniform', min: 1, max: 500 };
    (spec.tables.playlist_track!.columns as Record<string, { distinct?: boolean }>).playlist_id!.distinct =
      true;
    spec.tables.employee!.columns = {
      ...(spec.tables.employee!.columns as object),
      buddy: { kind: 'ref', ref: 'track.track_id', distinct: true },
    };
    spec.tables.employee!.primary_key = ['employee_id', 'nope'];
    expect(issues(spec)).toMatchInlineSnapshot(`
      "✖ "playlist_track.playlist_id" points at the parent each row is made for, so distinct has no meaning
        → at tables.playlist_track.columns.playlist_id.distinct
        hint: remove distinct
      ✖ "playlist_track.track_id" must not repeat within a parent, but a parent may get 500 rows and "track" has only 300
        → at tables.playlist_track.columns.track_id.distinct
        hint: cap the count: rows: { per: playlist, …, max: 300 }, or give "track" more rows
      ✖ primary_key names column "nope", which does not exist in "employee"
        → at tables.employee.primary_key[1]
        hint: did you mean "code"? The columns are: employee_id, reports_to, code, team, seat, buddy
      ✖ "employee.buddy" is distinct within each parent, but "employee" is not made per parent
        → at tables.employee.columns.buddy.distinct
        hint: give the table rows: { per: <parent table>, … }, or remove distinct (use unique: true for a key no row repeats)"
    `);
  });

  it('stops with a clear error when a parent draws more distinct rows than the target has', () => {
    const spec = structuredClone(music) as { tables: Record<string, Record<string, unknown>> } & SpecInput;
    spec.tables.playlist_track!.rows = { per: 'playlist', dist: 'poisson', mean: 290 };
    let message = '';
    try {
      rows(spec, 1);
    } catch (e) {
      message = renderIssues((e as TrainkitError).issues);
    }
    expect(message).toMatchInlineSnapshot(`
      "✖ "playlist_track.track_id" must not repeat within a parent, but parent row 1 of "playlist" gets more than 300 rows and "track" has only 300
        → at tables.playlist_track.columns.track_id.distinct
        hint: cap the count per parent: rows: { per: playlist, …, max: 300 }"
    `);
  });
});

it('the JSON Schema documents the new fields', () => {
  const schema = readFileSync('trainkit.schema.json', 'utf8');
  expect(schema).toContain('"sql_type"');
  expect(schema).toContain('"distinct"');
});
