export { learnColumn } from './columns.js';
export { type DependencyModel, fitDependencies } from './dependencies.js';
export { fitParametric, type ParametricFit } from './goodness-of-fit.js';
export { type LearnResult, learnSpec } from './learn.js';
export {
  comparedTable,
  type LearnedSource,
  learnSource,
  type ValidateLearnedOptions,
  validateLearned,
} from './learn-source.js';
export { numericMarginal, smoothedQuantiles } from './marginals.js';
export { type ColumnProfile, profileColumn } from './profile.js';
export { type ReadOptions, readLearnInput } from './read-source.js';
export { childCountRows, inferKeys } from './relations.js';
export { generateTable, sampleFidelity } from './sample-fidelity.js';
export { detectSemanticType, type SemanticType } from './semantic-types.js';
export { writeSpecYaml } from './spec-yaml.js';
export type {
  Cell,
  LearnedColumn,
  LearnForeignKey,
  LearnInput,
  LearnKeys,
  LearnOptions,
  LearnTable,
} from './types.js';
