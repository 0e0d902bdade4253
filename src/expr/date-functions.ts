import {
  civil,
  DAY,
  DAY_MS,
  HOUR_MS,
  isoWeekday,
  MINUTE_MS,
  MONTH,
  parseDateLiteral,
  timeOfDay,
  validDate,
  YEAR,
} from './dates.js';
import { expectArg, type FunctionDef, fixed } from './function-def.js';
import { fault, finite } from './types.js';

const date: FunctionDef = {
  ...fixed(1),
  compile(_args, site) {
    const node = site.args[0]!;
    if (node.kind !== 'string') {
      fault('date takes a string literal', node.at, "write date('2024-03-14'); add_days moves a date");
    }
    const ms = parseDateLiteral(node.value);
    if (ms === undefined || validDate(ms) === null) {
      fault(
        `invalid date "${node.value}"`,
        node.at,
        'write YYYY-MM-DD or an ISO datetime such as 2024-03-14T09:30:00Z',
      );
    }
    return { type: 'date', fn: () => ms };
  },
};

/** add_days and friends: a date moved by a (possibly fractional or negative) count of units. */
function shift(unit: number): FunctionDef {
  return {
    ...fixed(2),
    compile(args, site) {
      expectArg(args, site, 0, 'date');
      expectArg(args, site, 1, 'number');
      const a = args[0]!.fn;
      const b = args[1]!.fn;
      return {
        type: 'date',
        fn: (c) => {
          const d = a(c);
          const n = b(c);
          return typeof d === 'number' && typeof n === 'number' ? validDate(d + n * unit) : null;
        },
      };
    },
  };
}

function between(unit: number): FunctionDef {
  return {
    ...fixed(2),
    compile(args, site) {
      expectArg(args, site, 0, 'date');
      expectArg(args, site, 1, 'date');
      const a = args[0]!.fn;
      const b = args[1]!.fn;
      return {
        type: 'number',
        fn: (c) => {
          const x = a(c);
          const y = b(c);
          return typeof x === 'number' && typeof y === 'number' ? finite((y - x) / unit) : null;
        },
      };
    },
  };
}

function part(f: (ms: number) => number): FunctionDef {
  return {
    ...fixed(1),
    compile(args, site) {
      expectArg(args, site, 0, 'date');
      const a = args[0]!.fn;
      return {
        type: 'number',
        fn: (c) => {
          const d = a(c);
          return typeof d === 'number' && validDate(d) !== null ? f(d) : null;
        },
      };
    },
  };
}

export const dateFunctions: Readonly<Record<string, FunctionDef>> = {
  date,
  add_days: shift(DAY_MS),
  add_hours: shift(HOUR_MS),
  add_minutes: shift(MINUTE_MS),
  days_between: between(DAY_MS),
  hours_between: between(HOUR_MS),
  year: part((ms) => civil(ms, YEAR)),
  month: part((ms) => civil(ms, MONTH)),
  day: part((ms) => civil(ms, DAY)),
  hour: part((ms) => Math.floor(timeOfDay(ms) / HOUR_MS)),
  minute: part((ms) => Math.floor((timeOfDay(ms) % HOUR_MS) / MINUTE_MS)),
  weekday: part(isoWeekday),
};
