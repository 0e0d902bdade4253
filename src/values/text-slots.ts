import type { z } from 'zod';
import { TrainkitError } from '../errors/index.js';
import { AliasTable, type Rng } from '../random/index.js';
import type { textColumn } from '../spec/schema.js';
import { fakeProvider } from './fake-provider.js';
import { patternProvider } from './pattern-provider.js';
import type { ProviderContext, RowCursor, Value } from './provider.js';

type TextColumn = z.infer<typeof textColumn>;
export type SlotSpec = NonNullable<TextColumn['slots']>[string];

/** Draws a slot's value for a row. */
export type SlotDraw = (rng: Rng, row: RowCursor) => string;

const MONTHS = [
  'January',
  'February',
  'March',
  'April',
  'May',
  'June',
  'July',
  'August',
  'September',
  'October',
  'November',
  'December',
];
const DATE_TOKEN = /YYYY|YY|MMMM|MMM|MM|M|DD|D|\[[^\]]*\]/g;

/**
 * Compiles a date format with month names, for dates written inside text: YYYY YY MMMM (March)
 * MMM (Mar) MM M DD D, `[literal]`.
 *
 * @example
 * textDateFormat('MMM D, YYYY')(Date.UTC(2024, 2, 4)); // 'Mar 4, 2024'
 */
export function textDateFormat(format: string): (ms: number) => string {
  const parts: (string | ((d: Date) => string))[] = [];
  let last = 0;
  for (const m of format.matchAll(DATE_TOKEN)) {
    if (m.index > last) parts.push(format.slice(last, m.index));
    last = m.index + m[0].length;
    const tok = m[0];
    const pad = (n: number) => String(n).padStart(2, '0');
    const fns: Record<string, (d: Date) => string> = {
      YYYY: (d) => String(d.getUTCFullYear()),
      YY: (d) => pad(d.getUTCFullYear() % 100),
      MMMM: (d) => MONTHS[d.getUTCMonth()]!,
      MMM: (d) => MONTHS[d.getUTCMonth()]!.slice(0, 3),
      MM: (d) => pad(d.getUTCMonth() + 1),
      M: (d) => String(d.getUTCMonth() + 1),
      DD: (d) => pad(d.getUTCDate()),
      D: (d) => String(d.getUTCDate()),
    };
    parts.push(tok.startsWith('[') ? tok.slice(1, -1) : fns[tok]!);
  }
  if (last < format.length) parts.push(format.slice(last));
  return (ms) => {
    const d = new Date(ms);
    let s = '';
    for (const p of parts) s += typeof p === 'string' ? p : p(d);
    return s;
  };
}

function str(v: Value): string {
  return v === null ? '' : String(v);
}

/**
 * The value source of a slot other than `rule` (which the provider expands itself). Fakes and
 * patterns reuse the `fake` and `pattern` providers, so they draw the same way.
 */
export function slotSource(name: string, slot: SlotSpec, ctx: ProviderContext): SlotDraw | undefined {
  if (slot.column !== undefined) {
    if (slot.formats === undefined) {
      const get = ctx.lookup(slot.column);
      return (_rng, row) => str(get(row));
    }
    const raw = ctx.lookupRaw(slot.column);
    const fmts = slot.formats.map(textDateFormat);
    const fallback = ctx.lookup(slot.column);
    return (rng, row) => {
      const v = raw(row);
      // one draw whatever the value, so the stream does not depend on nulls
      const f = fmts[fmts.length === 1 ? 0 : rng.below(fmts.length)]!;
      return typeof v === 'number' ? f(v) : str(fallback(row));
    };
  }
  if (slot.fake !== undefined) {
    const sub: ProviderContext = { ...ctx, path: [...ctx.path, 'slots', name] };
    try {
      const p = fakeProvider(
        {
          kind: 'fake',
          method: slot.fake,
          ...(slot.locale === undefined ? {} : { locale: slot.locale }),
          ...(slot.args === undefined ? {} : { args: slot.args }),
        },
        sub,
      );
      return (rng, row) => str(p.next(rng, row));
    } catch (e) {
      if (!(e instanceof TrainkitError)) throw e;
      // the fake provider names its own fields; here the method is `fake`
      throw new TrainkitError(
        e.issues.map((i) =>
          i.path?.[i.path.length - 1] === 'method' ? { ...i, path: [...i.path.slice(0, -1), 'fake'] } : i,
        ),
      );
    }
  }
  if (slot.pattern !== undefined) {
    const p = patternProvider({ kind: 'pattern', pattern: slot.pattern });
    return (rng, row) => str(p.next(rng, row));
  }
  if (slot.values !== undefined) {
    const values = Array.isArray(slot.values) ? slot.values : Object.keys(slot.values);
    if (values.length === 1) return () => values[0]!;
    const table = new AliasTable(
      Array.isArray(slot.values) ? values.map(() => 1) : Object.values(slot.values),
    );
    return (rng) => values[table.sample(rng)]!;
  }
  return undefined;
}
