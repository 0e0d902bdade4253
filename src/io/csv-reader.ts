import { userError } from '../errors/index.js';

/** One record of a CSV file. */
export interface CsvRecord {
  readonly cells: readonly string[];
  /** 1-based line where the record starts (a quoted cell may span lines). */
  readonly line: number;
  /** true for an empty line: one empty, unquoted cell */
  readonly blank: boolean;
}

/** A CSV file read into records, and how its lines ended. */
export interface CsvTable {
  readonly records: readonly CsvRecord[];
  /** the first line break of the file (`\r\n` or `\n`), `\n` when it has none */
  readonly eol: string;
  readonly endsWithNewline: boolean;
}

/**
 * Reads RFC 4180 CSV: cells separated by `delimiter`, records by CRLF or LF; a quoted cell may
 * hold the delimiter, doubled quotes and line breaks. A quote inside an unquoted cell is kept as
 * a character, as most writers expect.
 *
 * @example
 * readCsv('a,b\n"x, y",2\n', ',', 'people.csv').records[1]?.cells; // ['x, y', '2']
 */
export function readCsv(text: string, delimiter: string, file: string): CsvTable {
  const records: CsvRecord[] = [];
  const sep = delimiter.charCodeAt(0);
  const n = text.length;
  let i = 0;
  let line = 1;
  let eol: string | undefined;
  while (i < n) {
    const cells: string[] = [];
    const startLine = line;
    let quotedAny = false;
    for (;;) {
      if (text.charCodeAt(i) === 0x22) {
        quotedAny = true;
        const open = { line, at: i };
        let value = '';
        let from = i + 1;
        for (;;) {
          const q = text.indexOf('"', from);
          if (q < 0)
            throw userError('csv_unclosed_quote', `A quoted cell in ${file} is never closed`, {
              file,
              line: open.line,
              column: column(text, open.at),
              hint: 'add the closing quote; a quote inside a quoted cell is written twice ("")',
            });
          value += text.slice(from, q);
          if (text.charCodeAt(q + 1) !== 0x22) {
            i = q + 1;
            break;
          }
          value += '"';
          from = q + 2;
        }
        line += count(value, '\n');
        cells.push(value);
        const c = text.charCodeAt(i);
        if (i < n && c !== sep && c !== 0x0a && !(c === 0x0d && text.charCodeAt(i + 1) === 0x0a))
          throw userError(
            'csv_bad_quote',
            `Unexpected ${JSON.stringify(text[i])} after a closing quote in ${file}`,
            {
              file,
              line,
              column: column(text, i),
              hint: 'a quote inside a quoted cell is written twice (""); quote the whole cell, not part of it',
            },
          );
      } else {
        let end = i;
        while (end < n) {
          const c = text.charCodeAt(end);
          if (c === sep || c === 0x0a || (c === 0x0d && text.charCodeAt(end + 1) === 0x0a)) break;
          end++;
        }
        cells.push(text.slice(i, end));
        i = end;
      }
      if (i < n && text.charCodeAt(i) === sep) {
        i++;
        continue;
      }
      break;
    }
    // at a line break or the end of the text
    if (i < n) {
      const crlf = text.charCodeAt(i) === 0x0d;
      eol ??= crlf ? '\r\n' : '\n';
      i += crlf ? 2 : 1;
      line++;
    }
    records.push({ cells, line: startLine, blank: cells.length === 1 && cells[0] === '' && !quotedAny });
  }
  return { records, eol: eol ?? '\n', endsWithNewline: text.endsWith('\n') };
}

/**
 * One record as CSV text: a cell is quoted exactly when it holds the delimiter, a quote or a
 * line break (and an only empty cell is `""`, or the record would read as a blank line).
 *
 * @example
 * writeCsvRecord(['a', 'x, y', 'say "hi"'], ','); // 'a,"x, y","say ""hi"""'
 */
export function writeCsvRecord(cells: readonly string[], delimiter: string): string {
  if (cells.length === 1 && cells[0] === '') return '""';
  return cells
    .map((c) =>
      c.includes(delimiter) || c.includes('"') || c.includes('\n') || c.includes('\r')
        ? `"${c.replaceAll('"', '""')}"`
        : c,
    )
    .join(delimiter);
}

function column(text: string, offset: number): number {
  return offset - text.lastIndexOf('\n', offset - 1);
}

function count(s: string, ch: string): number {
  let k = 0;
  for (let i = s.indexOf(ch); i >= 0; i = s.indexOf(ch, i + 1)) k++;
  return k;
}
