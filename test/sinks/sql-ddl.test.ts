import { describe, expect, it } from 'vitest';
import { createTableDdl, portableType, sqlLiteral, type TableLayout } from '../../src/io/index.js';
import { col } from './sink-conformance.js';

const junction: TableLayout = {
  name: 'playlist_track',
  rows: 0,
  primaryKey: ['playlist_id', 'track_id'],
  unique: [['track_id', 'position']],
  columns: [
    col('playlist_id', 'ref', 'INTEGER', { references: ['playlist', 'id'] }),
    col('track_id', 'ref', 'INTEGER', { references: ['track', 'id'] }),
    col('position', 'integer', 'INTEGER'),
    { ...col('title', 'fake', 'TEXT', { nullable: true }), declaredType: 'NVARCHAR(200)' },
    col('added', 'datetime', 'TEXT'),
    col('public', 'boolean', 'INTEGER'),
  ],
};

describe('createTableDdl', () => {
  it('writes a composite key, multi-column unique, foreign keys and mapped types per dialect', () => {
    expect(createTableDdl(junction, 'postgres')).toMatchInlineSnapshot(`
      "CREATE TABLE "playlist_track" (
        "playlist_id" BIGINT NOT NULL,
        "track_id" BIGINT NOT NULL,
        "position" BIGINT NOT NULL,
        "title" VARCHAR(200),
        "added" TIMESTAMP NOT NULL,
        "public" BOOLEAN NOT NULL,
        PRIMARY KEY ("playlist_id", "track_id"),
        UNIQUE ("track_id", "position"),
        FOREIGN KEY ("playlist_id") REFERENCES "playlist" ("id"),
        FOREIGN KEY ("track_id") REFERENCES "track" ("id")
      )"
    `);
    expect(createTableDdl(junction, 'mysql', { collation: 'utf8mb4_nopad_bin' })).toMatchInlineSnapshot(`
      "CREATE TABLE \`playlist_track\` (
        \`playlist_id\` BIGINT NOT NULL,
        \`track_id\` BIGINT NOT NULL,
        \`position\` BIGINT NOT NULL,
        \`title\` VARCHAR(200),
        \`added\` DATETIME NOT NULL,
        \`public\` BOOLEAN NOT NULL,
        PRIMARY KEY (\`playlist_id\`, \`track_id\`),
        UNIQUE (\`track_id\`, \`position\`),
        FOREIGN KEY (\`playlist_id\`) REFERENCES \`playlist\` (\`id\`),
        FOREIGN KEY (\`track_id\`) REFERENCES \`track\` (\`id\`)
      ) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_nopad_bin"
    `);
    expect(createTableDdl(junction, 'duckdb')).toMatchInlineSnapshot(`
      "CREATE TABLE "playlist_track" (
        "playlist_id" BIGINT NOT NULL,
        "track_id" BIGINT NOT NULL,
        "position" BIGINT NOT NULL,
        "title" VARCHAR(200),
        "added" TIMESTAMP NOT NULL,
        "public" BOOLEAN NOT NULL,
        PRIMARY KEY ("playlist_id", "track_id"),
        UNIQUE ("track_id", "position"),
        FOREIGN KEY ("playlist_id") REFERENCES "playlist" ("id"),
        FOREIGN KEY ("track_id") REFERENCES "track" ("id")
      )"
    `);
  });

  it('says a declared type the way the target engine does', () => {
    expect(portableType('NVARCHAR(40)', 'postgres')).toBe('VARCHAR(40)');
    expect(portableType('DATETIME', 'postgres')).toBe('TIMESTAMP');
    expect(portableType('INT(11) UNSIGNED', 'postgres')).toBe('INTEGER');
    expect(portableType('NUMERIC(10,2)', 'postgres')).toBe('NUMERIC(10,2)');
    expect(portableType('TIMESTAMP', 'mysql')).toBe('DATETIME');
    expect(portableType('timestamp without time zone', 'mysql')).toBe('DATETIME');
    expect(portableType('TEXT', 'mysql', true)).toBe('VARCHAR(255)');
    expect(portableType('TEXT', 'mysql')).toBe('TEXT');
    expect(portableType('NVARCHAR(40)', 'duckdb')).toBe('VARCHAR(40)');
  });

  it("matches a type name whole: PostgreSQL's own integer, int8 and interval pass through", () => {
    const pg = (t: string) => portableType(t, 'postgres');
    expect(
      ['integer', 'INTEGER', 'int4', 'int8', 'interval', 'integer[]', 'bigint', 'smallint'].map(pg),
    ).toEqual(['INTEGER', 'INTEGER', 'int4', 'int8', 'interval', 'INTEGER[]', 'BIGINT', 'SMALLINT']);
  });
});

describe('sqlLiteral', () => {
  it('escapes strings per dialect and writes MySQL doubles as float literals', () => {
    expect(sqlLiteral("it's \\ a\nb", 'postgres')).toBe("'it''s \\ a\nb'");
    expect(sqlLiteral("it's \\ a\nb\0", 'mysql')).toBe("'it\\'s \\\\ a\\nb\\0'");
    expect(sqlLiteral(0.1 + 0.2, 'mysql', 'real')).toBe('0.30000000000000004e0');
    expect(sqlLiteral(1e-7, 'mysql', 'real')).toBe('1e-7');
    expect(sqlLiteral(12, 'mysql', 'integer')).toBe('12');
    expect(sqlLiteral(true, 'postgres', 'boolean')).toBe('TRUE');
    expect(sqlLiteral(true, 'postgres', 'integer')).toBe('1');
    expect(sqlLiteral('2024-01-02T03:04:05Z', 'mysql', 'timestamp')).toBe("'2024-01-02 03:04:05'");
    expect(sqlLiteral({ a: [1, 'x'] }, 'sqlite')).toBe('\'{"a":[1,"x"]}\'');
    expect(sqlLiteral(null, 'mysql')).toBe('NULL');
  });
});
