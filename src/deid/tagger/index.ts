export { FEATURES_PER_TOKEN, tokenFeatures } from './features.js';
export {
  type ChainWeights,
  decode,
  emissions,
  TAG_COUNT,
  TAGGER_TYPES,
  type TaggerType,
  tagName,
} from './model.js';
export {
  type Calibration,
  packModel,
  shippedModel,
  shippedModelPath,
  type TaggerHeader,
  type TaggerModel,
  unpackModel,
} from './model-file.js';
export {
  calibrated,
  fitPlatt,
  type TaggedSpan,
  type TaggerRecognizerOptions,
  taggerRecognizer,
  tagSpans,
} from './tagger.js';
export {
  type Example,
  goldTags,
  type TrainingDocument,
  type TrainOptions,
  toExample,
  trainPerceptron,
} from './train.js';
