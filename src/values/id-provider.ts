import { hash128 } from '../random/index.js';
import type { ColumnSpec } from '../spec/index.js';
import type { Provider, ProviderContext } from './provider.js';

type IdColumn = Extract<ColumnSpec, { kind: 'id' }>;

const HEX = Array.from({ length: 256 }, (_, i) => i.toString(16).padStart(2, '0'));

function hex32(x: number): string {
  return HEX[(x >>> 24) & 255]! + HEX[(x >>> 16) & 255]! + HEX[(x >>> 8) & 255]! + HEX[x & 255]!;
}

/** A sequence (start + index × step) or a version-4-shaped UUID derived from the row index. */
export function idProvider(col: IdColumn, ctx: ProviderContext): Provider {
  if (col.strategy === 'uuid') {
    const salt = [ctx.seed, ctx.table, ctx.column, 'uuid'];
    const keyAt = (index: number) => {
      const [a, b, c, d] = hash128([...salt, index]);
      const h2 = hex32(b);
      const h3 = hex32(((c & 0x3fffffff) | 0x80000000) >>> 0);
      return `${hex32(a)}-${h2.slice(0, 4)}-4${h2.slice(5)}-${h3.slice(0, 4)}-${h3.slice(4)}${hex32(d)}`;
    };
    return { sqlType: 'TEXT', keyAt, next: (_rng, row) => keyAt(row.index) };
  }
  const start = col.start ?? 1;
  const step = col.step ?? 1;
  const keyAt = (index: number) => start + index * step;
  return { sqlType: 'INTEGER', keyAt, next: (_rng, row) => start + row.index * step };
}
