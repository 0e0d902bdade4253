import type { ColumnSpec } from '../spec/index.js';
import { parseDuration } from './duration.js';
import { EventModel } from './event-model.js';
import type { Provider, ProviderContext } from './provider.js';

type EventColumn = Extract<ColumnSpec, { kind: 'event' }>;

/**
 * Labels of a table event: the onset row, the precursor window, the rows after the event, every
 * row of an entity that has it, or the time remaining until it. Drawn from the event's own
 * hash, so the labels match the effects a signal column applies row for row.
 *
 * @example
 * const p = eventProvider({ kind: 'event', event: 'failure', mark: 'window' }, ctx);
 */
export function eventProvider(col: EventColumn, ctx: ProviderContext): Provider {
  const model = new EventModel(col.event, ctx, 'event');
  switch (col.mark ?? 'onset') {
    case 'onset':
      return { sqlType: 'INTEGER', next: (_rng, row) => model.at(row).onset };
    case 'window':
      return { sqlType: 'INTEGER', next: (_rng, row) => model.at(row).window > 0 };
    case 'after':
      return { sqlType: 'INTEGER', next: (_rng, row) => model.at(row).after };
    case 'entity':
      return { sqlType: 'INTEGER', next: (_rng, row) => model.at(row).entity };
    case 'remaining': {
      const unit = parseDuration(col.unit ?? '1h')!;
      return {
        sqlType: 'REAL',
        nullable: true,
        next: (_rng, row) => {
          const ms = model.at(row).remaining;
          return Number.isNaN(ms) ? null : ms / unit;
        },
      };
    }
  }
}
