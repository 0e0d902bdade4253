import { Document, isMap, type YAMLMap } from 'yaml';
import type { SpecInput } from '../spec/index.js';
import type { SpecComments } from './to-spec.js';

/**
 * A spec as YAML a person reviews: one line per column (`{ kind: …, sql_type: … }`), the
 * header and table notes as comments, and `# guessed from the name: review` after each guess.
 *
 * @example
 * specYaml(input, { header: ['Imported from shop.sql'], tables: new Map(), columns: new Map() });
 */
export function specYaml(input: SpecInput, comments: SpecComments): string {
  const doc = new Document(input);
  doc.commentBefore = [
    ' yaml-language-server: $schema=./trainkit.schema.json',
    ...comments.header.map((l) => ` ${l}`),
  ].join('\n');
  const tables = doc.get('tables', true) as YAMLMap;
  for (const pair of tables.items) {
    const tname = String((pair.key as { value: unknown }).value ?? pair.key);
    const table = pair.value as YAMLMap;
    const notes = comments.tables.get(tname);
    if (notes) table.commentBefore = notes.map((n) => ` ${n}`).join('\n');
    for (const item of table.items) {
      const key = String((item.key as { value: unknown }).value);
      // short lists and the per-parent count stay on one line
      if (key === 'rows' || key === 'primary_key' || key === 'unique') {
        const v = item.value as { flow?: boolean; items?: { flow?: boolean }[] };
        if (v && typeof v === 'object') {
          v.flow = true;
          for (const inner of v.items ?? []) if (inner && typeof inner === 'object') inner.flow = true;
        }
      }
    }
    const columns = table.get('columns', true) as unknown as YAMLMap;
    for (const col of columns.items) {
      const cname = String((col.key as { value: unknown }).value);
      if (isMap(col.value)) col.value.flow = true;
      const note = comments.columns.get(`${tname}\0${cname}`);
      if (note && col.value && typeof col.value === 'object')
        (col.value as { comment?: string }).comment = ` ${note}`;
    }
  }
  return doc.toString({ lineWidth: 0 });
}
