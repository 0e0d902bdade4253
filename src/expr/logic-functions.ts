import { commonType } from './common-type.js';
import { expectArg, type FunctionDef, fixed } from './function-def.js';
import { truth } from './types.js';

const ifDef: FunctionDef = {
  ...fixed(3),
  compile(args, site) {
    expectArg(args, site, 0, 'boolean');
    const type = commonType([args[1]!.type, args[2]!.type], site.args.slice(1), 'the branches of if');
    const test = args[0]!.fn;
    const then = args[1]!.fn;
    const otherwise = args[2]!.fn;
    return {
      type,
      fn: (c) => {
        const k = truth(test(c));
        return k === null ? null : k ? then(c) : otherwise(c);
      },
    };
  },
};

const coalesce: FunctionDef = {
  min: 1,
  max: Number.POSITIVE_INFINITY,
  compile(args, site) {
    const type = commonType(
      args.map((a) => a.type),
      site.args,
      'the arguments of coalesce',
    );
    const fns = args.map((a) => a.fn);
    return {
      type,
      fn: (c) => {
        for (let i = 0; i < fns.length; i++) {
          const v = fns[i]!(c);
          if (v !== null) return v;
        }
        return null;
      },
    };
  },
};

const isNull: FunctionDef = {
  ...fixed(1),
  compile(args) {
    const a = args[0]!.fn;
    return { type: 'boolean', fn: (c) => a(c) === null };
  },
};

export const logicFunctions: Readonly<Record<string, FunctionDef>> = { if: ifDef, coalesce, is_null: isNull };
