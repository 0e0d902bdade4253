/**
 * A generation worker: makes the chunks the main thread asks for and sends them back with the
 * fingerprints of their unique values, so the main thread can check them against what came before.
 */
import { parentPort, workerData } from 'node:worker_threads';
import { isTrainkitError } from '../errors/index.js';
import { ByteBuffer, chunkEncoder } from '../io/index.js';
import type { Spec } from '../spec/index.js';
import { EngineState, hasRetained, treeChunk } from './engine.js';
import { type PlanOptions, planGeneration, planLayouts } from './plan.js';
import { UniqueSet } from './unique-set.js';

export interface WorkerInput {
  readonly spec: Spec;
  readonly options: PlanOptions;
  /** encode chunks here, as the sink would, and send bytes instead of values */
  readonly encode?: 'csv' | 'jsonl';
  /** where to encode: one slot of `slotBytes` per task in flight */
  readonly memory?: SharedArrayBuffer;
  readonly slotBytes?: number;
}

export interface TaskResult {
  readonly task: number;
  readonly chunks: {
    table: string;
    index: number;
    start: number;
    rows: number;
    columns: unknown[][];
    parentRows?: Float64Array;
    /** where the chunk's encoded rows sit in `bytes` */
    range?: [number, number];
  }[];
  /** the encoded rows, when they outgrew the task's shared slot (else they are in the slot) */
  readonly bytes?: Uint8Array;
  /** per table of the family, per unique column: the fingerprints of the chunk's values */
  readonly fingerprints: { table: string; column: number; fps: Float64Array }[];
}

const { spec, options, encode, memory, slotBytes } = workerData as WorkerInput;
const plan = planGeneration(spec, options);
const slots =
  encode && memory
    ? Array.from({ length: memory.byteLength / slotBytes! }, (_, i) => {
        const out = new ByteBuffer(Buffer.from(memory, i * slotBytes!, slotBytes!));
        return { out, encoder: chunkEncoder(encode, planLayouts(plan), out) };
      })
    : [];
const state = new EngineState(plan);
/** families made whole here already, because later families read their rows */
let retainedThrough = -1;

parentPort!.on('message', (msg: { task: number; tree: number; chunk: number; slot: number }) => {
  try {
    for (let ti = retainedThrough + 1; ti < msg.tree; ti++) {
      const tree = plan.trees[ti]!;
      if (!hasRetained(tree)) continue;
      for (let k = 0; k < tree[0]!.chunkRows.length; k++) for (const _ of treeChunk(plan, state, tree, k));
    }
    retainedThrough = Math.max(retainedThrough, msg.tree - 1);
    const tree = plan.trees[msg.tree]!;
    // fresh sets: the chunk is made as if nothing came before; the main thread checks that
    for (const t of tree) {
      state.uniques.set(
        t,
        state.uniques.get(t)!.map((u) => (u ? new UniqueSet() : undefined)),
      );
    }
    const chunks: TaskResult['chunks'] = [];
    const transfer: ArrayBuffer[] = [];
    const { out, encoder } = slots[msg.slot] ?? {};
    out?.reset();
    for (const c of treeChunk(plan, state, tree, msg.chunk)) {
      const head = { table: c.table, index: c.index, start: c.start, rows: c.rows };
      if (encoder && out) {
        const from = out.length;
        encoder(c);
        chunks.push({ ...head, columns: [], range: [from, out.length] });
        continue;
      }
      chunks.push({
        ...head,
        columns: c.columns.map((col) => col.slice(0, c.rows)),
        ...(c.parentRows ? { parentRows: Float64Array.from(c.parentRows) } : {}),
      });
    }
    const fingerprints: TaskResult['fingerprints'] = [];
    for (const t of tree) {
      for (const [ci, u] of state.uniques.get(t)!.entries()) {
        if (u) fingerprints.push({ table: t.name, column: ci, fps: u.fingerprints() });
      }
    }
    // bytes that outgrew the shared slot come by message (a copy)
    const spilled = out && !out.inPlace();
    const result: TaskResult = {
      task: msg.task,
      chunks,
      fingerprints,
      ...(spilled ? { bytes: out.view() } : {}),
    };
    for (const f of fingerprints) transfer.push(f.fps.buffer as ArrayBuffer);
    parentPort!.postMessage(result, transfer);
  } catch (e) {
    parentPort!.postMessage({
      task: msg.task,
      error: isTrainkitError(e) ? { issues: e.issues } : { message: (e as Error).stack ?? String(e) },
    });
  }
});

// the engine is loaded and the spec planned: the main thread may now send tasks
parentPort!.postMessage({ ready: true });
