export { countSampler } from './count-sampler.js';
export { generateChunks } from './engine.js';
export { CHUNK_ROWS, type Plan, type PlanOptions, planGeneration, type TablePlan } from './plan.js';
export {
  type GenerateOptions,
  type GenerateResult,
  type GenerateToDirectoryOptions,
  generateToDirectory,
  generateToSink,
} from './run.js';
export { UniqueSet } from './unique-set.js';
