import { expectArg, type FunctionDef, fixed } from './function-def.js';
import { describe, type Fn, fault, finite, type Ty } from './types.js';

function num1(f: (x: number) => number): FunctionDef {
  return {
    ...fixed(1),
    compile(args, site) {
      expectArg(args, site, 0, 'number');
      const a = args[0]!.fn;
      return {
        type: 'number',
        fn: (c) => {
          const x = a(c);
          return typeof x === 'number' ? finite(f(x)) : null;
        },
      };
    },
  };
}

function num2(f: (x: number, y: number) => number): FunctionDef {
  return {
    ...fixed(2),
    compile(args, site) {
      expectArg(args, site, 0, 'number');
      expectArg(args, site, 1, 'number');
      const a = args[0]!.fn;
      const b = args[1]!.fn;
      return {
        type: 'number',
        fn: (c) => {
          const x = a(c);
          const y = b(c);
          return typeof x === 'number' && typeof y === 'number' ? finite(f(x, y)) : null;
        },
      };
    },
  };
}

/** Half away from zero, as people round; the nudge puts 1.005 (stored as 1.00499…) on the upper side. */
function roundTo(x: number, digits: number): number {
  const d = Math.trunc(digits);
  if (d > 15) return x;
  if (d < 0) {
    const m = 10 ** -d;
    return Math.sign(x) * Math.round(Math.abs(x) / m) * m;
  }
  const m = 10 ** d;
  return (Math.sign(x) * Math.round(Math.abs(x) * m * (1 + Number.EPSILON))) / m;
}

const round: FunctionDef = {
  ...fixed(1, 2),
  compile(args, site) {
    expectArg(args, site, 0, 'number');
    const a = args[0]!.fn;
    if (args.length === 1) return num1((x) => roundTo(x, 0)).compile(args, site);
    expectArg(args, site, 1, 'number');
    const b = args[1]!.fn;
    return {
      type: 'number',
      fn: (c) => {
        const x = a(c);
        const d = b(c);
        return typeof x === 'number' && typeof d === 'number' ? finite(roundTo(x, d)) : null;
      },
    };
  },
};

/** min and max work on numbers or on dates, not on a mix. */
function extreme(pick: (a: number, b: number) => number, start: number): FunctionDef {
  return {
    min: 1,
    max: Number.POSITIVE_INFINITY,
    compile(args, site) {
      let type: Ty = 'null';
      args.forEach((arg, i) => {
        const t = arg.type;
        const at = site.args[i]!.at;
        if (t !== 'number' && t !== 'date' && t !== 'any' && t !== 'null') {
          fault(`${site.name} needs numbers or dates, got ${describe(t)} as argument ${i + 1}`, at);
        }
        if ((t === 'number' || t === 'date') && type !== t) {
          if (type === 'number' || type === 'date') fault(`${site.name} cannot mix a number and a date`, at);
          type = t;
        }
      });
      if (type === 'null') type = args.some((a) => a.type === 'any') ? 'any' : 'number';
      const fns = args.map((a) => a.fn);
      return {
        type,
        fn: (c) => {
          let best = start;
          for (let i = 0; i < fns.length; i++) {
            const v = fns[i]!(c);
            if (typeof v !== 'number') return null;
            best = pick(best, v);
          }
          return finite(best);
        },
      };
    },
  };
}

const clamp: FunctionDef = {
  ...fixed(3),
  compile(args, site) {
    for (let i = 0; i < 3; i++) expectArg(args, site, i, 'number');
    const [a, lo, hi] = args.map((x) => x.fn) as [Fn, Fn, Fn];
    return {
      type: 'number',
      fn: (c) => {
        const x = a(c);
        const l = lo(c);
        const h = hi(c);
        return typeof x === 'number' && typeof l === 'number' && typeof h === 'number'
          ? finite(Math.min(Math.max(x, l), h))
          : null;
      },
    };
  },
};

export const numberFunctions: Readonly<Record<string, FunctionDef>> = {
  abs: num1(Math.abs),
  round,
  floor: num1(Math.floor),
  ceil: num1(Math.ceil),
  min: extreme(Math.min, Number.POSITIVE_INFINITY),
  max: extreme(Math.max, Number.NEGATIVE_INFINITY),
  sqrt: num1(Math.sqrt),
  exp: num1(Math.exp),
  log: num1(Math.log),
  pow: num2(Math.pow),
  clamp,
  sigmoid: num1((x) => 1 / (1 + Math.exp(-x))),
  logit: num1((p) => Math.log(p / (1 - p))),
};
