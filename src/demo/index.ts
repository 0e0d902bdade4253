import { join } from 'node:path';
import { generateToDirectory } from '../generate/index.js';
import { loadSpec } from '../spec/index.js';
import { packageRoot } from '../version.js';

/** One finished part of the demo: what it made and where. */
export interface DemoStep {
  readonly title: string;
  readonly outputs: readonly { readonly path: string; readonly what: string }[];
}

/**
 * Runs trainkit's main job end to end on the embedded default (SQLite and files, no server):
 * each capability adds its step here.
 *
 * @example
 * for (const step of await runDemo('./trainkit-demo')) console.log(step.title);
 */
export async function runDemo(dir: string, onStep: (step: DemoStep) => void = () => {}): Promise<DemoStep[]> {
  const steps: DemoStep[] = [];
  const done = (s: DemoStep) => {
    steps.push(s);
    onStep(s);
  };

  const examples = join(packageRoot(), 'examples');
  const { spec } = loadSpec(join(examples, 'ecommerce.yaml'));
  const db = await generateToDirectory(spec, { out: join(dir, 'ecommerce'), format: 'sqlite' });
  const csv = await generateToDirectory(spec, { out: join(dir, 'ecommerce-csv'), format: 'csv' });
  const rows = db.manifest.tables.map((t) => `${t.name} ${t.rows}`).join(', ');
  done({
    title: `Generated the e-commerce example (examples/ecommerce.yaml): ${rows}`,
    outputs: [
      {
        path: join(db.outDir, db.manifest.files[0]!.path),
        what: 'SQLite database with primary and foreign keys',
      },
      {
        path: join(db.outDir, 'manifest.json'),
        what: 'manifest: version, spec hash, seed, SHA-256 of each file',
      },
      {
        path: `${csv.outDir}/`,
        what: `the same data as CSV, one file per table (${csv.manifest.files.length} files)`,
      },
    ],
  });
  const { Deidentifier, DEMO_KEY, deidentifyInputs, loadPolicy, readInputs } = await import(
    '../deid/index.js'
  );
  const notesOut = join(dir, 'notes-deidentified');
  const deid = new Deidentifier({ policy: loadPolicy('synthesize'), key: DEMO_KEY });
  const report = await deidentifyInputs(readInputs(join(examples, 'notes')), deid, {
    out: notesOut,
    options: { textFields: ['text'], idField: 'id', columns: {} },
  });
  const redacted = join(dir, 'notes-redacted');
  await deidentifyInputs(
    readInputs(join(examples, 'notes')),
    new Deidentifier({ policy: loadPolicy('redact'), key: DEMO_KEY }),
    {
      out: redacted,
      options: { textFields: ['text'], idField: 'id', columns: {} },
    },
  );
  const found = Object.entries(report.entities)
    .sort(([, a], [, b]) => b - a)
    .map(([t, n]) => `${n} ${t}`)
    .join(', ');
  done({
    title: `De-identified ${report.documents} fictional clinical notes (examples/notes): ${found}`,
    outputs: [
      {
        path: `${notesOut}/`,
        what: 'surrogates: realistic, consistent names, shifted dates in their own format',
      },
      { path: `${redacted}/`, what: 'the same notes redacted to type labels: [NAME], [DATE], …' },
    ],
  });
  return steps;
}
