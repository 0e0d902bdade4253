export {
  cardinality,
  checkSpec,
  columnDependencies,
  countDist,
  estimateRows,
  keyColumns,
  meanCount,
  primaryKey,
  splitRef,
  tableDependencies,
  tableOrder,
  topoOrder,
} from './check.js';
export {
  copulaNode,
  exprRefs,
  mergeOverride,
  resolveName,
  scenarioNode,
  tableGraph,
  valueType,
} from './check-rows.js';
export { parseDateText } from './dates.js';
export { specJsonSchema } from './json-schema.js';
export { defineSpec, type LoadedSpec, loadSpec, parseSpec } from './parse.js';
export {
  type ColumnKind,
  type ColumnSpec,
  type CorrelationSpec,
  type CountLaw,
  columnKinds,
  type EdgeCaseSpec,
  type PerParentRows,
  type ScenarioSpec,
  type Spec,
  type SpecInput,
  type TableSpec,
} from './schema.js';
export { SourceMap } from './source-map.js';
export { choicesHint, closest } from './suggest.js';
export { parseTemplate, type TemplatePart, templateFilters } from './template-syntax.js';
