import { type Ast, describe, type ExprType, fault, fits, type Typed } from './types.js';

/** Where a function is called: its name, position and the argument nodes (some functions want literals). */
export interface CallSite {
  readonly name: string;
  readonly at: number;
  readonly args: readonly Ast[];
}

/** A built-in function: its arity, and a checker that types the arguments and builds the closure. */
export interface FunctionDef {
  readonly min: number;
  readonly max: number;
  compile(args: readonly Typed[], site: CallSite): Typed;
}

/** Fails unless argument `i` fits `want`, with a hint for the usual mix-ups. */
export function expectArg(args: readonly Typed[], site: CallSite, i: number, want: ExprType): void {
  const have = args[i]!.type;
  if (fits(have, want)) return;
  const node = site.args[i]!;
  fault(
    `${site.name} needs ${describe(want)} as argument ${i + 1}, got ${describe(have)}`,
    node.at,
    mixUpHint(have, want, node),
  );
}

/** How to get from the type one has to the type a slot needs, when there is a usual way. */
export function mixUpHint(have: string, want: string, node?: Ast): string | undefined {
  if (have === 'boolean' && want === 'number') return 'turn a boolean into a number with if(x, 1, 0)';
  if (have === 'number' && want === 'boolean') return 'compare it, e.g. x > 0';
  if (have === 'string' && want === 'boolean') return "compare it, e.g. x == 'yes'";
  if (have === 'string' && want === 'date') {
    return node?.kind === 'string'
      ? `write date('${node.value}')`
      : "write a date literal as date('2024-03-14')";
  }
  if (have === 'string' && want === 'number') return 'convert it with num(x)';
  if (have === 'date' && want === 'number') return 'a date is not a number; use days_between, year, month, …';
  if (have === 'number' && want === 'date')
    return 'a number is not a date; use add_days(d, n) to move a date';
  if (want === 'string') return 'convert it with str(x)';
  return undefined;
}

export function fixed(min: number, max = min): Pick<FunctionDef, 'min' | 'max'> {
  return { min, max };
}
