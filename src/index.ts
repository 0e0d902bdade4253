/**
 * trainkit: build AI training data. Generate labelled synthetic data from a spec, de-identify real
 * data (`new Deidentifier({ policy: loadPolicy('redact'), key }).text(note, id)`), then validate
 * and document it.
 *
 * @example
 * import { defineSpec, generateToDirectory } from 'trainkit';
 * const spec = defineSpec({ name: 'users', tables: { users: { rows: 100, columns: { id: { kind: 'id' } } } } });
 * await generateToDirectory(spec, { out: 'out', format: 'sqlite' });
 */
export {
  DEMO_KEY,
  Deidentifier,
  Detector,
  type DocumentFormat,
  defaultRecognizers,
  deidentifyInputs,
  evaluate,
  loadPolicy,
  type Operator,
  parsePolicy,
  type Recognizer,
  readKeyFile,
  type Span,
} from './deid/index.js';
export { renderIssues, TrainkitError } from './errors/index.js';
export { generateChunks, generateToDirectory, generateToSink, planGeneration } from './generate/index.js';
export { buildManifest, type Manifest } from './govern/index.js';
export { CsvSink, JsonlSink, type Sink, SqliteSink, StagedDir } from './io/index.js';
export {
  type ColumnSpec,
  defineSpec,
  loadSpec,
  parseSpec,
  type Spec,
  type SpecInput,
  specJsonSchema,
} from './spec/index.js';
export { createProvider, type Provider, type ProviderFactory } from './values/index.js';
export { VERSION } from './version.js';
