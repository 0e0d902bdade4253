import { join } from 'node:path';
import { Worker } from 'node:worker_threads';
import { TrainkitError } from '../errors/index.js';
import type { Chunk } from '../io/index.js';
import type { Spec } from '../spec/index.js';
import { packageRoot } from '../version.js';
import { type ChunkRange, EngineState, hasRetained, hasUniques, treeChunk } from './engine.js';
import type { Plan, PlanOptions } from './plan.js';
import type { TaskResult, WorkerInput } from './worker.js';

/** Tasks in flight per worker: enough to keep each busy while the main thread writes. */
const WINDOW_PER_WORKER = 3;
/** Bytes of shared memory per task a worker encodes into; a bigger task's bytes come by message. */
const SLOT_BYTES = 4 << 20;

/**
 * Makes the chunks of a plan with `threads` threads, in the same order and with the same bytes as
 * one thread: the main thread and `threads − 1` worker threads. Families of tables are cut into
 * chunks; the main thread makes every chunk until the workers have started, then every
 * `threads`-th chunk, in order, and the workers make the rest, each chunk alone (a worker costs a
 * second copy of the engine, its compiled code and its heap, so the main thread, which also
 * orders and writes every chunk, makes its share rather than wait). Unique columns are the one thing a chunk shares with those before it: a worker
 * checks uniqueness within its chunk, the main thread checks the chunk against everything before
 * it, and in the rare case of a clash it remakes that chunk itself, exactly as one thread would
 * have. Families that others read rows of (through template lookups) are made by the main thread.
 *
 * @example
 * for await (const chunk of generateParallel(plan, spec, {}, 2)) sink.write(chunk);
 */
