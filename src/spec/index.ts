export {
  cardinality,
  checkSpec,
  columnDependencies,
  countDist,
  estimateRows,
  meanCount,
  primaryKey,
  splitRef,
  tableDependencies,
  topoOrder,
} from './check.js';
export { parseDateText } from './dates.js';
export { specJsonSchema } from './json-schema.js';
export { defineSpec, type LoadedSpec, loadSpec, parseSpec } from './parse.js';
export {
  type ColumnKind,
  type ColumnSpec,
  columnKinds,
  type PerParentRows,
  type Spec,
  type SpecInput,
  type TableSpec,
} from './schema.js';
export { SourceMap } from './source-map.js';
export { choicesHint, closest } from './suggest.js';
export { parseTemplate, type TemplatePart, templateFilters } from './template-syntax.js';
