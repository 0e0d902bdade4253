import { FileWriter } from './file-writer.js';
import { bioTags, type NerSpan, tokenize } from './ner-tokenize.js';
import type { CellValue, Chunk, Sink, TableLayout, WrittenFile } from './sink.js';
import type { OutputDir } from './staged-dir.js';

/** The NER layouts: `spans` (text + spans JSONL), `conll` (token TAB tag), `tokens` (Hugging Face JSONL). */
export const nerFormats = ['spans', 'conll', 'tokens'] as const;
export type NerFormat = (typeof nerFormats)[number];

/** A text column and the spans column that labels it. */
export interface NerColumns {
  readonly table: string;
  readonly text: string;
  readonly spans: string;
}

const EXTENSION: Record<NerFormat, string> = { spans: 'ner.jsonl', conll: 'conll', tokens: 'tokens.jsonl' };

interface Target {
  readonly writer: FileWriter;
  readonly text: number;
  readonly spans: number;
  /** the primary key column, whose value names each document; -1: the row number */
  readonly id: number;
}

/** One document in the chosen layout. */
function render(format: NerFormat, id: CellValue, text: string, spans: readonly NerSpan[]): string {
  const idJson = JSON.stringify(id);
  if (format === 'spans') {
    const list = spans.map((s) => `{"start":${s.start},"end":${s.end},"type":${JSON.stringify(s.type)}}`);
    return `{"id":${idJson},"text":${JSON.stringify(text)},"spans":[${list.join(',')}]}\n`;
  }
  const tokens = tokenize(text);
  const tags = bioTags(tokens, spans);
  if (format === 'tokens') {
    return `{"id":${idJson},"tokens":${JSON.stringify(tokens.map((t) => t.text))},"ner_tags":${JSON.stringify(tags)}}\n`;
  }
  let out = '';
  for (let i = 0; i < tokens.length; i++) out += `${tokens[i]!.text}\t${tags[i]}\n`;
  return `${out}\n`;
}

/**
 * A Sink decorator that also writes each labelled text column as an NER training file:
 * `<table>.<text>.ner.jsonl` (`{"id","text","spans":[{"start","end","type"}]}`),
 * `<table>.<text>.conll` (one `token<TAB>B-PERSON` line per token, a blank line between
 * documents) or `<table>.<text>.tokens.jsonl` (`{"id","tokens":[…],"ner_tags":[…]}`). Offsets are
 * in code points; a document's id is its primary key, else its row number. Rows whose text is
 * null are left out.
 *
 * @example
 * const sink = nerExport(dir, 'conll', [{ table: 'notes', text: 'note', spans: 'note_entities' }]).wrap(new CsvSink(dir));
 */
export function nerExport(
  dir: OutputDir,
  format: NerFormat,
  columns: readonly NerColumns[],
): { wrap(sink: Sink): Sink } {
  return {
    wrap(inner: Sink): Sink {
      const targets = new Map<string, Target[]>();
      const discard = () => {
        for (const list of targets.values()) for (const t of list) t.writer.discard();
      };
      return {
        format: inner.format,
        async open(dataset: { readonly name: string; readonly tables: readonly TableLayout[] }) {
          for (const c of columns) {
            const layout = dataset.tables.find((t) => t.name === c.table);
            const index = (name: string) => layout?.columns.findIndex((col) => col.name === name) ?? -1;
            const text = index(c.text);
            const spans = index(c.spans);
            if (!layout || text < 0 || spans < 0) {
              discard();
              throw new Error(`--ner: table "${c.table}" has no columns "${c.text}" and "${c.spans}"`);
            }
            const rel = `${c.table}.${c.text}.${EXTENSION[format]}`;
            const list = targets.get(c.table) ?? [];
            list.push({
              writer: new FileWriter(dir.path(rel), rel, c.table),
              text,
              spans,
              id: layout.columns.findIndex((col) => col.primaryKey),
            });
            targets.set(c.table, list);
          }
          await inner.open(dataset);
        },
        async write(chunk: Chunk) {
          await inner.write(chunk);
          for (const t of targets.get(chunk.table) ?? []) {
            const texts = chunk.columns[t.text]!;
            const spans = chunk.columns[t.spans]!;
            const ids = t.id >= 0 ? chunk.columns[t.id]! : undefined;
            let out = '';
            for (let r = 0; r < chunk.rows; r++) {
              const text = texts[r];
              if (typeof text !== 'string') continue;
              const json = spans[r];
              const list = typeof json === 'string' ? (JSON.parse(json) as NerSpan[]) : [];
              out += render(format, ids ? ids[r]! : chunk.start + r, text, list);
            }
            t.writer.write(out);
          }
        },
        async close(): Promise<WrittenFile[]> {
          const files = await inner.close();
          for (const list of targets.values()) for (const t of list) files.push(t.writer.close());
          return files;
        },
        async abort() {
          discard();
          await inner.abort();
        },
      };
    },
  };
}
