import { existsSync, readFileSync } from 'node:fs';
import { basename } from 'node:path';
import { userError } from '../errors/index.js';
import { connect, describeLocation, parseDbLocation } from '../io/db/index.js';
import { writeFileAtomic } from '../io/index.js';
import { parseDdl } from './ddl-parser.js';
import { introspectSchema } from './introspect.js';
import { schemaToSpec } from './to-spec.js';
import type { DbSchema, SqlDialect } from './types.js';

export interface InitSpecOptions {
  readonly fromDdl?: string;
  readonly fromDb?: string;
  readonly dialect?: SqlDialect;
  readonly schema?: string;
  readonly name?: string;
  readonly out: string;
  readonly force?: boolean;
}

/**
 * `trainkit init`: reads a DDL file or a live database, writes the spec (atomically, never over
 * an existing file unless `force`) and returns what it made.
 *
 * @example
 * await initSpec({ fromDdl: 'schema.sql', out: 'spec.yaml' });
 */
export async function initSpec(options: InitSpecOptions) {
  if ((options.fromDdl === undefined) === (options.fromDb === undefined)) {
    throw userError('invalid_option', 'Give one of --from-ddl FILE and --from-db URL', {
      hint: 'e.g. trainkit init --from-ddl schema.sql, or trainkit init --from-db postgres://localhost/shop',
    });
  }
  if (existsSync(options.out) && !options.force) {
    throw userError('file_exists', `${options.out} exists already`, {
      file: options.out,
      hint: 'choose another --out, or add --force to overwrite it',
    });
  }
  let schema: DbSchema;
  let source: string;
  let name: string;
  if (options.fromDdl !== undefined) {
    const file = options.fromDdl;
    let text: string;
    try {
      text = readFileSync(file, 'utf8');
    } catch {
      throw userError('file_not_found', `${file} does not exist or cannot be read`, {
        file,
        hint: 'check the path',
      });
    }
    const dialect = options.dialect ?? guessDialect(text);
    schema = parseDdl(text, { dialect, file });
    if (schema.tables.length === 0) {
      throw userError('invalid_ddl', `${file} creates no tables`, {
        file,
        hint: 'point --from-ddl at a script with CREATE TABLE statements',
      });
    }
    source = basename(file);
    name = basename(file).replace(/\.[^.]*$/, '');
  } else {
    const location = parseDbLocation(options.fromDb!, '--from-db');
    const conn = await connect(location);
    try {
      schema = await introspectSchema(conn, options.schema === undefined ? {} : { schema: options.schema });
    } finally {
      await conn.close();
    }
    if (schema.tables.length === 0) {
      throw userError('empty_database', `${conn.label} has no tables`, {
        hint: 'check the database name in the URL (and --schema for PostgreSQL)',
      });
    }
    source = describeLocation(options.fromDb!);
    name =
      'url' in location
        ? new URL(location.url).pathname.replace(/^\//, '') || location.kind
        : basename(location.file).replace(/\.[^.]*$/, '');
  }
  const specName = (options.name ?? name).replace(/[^A-Za-z0-9_.-]/g, '_') || 'imported';
  const result = schemaToSpec(schema, { name: specName, source });
  writeFileAtomic(options.out, result.yaml);
  return { out: options.out, summary: result.summary, spec: result.spec };
}

/** Backquoted names mean MySQL, [bracketed] names or AUTOINCREMENT SQLite, else PostgreSQL. */
export function guessDialect(text: string): SqlDialect {
  if (/`[^`\n]+`/.test(text) || /\bAUTO_INCREMENT\b|\bENGINE\s*=/i.test(text)) return 'mysql';
  if (/\bAUTOINCREMENT\b|CREATE\s+TABLE\s+(IF\s+NOT\s+EXISTS\s+)?\[/i.test(text)) return 'sqlite';
  return 'postgres';
}
