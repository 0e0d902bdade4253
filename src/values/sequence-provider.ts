import { exponential, Rng } from '../random/index.js';
import { type ColumnSpec, meanCount, parseDateText } from '../spec/index.js';
import { compileDateFormat } from './date-format.js';
import { parseDuration } from './duration.js';
import type { Provider, ProviderContext, RowCursor } from './provider.js';

type SequenceColumn = Extract<ColumnSpec, { kind: 'sequence' }>;

/** What an axis needs from the context of the column that builds it (which may be another column). */
export type AxisContext = Pick<ProviderContext, 'spec' | 'seed' | 'table' | 'lookupRaw'>;

/** Root-table Poisson rows are placed in blocks of this many rows, each its own time window. */
const BLOCK = 512;

/**
 * The timestamps of a sequence column as a pure function of the row: (seed, table, column,
 * group, position). The sequence column, its table's event columns and its signals each build
 * one, so they agree on every row's time without sharing state or depending on column order.
 * That is also why its randomness comes from streams keyed by the entity (or the row, for
 * jitter) and not from the column stream: a reader must be able to recompute any row's time.
 *
 * @example
 * const axis = new SequenceAxis('ts', { kind: 'sequence', start: '2025-01-01', every: '1h' }, ctx);
 * axis.timeAt({ index: 3, local: 3, group: -1, seq: 3 }); // Date.UTC(2025, 0, 1, 3)
 */
export class SequenceAxis {
  /** the rows of one entity (fixed counts exactly; the mean for drawn counts); NaN for a root table */
  readonly expectedRows: number;
  /** the nominal time between rows: `every` or `mean_gap` */
  readonly gap: number;
  readonly poisson: boolean;
  private readonly start: number;
  private readonly jitter: number;
  private readonly offset: number;
  private readonly parentTime: ((row: RowCursor) => unknown) | undefined;
  private readonly keys: readonly (string | number)[];
  private readonly rng = new Rng(0, 0, 0, 1);
  // running state of a Poisson series: its group, last position and elapsed ms
  private group = Number.NaN;
  private pos = -1;
  private elapsed = 0;
  private block = -1;
  private readonly blockTimes = new Float64Array(BLOCK);

  constructor(column: string, col: SequenceColumn, ctx: AxisContext) {
    this.poisson = col.process === 'poisson';
    this.gap = parseDuration((this.poisson ? col.mean_gap : col.every) ?? '')!;
    this.jitter = col.jitter === undefined ? 0 : parseDuration(col.jitter)!;
    this.offset = col.offset === undefined ? 0 : parseDuration(col.offset)!;
    this.start = col.start === undefined ? Number.NaN : parseDateText(col.start)!;
    this.parentTime = col.after === undefined ? undefined : ctx.lookupRaw(col.after);
    this.keys = [ctx.seed, ctx.table, column];
    const rows = ctx.spec.tables[ctx.table]!.rows;
    this.expectedRows = typeof rows === 'number' ? Number.NaN : meanCount(rows);
  }

  /** The moment an entity's series counts from: `start`, or the parent's timestamp plus `offset`. */
  origin(row: RowCursor): number {
    if (!this.parentTime) return this.start;
    const p = this.parentTime(row);
    return typeof p === 'number' ? p + this.offset : Number.NaN;
  }

  /** The row's timestamp in epoch ms (whole seconds when start and durations are); NaN when unknown. */
  timeAt(row: RowCursor): number {
    if (!this.poisson) return this.fixedAt(row, row.seq, row.index);
    if (row.group < 0) return this.rootPoissonAt(row.index);
    if (row.group !== this.group || row.seq < this.pos) {
      this.group = row.group;
      this.pos = -1;
      this.elapsed = 0;
      this.rng.reseed([...this.keys, '#gaps', row.group]);
    }
    while (this.pos < row.seq) {
      this.elapsed += exponential(this.rng, 1 / this.gap);
      this.pos++;
    }
    return this.poissonTime(row);
  }

  /**
   * The timestamp of position `seq` in the same entity as `row`, without disturbing the running
   * state: what places an event before the rows that lead up to it are made.
   */
  timeOfSeq(row: RowCursor, seq: number): number {
    if (!this.poisson || row.group < 0) {
      // an entity's rows are contiguous, so position `seq` is row index − row.seq + seq
      const index = row.index - row.seq + seq;
      return this.poisson ? this.rootPoissonAt(index) : this.fixedAt(row, seq, index);
    }
    const rng = Rng.from([...this.keys, '#gaps', row.group]);
    let elapsed = 0;
    for (let i = 0; i <= seq; i++) elapsed += exponential(rng, 1 / this.gap);
    return this.origin(row) + Math.ceil(elapsed / 1000) * 1000;
  }

  private poissonTime(row: RowCursor): number {
    // ceil to whole seconds: the first row is strictly after the origin even once formatted
    return this.origin(row) + Math.ceil(this.elapsed / 1000) * 1000;
  }

  private fixedAt(row: RowCursor, seq: number, index: number): number {
    // with `after` the first row comes one interval after the parent's time, not at it
    const steps = this.parentTime ? seq + 1 : seq;
    let t = this.origin(row) + steps * this.gap;
    if (this.jitter > 0) {
      this.rng.reseed([...this.keys, '#jitter', index]);
      t += Math.round(((2 * this.rng.float() - 1) * this.jitter) / 1000) * 1000;
    }
    return t;
  }

  /**
   * A root table has no entity whose rows are made in order, and any chunk may be made alone:
   * block b of BLOCK rows covers its own window of BLOCK × mean_gap and holds BLOCK sorted
   * uniform points in it (normalised exponential spacings). That is a Poisson process
   * conditioned on BLOCK points per window: gaps are exponential except that each window holds
   * exactly BLOCK rows, a difference no test of 512 gaps can see.
   */
  private rootPoissonAt(index: number): number {
    const b = Math.floor(index / BLOCK);
    if (b !== this.block) {
      this.block = b;
      this.rng.reseed([...this.keys, '#block', b]);
      let sum = 0;
      for (let i = 0; i < BLOCK; i++) {
        sum += exponential(this.rng, 1);
        this.blockTimes[i] = sum;
      }
      sum += exponential(this.rng, 1);
      const width = BLOCK * this.gap;
      for (let i = 0; i < BLOCK; i++) this.blockTimes[i] = (this.blockTimes[i]! / sum) * width;
    }
    const t = b * BLOCK * this.gap + this.blockTimes[index - b * BLOCK]!;
    return this.start + Math.ceil(t / 1000) * 1000;
  }
}

/**
 * Timestamps of per-entity series (or of a whole root table): fixed intervals with optional
 * jitter, or a Poisson process; from `start`, or after the parent row's timestamp. Values are
 * epoch ms until formatted, like datetime columns.
 *
 * @example
 * const p = sequenceProvider({ kind: 'sequence', start: '2025-01-01', every: '1h' }, ctx);
 */
export function sequenceProvider(col: SequenceColumn, ctx: ProviderContext): Provider {
  const axis = new SequenceAxis(ctx.column, col, ctx);
  const format = compileDateFormat(col.format ?? 'iso');
  const numeric = col.format === 'epoch' || col.format === 'epoch_ms';
  return {
    sqlType: numeric ? 'INTEGER' : 'TEXT',
    next: (_rng, row) => {
      const t = axis.timeAt(row);
      return Number.isNaN(t) ? null : t;
    },
    format: (v) => (typeof v === 'number' ? format(v) : v),
  };
}
