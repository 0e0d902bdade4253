import { type ColumnSpec, parseTemplate } from '../spec/index.js';
import { valueFilters } from './filters.js';
import type { Provider, ProviderContext, RowCursor, Value } from './provider.js';

type TemplateColumn = Extract<ColumnSpec, { kind: 'template' }>;

const filters = valueFilters;

/** Text built from other values of the row: `"{first_name|lower}.{last_name|lower}@example.com"`. */
export function templateProvider(col: TemplateColumn, ctx: ProviderContext): Provider {
  const parts = parseTemplate(col.template);
  if (!Array.isArray(parts)) throw new Error('template was checked when the spec was parsed');
  const pieces = parts.map((p): ((row: RowCursor) => string) => {
    if ('text' in p) {
      const t = p.text;
      return () => t;
    }
    const get = ctx.lookup(p.ref);
    const fs = p.filters.map((f) => filters[f]!);
    if (fs.length === 0) return (row) => str(get(row));
    return (row) => {
      let s = str(get(row));
      for (const f of fs) s = f(s);
      return s;
    };
  });
  return {
    sqlType: 'TEXT',
    next: (_rng, row) => {
      let s = '';
      for (const piece of pieces) s += piece(row);
      return s;
    },
  };
}

function str(v: Value): string {
  if (v === null) return '';
  // an object or array column reads as its JSON text, not "[object Object]"
  return typeof v === 'object' ? JSON.stringify(v) : String(v);
}
