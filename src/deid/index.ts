export {
  abaValid,
  ibanValid,
  ipv4Valid,
  ipv6Valid,
  luhn,
  npiValid,
  ssnValid,
  vinValid,
} from './checksums.js';
export {
  type DatabaseCopyOptions,
  type DatabaseReport,
  deidentifyDatabase,
  type TableReport,
} from './database.js';
export { compareJoins, type JoinCount } from './database-joins.js';
export { dateRecognizer, findDates, shiftDate } from './dates/index.js';
export {
  type DeidentifiedText,
  Deidentifier,
  type DeidentifierOptions,
  type FieldOutcome,
  type Replacement,
} from './deidentifier.js';
export { Detector, type DetectorOptions, resolveOverlaps } from './detector.js';
export type {
  DocumentFormat,
  FormatOptions,
  ParsedInput,
  SourceDocument,
  TextField,
} from './document-format.js';
export {
  defaultTypeMap,
  type EvaluationReport,
  evaluate,
  type GoldDocument,
  restrictGold,
  TAGGER_GOLD_TYPES,
  type TypeScores,
} from './evaluate.js';
export { documentFormats, formatFor } from './formats/index.js';
export { DEMO_KEY, KeyServices, keyFromPassphrase, readKeyFile } from './keys.js';
export { lexicon } from './lexicon.js';
export type { Operator, OperatorInput, OperatorServices } from './operator.js';
export { createOperator, reidentify } from './operators/index.js';
export { loadPolicy, type Policy, parsePolicy, presets } from './policy.js';
export type { DetectContext, Recognizer } from './recognizer.js';
export { type DefaultRecognizerOptions, defaultRecognizers } from './recognizers/index.js';
export { deidentifyInputs, type RunReport, readInputs } from './run.js';
export { type TaggerModel, taggerRecognizer, unpackModel } from './tagger/index.js';
export { entityTypes, type Span } from './types.js';
