export { countSampler } from './count-sampler.js';
export { type ChunkRange, EngineState, generateChunks, treeChunk } from './engine.js';
export { generateParallel } from './parallel.js';
export { CHUNK_ROWS, type Plan, type PlanOptions, planGeneration, type TablePlan } from './plan.js';
export {
  type GenerateOptions,
  type GenerateResult,
  type GenerateToDirectoryOptions,
  type GenerateToTargetOptions,
  type GenerateToTargetResult,
  generateToDirectory,
  generateToSink,
  generateToTarget,
  shardRange,
  typedLayouts,
} from './run.js';
export { parseSplit, type SplitOptions, type SplitShare, SplitSink, type SplitSummary } from './splits.js';
export { UniqueSet } from './unique-set.js';
