import { extname } from 'node:path';
import { userError } from '../../errors/index.js';
import { type CsvRecord, readCsv, writeCsvRecord } from '../../io/index.js';
import type { DocumentFormat, ParsedInput, SourceDocument, TextField } from '../document-format.js';
import { decodeText, replacementsOf } from './text-input.js';

/**
 * CSV and TSV with a header row (`.csv` with commas, `.tsv` with tabs; RFC 4180 quoting). One
 * document per row, its id the `idField` column or `path:row` (the header is row 1, as a
 * spreadsheet counts). Each non-empty cell is a field keyed by its column; `options.columns`
 * says what a column holds: an entity type (`EMAIL`: the whole cell is one entity), `keep`, or
 * `text` (free text, the default). Output has the same header and columns, quoted only where
 * needed; a `null` document's row is left out.
 *
 * @example
 * const parsed = await csvFormat.parse(bytes, {
 *   path: 'patients.csv',
 *   options: { textFields: [], idField: 'id', columns: { email: 'EMAIL', notes: 'text', id: 'keep' } },
 * });
 */
export const csvFormat: DocumentFormat = {
  name: 'csv',
  extensions: ['.csv', '.tsv'],
  async parse(bytes, { path, options }): Promise<ParsedInput> {
    const { text, bom } = decodeText(bytes, path);
    const delimiter = extname(path).toLowerCase() === '.tsv' ? '\t' : ',';
    const table = readCsv(text, delimiter, path);
    const headerIndex = table.records.findIndex((r) => !r.blank);
    const header = table.records[headerIndex];
    if (header === undefined)
      throw userError('csv_no_header', `${path} is empty: a CSV input needs a header row`, {
        file: path,
        hint: 'put the column names on the first line, e.g. id,name,notes',
      });
    const columns = header.cells;
    checkHeader(columns, header, path);
    const policy = columns.map((c) => entityOf(options.columns[c]));
    const idColumn = columns.indexOf(options.idField);
    const rows: { record: CsvRecord; cells: number[] }[] = [];
    const documents: SourceDocument[] = [];
    table.records.forEach((record, r) => {
      // a blank line is a row of one empty cell only when there is one column
      if (r <= headerIndex || (record.blank && columns.length > 1)) return;
      if (record.cells.length !== columns.length)
        throw userError(
          'csv_column_count',
          `Row ${r + 1} of ${path} has ${record.cells.length} ${record.cells.length === 1 ? 'cell' : 'cells'} but the header has ${columns.length}`,
          {
            file: path,
            line: record.line,
            column: 1,
            hint: `quote a cell that holds a ${delimiter === '\t' ? 'tab' : 'comma'} ("a${delimiter}b"), and check for a missing or extra separator`,
          },
        );
      const fields: TextField[] = [];
      const cells: number[] = [];
      record.cells.forEach((text, c) => {
        if (text === '') return;
        const entity = policy[c];
        fields.push(entity === undefined ? { key: columns[c]!, text } : { key: columns[c]!, text, entity });
        cells.push(c);
      });
      const id = idColumn >= 0 && record.cells[idColumn] ? record.cells[idColumn] : `${path}:${r + 1}`;
      documents.push({ id, fields });
      rows.push({ record, cells });
    });
    return {
      documents,
      outputExtension: extname(path),
      render(fields) {
        const lines = [writeCsvRecord(columns, delimiter)];
        rows.forEach(({ record, cells }, d) => {
          const texts = replacementsOf(fields, d, cells.length);
          if (texts === null) return;
          const out = [...record.cells];
          cells.forEach((c, k) => {
            out[c] = texts[k]!;
          });
          lines.push(writeCsvRecord(out, delimiter));
        });
        return bom + lines.join(table.eol) + (table.endsWithNewline ? table.eol : '');
      },
    };
  },
};

// a column's policy as a field's `entity`: undefined for free text
function entityOf(policy: string | undefined): string | undefined {
  if (policy === undefined || policy.toLowerCase() === 'text') return undefined;
  return policy.toLowerCase() === 'keep' ? 'keep' : policy;
}

function checkHeader(columns: readonly string[], header: CsvRecord, path: string): void {
  const seen = new Set<string>();
  for (const c of columns) {
    if (seen.has(c))
      throw userError('csv_duplicate_column', `${path} has two columns named ${JSON.stringify(c)}`, {
        file: path,
        line: header.line,
        column: 1,
        hint: 'rename one of them: a column policy names a column by its header',
      });
    seen.add(c);
  }
}