export async function* generateParallel(
  plan: Plan,
  spec: Spec,
  options: PlanOptions,
  threads: number,
  range?: ChunkRange,
  encode?: 'csv' | 'jsonl',
): AsyncGenerator<Chunk & { encoded?: Uint8Array }> {
  const state = new EngineState(plan);
  const workers = Math.max(1, threads - 1);
  const script = join(packageRoot(), 'dist', 'src', 'generate', 'worker.js');
  // encoded rows travel through shared memory: no copies, and no garbage for the main thread
  const memories = Array.from({ length: workers }, () =>
    encode ? new SharedArrayBuffer(WINDOW_PER_WORKER * SLOT_BYTES) : undefined,
  );
  const pool = memories.map((memory) => {
    const input: WorkerInput = {
      spec,
      options,
      ...(encode && memory ? { encode, memory, slotBytes: SLOT_BYTES } : {}),
    };
    // a larger young generation: generation makes many short-lived strings
    return new Worker(script, { workerData: input, resourceLimits: { maxYoungGenerationSizeMb: 48 } });
  });
  const waiting = new Map<number, (r: TaskResult | { error: unknown }) => void>();
  const done = new Map<number, TaskResult | { error: unknown }>();
  // until every worker has loaded the engine and planned the spec, the main thread makes the
  // chunks itself rather than wait (a worker takes a few tenths of a second to start)
  let starting = pool.length;
  for (const w of pool) {
    w.on('message', (r: TaskResult | { ready: true }) => {
      if ('ready' in r) {
        starting--;
        return;
      }
      const resolve = waiting.get(r.task);
      if (resolve) {
        waiting.delete(r.task);
        resolve(r);
      } else done.set(r.task, r);
    });
  }
  let closing = false;
  const failed = new Promise<never>((_, reject) => {
    for (const w of pool) {
      w.on('error', reject);
      // a worker that dies without an error event (killed, out of memory) must not hang the run
      w.on('exit', (code) => {
        if (!closing) reject(new Error(`a generation worker stopped early (exit code ${code})`));
      });
    }
  });
  failed.catch(() => {});
  const result = (task: number) =>
    Promise.race([
      failed,
      new Promise<TaskResult | { error: unknown }>((resolve) => {
        const r = done.get(task);
        if (r) {
          done.delete(task);
          resolve(r);
        } else waiting.set(task, resolve);
      }),
    ]);

  try {
    let taskId = 0;
    for (const [ti, tree] of plan.trees.entries()) {
      const chunks = tree[0]!.chunkRows.length;
      const [lo, hi] = range ? range(ti, chunks) : [0, chunks];
      if (hasRetained(tree)) {
        // other families look up random rows of this one: the main thread keeps all of it
        for (let k = 0; k < chunks; k++) {
          for (const c of treeChunk(plan, state, tree, k)) if (k >= lo && k < hi) yield c;
        }
        continue;
      }
      if (lo > 0 && hasUniques(tree)) {
        for (let k = 0; k < lo; k++) for (const _ of treeChunk(plan, state, tree, k));
      }
      // Who makes which chunk is decided just ahead of the writing: while the workers start, the
      // main thread makes every chunk; then it makes one chunk in `threads` and the others become
      // worker tasks, numbered in order. Task j goes to worker j mod n, into that worker's slot
      // (j div n) mod window, and is sent only once task j − window·n has been written, so a
      // slot is never reused while its bytes are still unwritten.
      const first = taskId;
      const tasks: number[] = [];
      const taskOf = new Map<number, number>();
      let decided = lo;
      let dealt = 0;
      const decide = (limit: number) => {
        for (; decided < Math.min(limit, hi); decided++) {
          if (starting > 0) continue;
          // the main thread's share: one chunk in `threads`
          if (dealt++ % threads === 0) continue;
          taskOf.set(decided, tasks.length);
          tasks.push(decided);
        }
      };
      let sent = 0;
      let written = 0;
      const slotOf = (j: number) => Math.floor(j / workers) % WINDOW_PER_WORKER;
      const sendMore = () => {
        while (sent < tasks.length && sent < written + WINDOW_PER_WORKER * workers) {
          const j = sent++;
          pool[j % workers]!.postMessage({ task: first + j, tree: ti, chunk: tasks[j]!, slot: slotOf(j) });
        }
      };
      for (let k = lo; k < hi; k++) {
        // a turn of the event loop, so a worker's "ready" is heard while the main thread works
        if (starting > 0) await new Promise<void>((resolve) => setImmediate(resolve));
        decide(starting > 0 ? k + 1 : k + 2 * WINDOW_PER_WORKER * threads);
        sendMore();
        const j = taskOf.get(k);
        if (j === undefined) {
          for (const c of treeChunk(plan, state, tree, k)) yield c;
          continue;
        }
        const r = await result(first + j);
        if ('error' in r) throw workerError(r.error);
        if (clashes(plan, state, r)) {
          for (const c of treeChunk(plan, state, tree, k)) yield c;
        } else {
          const memory = memories[j % workers];
          const bytes =
            r.bytes ??
            (memory ? new Uint8Array(memory, slotOf(j) * SLOT_BYTES, SLOT_BYTES) : new Uint8Array(0));
          for (const c of r.chunks) {
            if (!c.range) yield c as Chunk;
            else yield { ...(c as Chunk), encoded: bytes.subarray(c.range[0], c.range[1]) };
          }
        }
        written++;
      }
      taskId += tasks.length;
    }
  } finally {
    closing = true;
    await Promise.all(pool.map((w) => w.terminate()));
  }
}

/** Checks a worker's unique values against everything before; keeps them when nothing clashes. */
function clashes(plan: Plan, state: EngineState, r: TaskResult): boolean {
  const sets = r.fingerprints.map((f) => {
    const t = plan.tables.find((x) => x.name === f.table)!;
    return { set: state.uniques.get(t)![f.column]!, fps: f.fps };
  });
  if (sets.some(({ set, fps }) => set.intersects(fps))) return true;
  for (const { set, fps } of sets) set.addFingerprints(fps);
  return false;
}

function workerError(e: unknown): Error {
  const err = e as { issues?: TrainkitError['issues']; message?: string };
  if (err.issues) return new TrainkitError(err.issues);
  return new Error(`a generation worker failed: ${err.message}`);
}
