import { createReadStream, existsSync } from 'node:fs';
import { extname } from 'node:path';
import { StringDecoder } from 'node:string_decoder';
import { userError } from '../errors/index.js';
import { openSqlite, quoteIdent } from './sqlite-sink.js';

/** A cell as read back: CSV gives strings (an empty cell is null), JSONL and SQLite their own types. */
export type ReadCell =
  | string
  | number
  | boolean
  | null
  | readonly unknown[]
  | { readonly [k: string]: unknown };

/** A batch of rows from a table file, with the 1-based line (CSV, JSONL) or row of its first row. */
export interface RowBatch {
  readonly rows: readonly (readonly ReadCell[])[];
  readonly line: number;
}

/** A table being read: its columns, then its rows in batches, streamed. */
export interface TableRows {
  readonly columns: readonly string[];
  batches(): AsyncGenerator<RowBatch>;
}

/**
 * Bytes read at a time. Small on purpose: each piece's rows are dropped before the next, so they
 * die young; with pieces of megabytes V8 starts allocating the rows in the old generation, and
 * reading a file got ten times slower.
 */
const CHUNK = 1 << 16;

/**
 * Opens a table file for streaming: CSV with a header row, JSONL (one object per line), or a
 * table of a SQLite file. Memory stays flat however long the file is.
 *
 * @example
 * const t = await openTableRows('out/orders.csv');
 * for await (const { rows } of t.batches()) count += rows.length;
 */
export async function openTableRows(file: string, table?: string): Promise<TableRows> {
  if (!existsSync(file))
    throw userError('file_not_found', `${file} does not exist`, { file, hint: 'check the path' });
  const ext = extname(file).toLowerCase();
  if (ext === '.csv') return openCsvRows(file);
  if (ext === '.jsonl' || ext === '.ndjson') return jsonlRows(file, await jsonlColumns(file));
  if (ext === '.sqlite' || ext === '.db' || ext === '.sqlite3') {
    if (!table)
      throw userError('table_needed', `Which table of ${file}?`, { file, hint: 'name the table to read' });
    return sqliteRows(file, table);
  }
  throw userError('unknown_table_format', `Cannot read ${file}: not CSV, JSONL or SQLite`, {
    file,
    hint: 'give a .csv, .jsonl or .sqlite file',
  });
}

/** Yields the file's text in pieces, whole characters only. */
async function* textPieces(file: string): AsyncGenerator<string> {
  const decoder = new StringDecoder('utf8');
  let first = true;
  for await (const buf of createReadStream(file, { highWaterMark: CHUNK })) {
    let s = decoder.write(buf as Buffer);
    if (first) {
      if (s.charCodeAt(0) === 0xfeff) s = s.slice(1);
      first = false;
    }
    if (s) yield s;
  }
  const rest = decoder.end();
  if (rest) yield rest;
}

/**
 * Parses the complete CSV records of `text` from `from` on. Returns where the unparsed rest
 * starts: an unfinished record is left for the next piece unless `final`.
 */
function parseCsv(
  text: string,
  final: boolean,
  out: string[][],
  state: { line: number; file: string },
): number {
  const n = text.length;
  let i = 0;
  let nextQuote = text.indexOf('"');
  while (i < n) {
    let nl = text.indexOf('\n', i);
    if (nl < 0) {
      if (!final) return i;
      nl = n;
    }
    if (nextQuote >= 0 && nextQuote < i) nextQuote = text.indexOf('"', i);
    if (nextQuote < 0 || nextQuote > nl) {
      // no quote on this line: split it as it is
      const end = nl > i && text.charCodeAt(nl - 1) === 13 ? nl - 1 : nl;
      if (end > i) {
        const cells: string[] = [];
        let from = i;
        for (
          let comma = text.indexOf(',', from);
          comma >= 0 && comma < end;
          comma = text.indexOf(',', from)
        ) {
          cells.push(text.slice(from, comma));
          from = comma + 1;
        }
        cells.push(text.slice(from, end));
        out.push(cells);
      }
      state.line++;
      i = nl + 1;
      continue;
    }
    // a quoted cell: walk the record character by character
    const cells: string[] = [];
    let j = i;
    let lines = 0;
    let complete = false;
    for (;;) {
      if (text.charCodeAt(j) === 34) {
        let value = '';
        let from = j + 1;
        let closed = false;
        for (;;) {
          const q = text.indexOf('"', from);
          if (q < 0) break;
          value += text.slice(from, q);
          if (text.charCodeAt(q + 1) === 34) {
            value += '"';
            from = q + 2;
            continue;
          }
          j = q + 1;
          closed = true;
          break;
        }
        if (!closed) {
          if (!final) return i;
          throw userError('csv_unclosed_quote', `A quoted cell in ${state.file} is never closed`, {
            file: state.file,
            line: state.line,
            hint: 'add the closing quote; a quote inside a quoted cell is written twice ("")',
          });
        }
        for (let k = value.indexOf('\n'); k >= 0; k = value.indexOf('\n', k + 1)) lines++;
        // text after the closing quote, up to the separator, belongs to the cell
        let k = j;
        while (k < n && text.charCodeAt(k) !== 44 && text.charCodeAt(k) !== 10) k++;
        value += text.slice(j, k).replace(/\r$/, '');
        j = k;
        cells.push(value);
      } else {
        let k = j;
        while (k < n && text.charCodeAt(k) !== 44 && text.charCodeAt(k) !== 10) k++;
        cells.push(text.slice(j, k).replace(/\r$/, ''));
        j = k;
      }
      if (j >= n) {
        if (!final) return i;
        complete = true;
        break;
      }
      if (text.charCodeAt(j) === 10) {
        j++;
        complete = true;
        break;
      }
      j++; // the separator
    }
    if (complete) {
      out.push(cells);
      state.line += 1 + lines;
      i = j;
      nextQuote = text.indexOf('"', i);
    }
  }
  return n;
}

