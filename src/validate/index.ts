export {
  accuracyAgainst,
  alphaBootstrap,
  cohenKappa,
  fleissKappa,
  krippendorffAlpha,
  scottPi,
} from './agreement.js';
export { type AgreementReport, agreementReport, readAnnotations } from './annotations.js';
export { type ConformanceOptions, checkConformance } from './conformance.js';
export { type Dataset, type DatasetTable, loadFrame, openDataset } from './dataset.js';
export { type EncodedFeatures, encodeFeatures } from './encode-features.js';
export {
  boundaryAdherence,
  cardinalityShapeSimilarity,
  categoryAdherence,
  contingencySimilarity,
  type FidelityOptions,
  fidelityCharts,
  fidelityReport,
  ksComplement,
  referentialIntegrity,
  relationFidelity,
  tvComplement,
} from './fidelity.js';
export { correlationSimilarity, cramersV, pearson, spearman } from './fidelity-pairs.js';
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
export { findLabelIssues, outOfFoldProbabilities } from './label-errors.js';
export {
  type FeatureRows,
  LogisticRegression,
  type LogisticRegressionOptions,
} from './logistic-regression.js';
export { accuracy, f1Score, type Label, rocAuc } from './metrics.js';
export { exactDuplicates, nearDuplicates } from './minhash.js';
export { type PrivacyOptions, type PrivacyReport, privacyChecks, privacyReport } from './privacy.js';
export { type QualityReport, qualityChecks, qualityReport } from './quality.js';
export { renderReportHtml } from './report-html.js';
export type {
  ChartData,
  CheckResult,
  FidelityReport,
  HistogramBin,
  Section,
  Severity,
  ValidationReport,
} from './report-types.js';
export { type ResidualPii, residualPii } from './residual-pii.js';
export { pairwiseSpanAgreement, spanScore } from './span-agreement.js';
export { chiSquareTest, ksPValue, ksStatistic, wilsonInterval } from './stats.js';
export { type UtilityReport, utilityChecks, utilityReport } from './utility.js';
export { type ValidateOptions, validateData } from './validate.js';
