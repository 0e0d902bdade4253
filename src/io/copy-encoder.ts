import type { ByteOut } from './byte-buffer.js';
import { jsonText } from './jsonl-sink.js';
import { numberText } from './number-text.js';
import type { Chunk, TableLayout } from './sink.js';
import { type LogicalType, logicalType } from './sql-ddl.js';

const COMMA = 44;
const QUOTE = 34;
const NEWLINE = 10;

/**
 * Encodes chunks of one table as the CSV that PostgreSQL's `COPY … (FORMAT csv)` reads: null is
 * an unquoted empty field and the empty string is `""` (the CSV sink's rules), booleans are `1`/`0`
 * (which both a BOOLEAN and a BIGINT column take) except in text columns, and a lone `\.` is
 * quoted so it cannot read as the end-of-data marker.
 *
 * @example
 * const encode = copyCsvEncoder(layout);
 * encode(chunk, new ByteBuffer());
 */
export function copyCsvEncoder(t: TableLayout): (chunk: Chunk, w: ByteOut) => void {
  const types: LogicalType[] = t.columns.map(logicalType);
  const trueText = types.map((k) => (k === 'text' ? 'true' : '1'));
  const falseText = types.map((k) => (k === 'text' ? 'false' : '0'));
  return (chunk, w) => {
    const cols = chunk.columns;
    const ncol = cols.length;
    for (let r = 0; r < chunk.rows; r++) {
      for (let c = 0; c < ncol; c++) {
        if (c > 0) w.byte(COMMA);
        const v = cols[c]![r]!;
        if (typeof v === 'string') {
          if (v === '\\.' || !w.plainField(v)) {
            w.byte(QUOTE);
            w.text(v.replaceAll('"', '""'));
            w.byte(QUOTE);
          }
        } else if (typeof v === 'number') w.text(numberText(v));
        else if (typeof v === 'boolean') w.text(v ? trueText[c]! : falseText[c]!);
        else if (v !== null) {
          w.byte(QUOTE);
          w.write(jsonText(v).replaceAll('"', '""'));
          w.byte(QUOTE);
        }
      }
      w.byte(NEWLINE);
    }
  };
}
