import v8 from 'node:v8';
import vm from 'node:vm';

let collect: (() => void) | undefined;

function collector(): () => void {
  if (!collect) {
    // the flag only affects contexts made after it, so the process's own globals stay as they were
    v8.setFlagsFromString('--expose-gc');
    collect = vm.runInNewContext('gc') as () => void;
  }
  return collect;
}

/**
 * Keeps a long streaming run's heap flat. V8 lets dead objects pile up in the old generation
 * until a limit that grows with the run's length, so peak memory would creep up with row count
 * although nothing is retained. Every `every` ticks it checks the old generation; once it holds
 * `headroomMb` more than after the last collection, a full collection runs (tens of ms, every
 * few seconds).
 *
 * @example
 * const trim = new HeapTrim();
 * for (const chunk of chunks) { write(chunk); trim.tick(); }
 */
export class HeapTrim {
  private baseline = oldSpaceUsed();
  private ticks = 0;

  constructor(
    private readonly headroomMb = 8,
    private readonly every = 32,
  ) {}

  tick(): void {
    if (++this.ticks % this.every !== 0) return;
    if (oldSpaceUsed() - this.baseline < this.headroomMb * 1048576) return;
    collector()();
    this.baseline = oldSpaceUsed();
  }
}

/** Bytes in use in the old generation: where dead objects pile up (the young one empties itself). */
function oldSpaceUsed(): number {
  for (const space of v8.getHeapSpaceStatistics()) {
    if (space.space_name === 'old_space') return space.space_used_size;
  }
  return process.memoryUsage().heapUsed;
}
