import { type Ast, describe, fault, type Ty } from './types.js';

/**
 * The type that branches (if, ternary) or alternatives (coalesce) share. Null fits any branch; an
 * unknown branch makes the result unknown; two different known types are an error.
 */
export function commonType(types: readonly Ty[], nodes: readonly Ast[], what: string): Ty {
  let known: Ty = 'null';
  let anyBranch = false;
  types.forEach((t, i) => {
    if (t === 'null') return;
    if (t === 'any') {
      anyBranch = true;
    } else if (known === 'null') {
      known = t;
    } else if (known !== t) {
      const pair = [known, t].sort().join('/');
      fault(
        `${what} have different types: ${describe(known)} and ${describe(t)}`,
        nodes[i]!.at,
        pair === 'date/number'
          ? 'a date is not a number; use add_days or days_between to go between them'
          : 'make every branch the same type, e.g. with str(x) or num(x)',
      );
    }
  });
  return anyBranch ? 'any' : known;
}