/** The rows of a CSV file, the header row skipped. */
function csvBatches(file: string): () => AsyncGenerator<RowBatch> {
  return async function* batches() {
    const state = { line: 1, file };
    let carry = '';
    let seenHeader = false;
    let width = 0;
    for await (const piece of textPieces(file)) {
      const text = carry + piece;
      const rows: string[][] = [];
      const startLine = state.line;
      const used = parseCsv(text, false, rows, state);
      carry = text.slice(used);
      yield* emit(rows, startLine);
    }
    const rows: string[][] = [];
    const startLine = state.line;
    parseCsv(carry, true, rows, state);
    yield* emit(rows, startLine);

    function* emit(rows: string[][], line: number): Generator<RowBatch> {
      if (!seenHeader && rows.length > 0) {
        seenHeader = true;
        width = rows[0]!.length;
        rows.shift();
        line++;
      }
      const cells: ReadCell[][] = new Array(rows.length);
      for (let r = 0; r < rows.length; r++) {
        const row = rows[r]!;
        if (row.length !== width)
          throw userError(
            'csv_width',
            `Row ${line + r} of ${file} has ${row.length} cells; the header has ${width}`,
            { file, line: line + r, hint: 'quote cells that contain commas or line breaks' },
          );
        const out: ReadCell[] = row;
        for (let c = 0; c < width; c++) if (row[c] === '') out[c] = null;
        cells[r] = out;
      }
      if (cells.length) yield { rows: cells, line };
    }
  };
}

async function csvHeader(file: string): Promise<string[]> {
  const state = { line: 1, file };
  let carry = '';
  for await (const piece of textPieces(file)) {
    carry += piece;
    const rows: string[][] = [];
    parseCsv(carry, false, rows, state);
    if (rows.length) return rows[0]!;
    if (carry.length > 1 << 24) break;
  }
  const rows: string[][] = [];
  parseCsv(carry, true, rows, state);
  if (rows.length) return rows[0]!;
  throw userError('csv_empty', `${file} is empty: a header row is needed`, {
    file,
    hint: 'write the column names on the first line',
  });
}

/** The keys of a JSONL file's first object: its columns. */
async function jsonlColumns(file: string): Promise<string[]> {
  for await (const batch of jsonlRows(file, undefined).batches()) {
    return Object.keys((batch.rows[0]?.[0] ?? {}) as object);
  }
  return [];
}

function jsonlRows(file: string, known: readonly string[] | undefined): TableRows {
  return {
    columns: known ?? [],
    async *batches() {
      let carry = '';
      let line = 1;
      for await (const piece of textPieces(file)) {
        const text = carry + piece;
        const last = text.lastIndexOf('\n');
        if (last < 0) {
          carry = text;
          continue;
        }
        carry = text.slice(last + 1);
        const batch = parseLines(text.slice(0, last));
        if (batch.rows.length) yield batch;
      }
      if (carry.trim()) {
        const batch = parseLines(carry);
        if (batch.rows.length) yield batch;
      }

      function parseLines(text: string): RowBatch {
        const first = line;
        const rows: ReadCell[][] = [];
        for (const raw of text.split('\n')) {
          const here = line++;
          if (!raw.trim()) continue;
          let obj: unknown;
          try {
            obj = JSON.parse(raw);
          } catch (e) {
            throw userError('jsonl_syntax', `Line ${here} of ${file} is not JSON: ${(e as Error).message}`, {
              file,
              line: here,
              hint: 'write one JSON object per line',
            });
          }
          if (typeof obj !== 'object' || obj === null || Array.isArray(obj))
            throw userError('jsonl_not_object', `Line ${here} of ${file} is not a JSON object`, {
              file,
              line: here,
              hint: 'write one JSON object per line, e.g. {"id": 1}',
            });
          const record = obj as Record<string, ReadCell>;
          // without known columns (reading the first line for them), the record itself is the row
          rows.push(known ? known.map((c) => record[c] ?? null) : [record]);
        }
        return { rows, line: first };
      }
    },
  };
}

async function sqliteRows(file: string, table: string): Promise<TableRows> {
  const db = (await openSqlite(file)) as unknown as {
    prepare(sql: string): {
      raw(on: boolean): { iterate(): Iterable<ReadCell[]> };
      columns(): { name: string }[];
    };
    close(): void;
  };
  let stmt: ReturnType<typeof db.prepare>;
  try {
    stmt = db.prepare(`SELECT * FROM ${quoteIdent(table)}`);
  } catch (e) {
    db.close();
    throw userError('table_not_found', `${file} has no table "${table}": ${(e as Error).message}`, {
      file,
      hint: 'check the table name',
    });
  }
  const columns = stmt.columns().map((c) => c.name);
  return {
    columns,
    async *batches() {
      let rows: ReadCell[][] = [];
      let line = 1;
      try {
        for (const row of stmt.raw(true).iterate()) {
          rows.push(row);
          if (rows.length === 8192) {
            yield { rows, line };
            line += rows.length;
            rows = [];
          }
        }
        if (rows.length) yield { rows, line };
      } finally {
        db.close();
      }
    },
  };
}

/** Opens a CSV file with its header read, so `columns` is known before the rows stream. */
export async function openCsvRows(file: string): Promise<TableRows> {
  return { columns: await csvHeader(file), batches: csvBatches(file) };
}
