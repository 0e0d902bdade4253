import { TrainkitError } from '../errors/index.js';
import { Rng } from '../random/index.js';
import type { ColumnSpec, TableSpec } from '../spec/index.js';
import { parseDuration } from './duration.js';
import type { ProviderContext, RowCursor } from './provider.js';
import { SequenceAxis } from './sequence-provider.js';

type EventSpec = NonNullable<TableSpec['events']>[string];

/** How one row stands to an event. One object is reused for every row: read it, don't keep it. */
export interface EventRow {
  /** the row's entity has the event (`per: entity`), or the row is hit (`per: row`) */
  entity: boolean;
  /** the event happens at this row */
  onset: boolean;
  /** the row is at or after the event */
  after: boolean;
  /** inside the precursor window: how far through it, in (0, 1]; 0 outside */
  window: number;
  /** ms from the row to the event, for rows before it; NaN otherwise */
  remaining: number;
}

/**
 * The rows an event touches, derived from a hash of (seed, table, event, entity or row) so that
 * every column reading it (event labels, signal effects) agrees without shared state.
 *
 * A `per: entity` event happens at one row of the entity's series: position f, uniform among
 * the positions whose nominal time leaves room for the precursor window, over the entity's
 * expected row count. The cursor does not carry the group's size, and the event must be placed
 * before the rows leading up to it are made, so the count comes from the spec: exact for
 * `rows: { per, value }`; for drawn counts it is the mean, and an entity with fewer rows than f
 * does not see its event (censored, as a machine still running when observation ends).
 *
 * @example
 * const failure = new EventModel('failure', ctx);
 * failure.at(row).window; // > 0 inside the 48 h before the failure
 */
export class EventModel {
  readonly perEntity: boolean;
  readonly precursor: number;
  private readonly rate: number;
  private readonly keys: readonly (string | number)[];
  private readonly axis: SequenceAxis | undefined;
  private readonly rng = new Rng(0, 0, 0, 1);
  private readonly row: EventRow = {
    entity: false,
    onset: false,
    after: false,
    window: 0,
    remaining: Number.NaN,
  };
  // the current entity's event: its group, whether it has one, at which position and time
  private group = Number.NaN;
  private fails = false;
  private position = -1;
  private time = Number.NaN;

  constructor(name: string, ctx: ProviderContext, at?: string) {
    const table = ctx.spec.tables[ctx.table]!;
    const spec = table.events?.[name];
    if (!spec) throw unknownEvent(name, table, ctx, at);
    this.perEntity = spec.per === 'entity';
    this.rate = spec.rate;
    this.precursor = spec.precursor === undefined ? 0 : (parseDuration(spec.precursor) ?? 0);
    this.keys = [ctx.seed, ctx.table, '#event', name];
    this.axis = this.perEntity ? axisOf(spec, table, ctx) : undefined;
  }

  /** The row's relation to the event. */
  at(row: RowCursor): EventRow {
    const out = this.row;
    out.window = 0;
    out.remaining = Number.NaN;
    if (!this.perEntity) {
      this.rng.reseed([...this.keys, row.index]);
      out.entity = out.onset = this.rng.float() < this.rate;
      out.after = false;
      return out;
    }
    if (row.group !== this.group) this.place(row);
    out.entity = this.fails;
    out.onset = this.fails && row.seq === this.position;
    out.after = this.fails && row.seq >= this.position;
    if (this.fails && row.seq < this.position) {
      const t = this.axis!.timeAt(row);
      out.remaining = this.time - t;
      const from = this.time - this.precursor;
      if (this.precursor > 0 && t > from) out.window = Math.min(1, (t - from) / this.precursor);
    }
    return out;
  }

  private place(row: RowCursor): void {
    const axis = this.axis!;
    this.group = row.group;
    this.rng.reseed([...this.keys, row.group]);
    const n = Math.round(axis.expectedRows);
    this.fails = this.rng.float() < this.rate && n >= 1;
    if (!this.fails) return;
    // leave room for the window before the event when the series is long enough
    const lead = Math.min(n - 1, Math.ceil(this.precursor / axis.gap));
    this.position = lead + this.rng.below(n - lead);
    this.time = axis.timeOfSeq(row, this.position);
  }
}

/** The sequence column that times a per-entity event: `time`, or the table's only sequence column. */
function axisOf(spec: EventSpec, table: TableSpec, ctx: ProviderContext): SequenceAxis {
  const name = spec.time ?? Object.entries(table.columns).find(([, c]) => c.kind === 'sequence')?.[0] ?? '';
  const col = table.columns[name] as ColumnSpec | undefined;
  if (col?.kind !== 'sequence') {
    throw new TrainkitError([
      {
        code: 'missing_reference',
        message: `events of "${ctx.table}" per entity need a sequence column to time them`,
        path: ['tables', ctx.table, 'events'],
        hint: 'add a column { kind: sequence, … } to the table, or name it with time:',
      },
    ]);
  }
  return new SequenceAxis(name, col, ctx);
}

function unknownEvent(name: string, table: TableSpec, ctx: ProviderContext, at?: string): TrainkitError {
  const names = Object.keys(table.events ?? {});
  return new TrainkitError([
    {
      code: 'missing_reference',
      message: `event "${name}" is not one of the events of "${ctx.table}"`,
      path: at === undefined ? [...ctx.path] : [...ctx.path, at],
      hint: names.length > 0 ? `the events are: ${names.join(', ')}` : 'declare it under the table’s events:',
    },
  ]);
}
