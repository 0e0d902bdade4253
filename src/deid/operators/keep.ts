import type { OperatorInput } from '../operator.js';
import type { OperatorDefinition } from './operator-options.js';

/**
 * `keep`: leaves the entity as it is (for types a policy decides are not identifying). No options.
 *
 * @example
 * createOperator('keep', {}); // "Boston" → "Boston"
 */
export const keep: OperatorDefinition = {
  name: 'keep',
  options: [],
  create: () => ({ name: 'keep', apply: ({ text }: OperatorInput) => text }),
};
