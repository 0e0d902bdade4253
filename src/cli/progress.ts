/** A one-line progress bar on a TTY (rows, rows/s, ETA); silent everywhere else. */
export class ProgressBar {
  private readonly started = performance.now();
  private lastDraw = 0;
  private drawn = false;

  constructor(
    private readonly label: string,
    private readonly stream: NodeJS.WriteStream = process.stderr,
    private readonly enabled = stream.isTTY === true,
  ) {}

  update(done: number, total: number): void {
    if (!this.enabled) return;
    const now = performance.now();
    if (now - this.lastDraw < 100 && done < total) return;
    this.lastDraw = now;
    const secs = (now - this.started) / 1000;
    const rate = secs > 0 ? done / secs : 0;
    const frac = total > 0 ? Math.min(1, done / total) : 1;
    const width = 24;
    const full = Math.round(frac * width);
    const eta = rate > 0 ? (total - done) / rate : 0;
    const line = `${this.label} [${'█'.repeat(full)}${'░'.repeat(width - full)}] ${(frac * 100).toFixed(0).padStart(3)}% ${fmt(done)}/${fmt(total)} rows  ${fmt(rate)} rows/s  ETA ${eta.toFixed(0)}s`;
    this.stream.write(`\r${line.slice(0, (this.stream.columns ?? 120) - 1)}\x1b[K`);
    this.drawn = true;
  }

  finish(): void {
    if (this.drawn) this.stream.write('\r\x1b[K');
  }
}

function fmt(n: number): string {
  if (n >= 1e6) return `${(n / 1e6).toFixed(1)}M`;
  if (n >= 1e4) return `${(n / 1e3).toFixed(0)}k`;
  return String(Math.round(n));
}
