import { join } from 'node:path';
import Database from 'better-sqlite3';
import { describe, expect, it } from 'vitest';
import { generateToDirectory } from '../../src/generate/index.js';
import { learnSource } from '../../src/learn/index.js';
import { childCountRows, countLawOf } from '../../src/learn/relations.js';
import { cardinalityShapeSimilarity } from '../../src/validate/index.js';
import { tempDir } from '../helpers/tmp.js';

const dir = tempDir();
const chinook = join('..', 'shared', 'data', 'chinook', 'Chinook_Sqlite.sqlite');

describe('learned child counts', () => {
  it('replace rare counts by means of runs of k, keeping the total, and copy no rare count', () => {
    // 200 parents: counts 1–4 seen often, a long tail seen once each
    const counts = [
      ...Array(60).fill(1),
      ...Array(50).fill(2),
      ...Array(40).fill(3),
      ...Array(35).fill(4),
      ...Array.from({ length: 15 }, (_, i) => 10 + i * 3),
    ];
    const { law, note } = countLawOf(counts, 5, 'children per parent');
    const weights = law.weights!;
    const total = Object.entries(weights).reduce((s, [c, w]) => s + Number(c) * w, 0);
    expect(total).toBe(counts.reduce((s, c) => s + c, 0));
    expect(Object.values(weights).reduce((s, w) => s + w, 0)).toBe(200);
    const tail = Object.keys(weights)
      .map(Number)
      .filter((c) => c > 4);
    // three runs of 5 tail counts: their means 16, 31, 46, none of them a real count
    expect(tail).toEqual([16, 31, 46]);
    expect(note).toContain('replaced by the means of runs of 5 (the total kept)');
  });

  it('keep the counts of a few parents exact, spread evenly', () => {
    const { rows } = childCountRows('Employee', [0, 0, 0, 0, 0, 18, 20, 21], 5);
    expect(rows).toEqual({
      per: 'Employee',
      dist: 'categorical',
      weights: { 0: 5, 18: 1, 20: 1, 21: 1 },
      spread: 'even',
    });
    expect(childCountRows('Invoice', [3, 3, 3], 5).rows).toEqual({ per: 'Invoice', dist: 'fixed', value: 3 });
  });
});

describe('Chinook (issue #8 bar): children per parent match the real ones', () => {
  it('scores CardinalityShapeSimilarity ≥ 0.85 for every foreign key', async () => {
    const learned = await learnSource(chinook);
    expect(learned.yaml).toContain('spread: even');
    expect(learned.yaml).toContain('popularity:');
    const out = join(dir, 'chinook');
    await generateToDirectory(learned.spec, { out, format: 'sqlite' });
    const real = new Database(chinook, { readonly: true });
    const synth = new Database(join(out, `${learned.spec.name}.sqlite`), { readonly: true });
    const column = (db: Database.Database, t: string, c: string) =>
      (db.prepare(`SELECT "${c}" AS v FROM "${t}"`).all() as { v: unknown }[]).map((r) => r.v);
    const scores: Record<string, number> = {};
    try {
      const tables = real
        .prepare("SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%'")
        .all() as { name: string }[];
      for (const { name } of tables) {
        const fks = real
          .prepare('SELECT "table" AS t, "from" AS f, "to" AS c FROM pragma_foreign_key_list(?)')
          .all(name) as { t: string; f: string; c: string }[];
        for (const fk of fks) {
          scores[`${name}.${fk.f}`] = cardinalityShapeSimilarity(
            column(real, fk.t, fk.c),
            column(real, name, fk.f),
            column(synth, fk.t, fk.c),
            column(synth, name, fk.f),
          );
        }
      }
    } finally {
      real.close();
      synth.close();
    }
    expect(Object.keys(scores)).toHaveLength(11);
    const below = Object.entries(scores).filter(([, s]) => !(s >= 0.85));
    expect(below).toEqual([]);
  }, 120_000);
});
