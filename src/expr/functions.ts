import { dateFunctions } from './date-functions.js';
import type { FunctionDef } from './function-def.js';
import { logicFunctions } from './logic-functions.js';
import { numberFunctions } from './number-functions.js';
import { stringFunctions } from './string-functions.js';

/** Every built-in, by name. A Map, so `constructor` or `__proto__` is never found on a prototype. */
export const FUNCTIONS: ReadonlyMap<string, FunctionDef> = new Map(
  [numberFunctions, stringFunctions, dateFunctions, logicFunctions].flatMap((group) => Object.entries(group)),
);

export const FUNCTION_NAMES: readonly string[] = [...FUNCTIONS.keys()];
