export { type EncodedFeatures, encodeFeatures } from './encode-features.js';
export {
  type FeatureRows,
  LogisticRegression,
  type LogisticRegressionOptions,
} from './logistic-regression.js';
export { accuracy, f1Score, type Label, rocAuc } from './metrics.js';
