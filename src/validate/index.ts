export { type EncodedFeatures, encodeFeatures } from './encode-features.js';
export {
  type Cell,
  type ColumnKind,
  type Frame,
  frameFromCsv,
  frameFromRows,
  frameOf,
  inferMetadata,
  type Metadata,
  numericValue,
} from './frame.js';
export {
  type FeatureRows,
  LogisticRegression,
  type LogisticRegressionOptions,
} from './logistic-regression.js';
export { accuracy, f1Score, type Label, rocAuc } from './metrics.js';
export type {
  ChartData,
  CheckResult,
  FidelityReport,
  HistogramBin,
  Section,
  Severity,
  ValidationReport,
} from './report-types.js';
