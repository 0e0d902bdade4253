/**
 * The HTML report's charts, drawn as inline SVG strings: no script, no font, no external resource.
 * Every chart carries `data-chart` and every drawn mark a class (`bar`, `cell`) so a test in a real
 * browser can count what was drawn.
 */

/**
 * Escapes text for HTML and SVG, in element content and in quoted attribute values alike.
 *
 * @example
 * escapeHtml('<script>"x" & \'y\'</script>'); // '&lt;script&gt;&quot;x&quot; &amp; &#39;y&#39;&lt;/script&gt;'
 */
export function escapeHtml(text: string): string {
  return text.replace(/[&<>"']/g, (c) => ESCAPES[c] ?? c);
}

const ESCAPES: Readonly<Record<string, string>> = {
  '&': '&amp;',
  '<': '&lt;',
  '>': '&gt;',
  '"': '&quot;',
  "'": '&#39;',
};

/**
 * A number as a reader wants it: integers with thousands separators, others to four significant
 * digits, tiny values in exponent form.
 *
 * @example
 * formatNumber(12345); // '12,345'
 * formatNumber(0.912345); // '0.9123'
 * formatNumber(0.00001234); // '1.23e-5'
 */
export function formatNumber(value: number): string {
  if (Number.isNaN(value)) return 'NaN';
  if (!Number.isFinite(value)) return value > 0 ? '∞' : '−∞';
  if (Number.isInteger(value)) return value.toLocaleString('en-US');
  const abs = Math.abs(value);
  if (abs >= 1000) return value.toLocaleString('en-US', { maximumFractionDigits: 1 });
  if (abs < 1e-3) return value.toExponential(2).replace(/\.?0+e/, 'e');
  return String(Number(value.toPrecision(4)));
}

/**
 * A proportion (0–1) as a percentage with at most one decimal.
 *
 * @example
 * formatPercent(0.8734); // '87.3%'
 */
export function formatPercent(value: number): string {
  if (!Number.isFinite(value)) return formatNumber(value);
  return `${String(Number((value * 100).toFixed(1)))}%`;
}

/** One series of a grouped bar chart: a value per label, drawn with its CSS class. */
export interface BarSeries {
  readonly name: string;
  /** CSS class of its bars besides `bar`, which sets their colour (`real`, `synthetic`, `holdout`). */
  readonly className: string;
  readonly values: readonly number[];
}

/** What a grouped bar chart draws. */
export interface GroupedBarsOptions {
  readonly chart: 'histogram' | 'dcr';
  /** Unique within the page: the chart's `<title>` id derives from it. */
  readonly id: string;
  readonly title: string;
  readonly labels: readonly string[];
  readonly series: readonly BarSeries[];
  /** Caption under the x axis, e.g. "distance to closest record". */
  readonly xTitle?: string;
  /** Width in pixels; 360 unless given. */
  readonly width?: number;
}

/**
 * A grouped bar chart of proportions: one group per label, one bar per series, a percentage axis
 * and a legend. Each bar has a `<title>` giving its exact value.
 *
 * @example
 * groupedBarsSvg({
 *   chart: 'histogram', id: 'h-age', title: 'age',
 *   labels: ['[0, 10)', '[10, 20)'],
 *   series: [{ name: 'real', className: 'real', values: [0.4, 0.6] }],
 * }); // '<svg … data-chart="histogram" …><rect class="bar real" …>…</svg>'
 */
export function groupedBarsSvg(options: GroupedBarsOptions): string {
  const { labels, series } = options;
  const width = options.width ?? 360;
  const n = Math.max(labels.length, 1);
  const rotate = labels.length > 6;
  const longest = Math.min(14, Math.max(0, ...labels.map((l) => l.length)));
  const bottom = (rotate ? 14 + longest * 4.6 : 26) + (options.xTitle === undefined ? 0 : 16);
  const margin = { top: 30, right: 10, bottom, left: 42 };
  const height = 170 + margin.bottom;
  const plotW = width - margin.left - margin.right;
  const plotH = height - margin.top - margin.bottom;
  const yMax = niceMax(Math.max(0, ...series.flatMap((s) => s.values.filter(Number.isFinite))));
  const y = (v: number): number => plotH - (Math.max(0, Math.min(v, yMax)) / yMax) * plotH;
  const groupW = plotW / n;
  const barW = (groupW * 0.8) / Math.max(series.length, 1);
  const parts: string[] = [];

  for (const tick of [0, yMax / 2, yMax]) {
    const ty = margin.top + y(tick);
    parts.push(
      `<line class="grid" x1="${margin.left}" x2="${width - margin.right}" y1="${f(ty)}" y2="${f(ty)}"/>`,
      `<text class="tick" x="${margin.left - 5}" y="${f(ty + 3.5)}" text-anchor="end">${formatPercent(tick)}</text>`,
    );
  }
  labels.forEach((label, i) => {
    const gx = margin.left + i * groupW + groupW * 0.1;
    series.forEach((s, k) => {
      const v = s.values[i] ?? 0;
      const top = y(Number.isFinite(v) ? v : 0);
      // a tiny non-zero proportion still gets a visible sliver
      const h = v > 0 ? Math.max(plotH - top, 0.75) : 0;
      parts.push(
        `<rect class="bar ${escapeHtml(s.className)}" x="${f(gx + k * barW)}" y="${f(margin.top + plotH - h)}" ` +
          `width="${f(Math.max(barW - 0.5, 0.5))}" height="${f(h)}">` +
          `<title>${escapeHtml(label)}: ${escapeHtml(s.name)} ${formatPercent(v)}</title></rect>`,
      );
    });
  });
  // long rotated labels need more room each
  const step = Math.ceil(labels.length / Math.max(4, Math.floor(plotW / (longest > 8 ? 26 : 20))));
  labels.forEach((label, i) => {
    if (i % step !== 0) return;
    const cx = margin.left + (i + 0.5) * groupW;
    const ty = margin.top + plotH + 12;
    const text = escapeHtml(truncate(label, rotate ? 14 : Math.max(3, Math.floor(groupW / 6.2))));
    parts.push(
      rotate
        ? `<text class="tick" x="${f(cx)}" y="${f(ty)}" text-anchor="end" transform="rotate(-40 ${f(cx)} ${f(ty)})">${text}</text>`
        : `<text class="tick" x="${f(cx)}" y="${f(ty)}" text-anchor="middle">${text}</text>`,
    );
  });
  parts.push(
    `<line class="axis" x1="${margin.left}" x2="${width - margin.right}" y1="${margin.top + plotH}" y2="${margin.top + plotH}"/>`,
  );
  if (options.xTitle !== undefined) {
    parts.push(
      `<text class="axis-title" x="${f(margin.left + plotW / 2)}" y="${height - 4}" text-anchor="middle">${escapeHtml(options.xTitle)}</text>`,
    );
  }
  let lx = margin.left;
  for (const s of series) {
    parts.push(
      `<rect class="swatch ${escapeHtml(s.className)}" x="${f(lx)}" y="8" width="10" height="10"/>`,
      `<text class="legend" x="${f(lx + 14)}" y="17">${escapeHtml(s.name)}</text>`,
    );
    lx += 24 + s.name.length * 6.5;
  }
  return svg(options.chart, options.id, options.title, width, height, parts);
}

/** What a correlation heat map draws. */
export interface HeatmapOptions {
  readonly id: string;
  readonly title: string;
  readonly columns: readonly string[];
  /** Square matrix of values in −1…1; a non-finite value is drawn grey as "n/a". */
  readonly matrix: readonly (readonly number[])[];
  /** Which matrix this is, written to `data-matrix` (`real`, `synthetic`). */
  readonly variant: string;
}

/**
 * A correlation matrix as a heat map on a diverging scale (blue −1, white 0, red +1), each cell
 * labelled with its value when there is room and always with a `<title>`.
 *
 * @example
 * heatmapSvg({ id: 'c-real', title: 'real', columns: ['a', 'b'], matrix: [[1, 0.3], [0.3, 1]], variant: 'real' });
 * // '<svg … data-chart="correlation" data-matrix="real" …><rect class="cell" …>…</svg>'
 */
export function heatmapSvg(options: HeatmapOptions): string {
  const { columns, matrix } = options;
  const n = columns.length;
  const cell = Math.max(12, Math.min(46, Math.floor(300 / Math.max(n, 1))));
  const labelW = Math.min(110, 10 + Math.min(16, Math.max(0, ...columns.map((c) => c.length))) * 6.2);
  const left = labelW;
  const top = 8;
  const bottom = labelW;
  const width = left + n * cell + 8;
  const height = top + n * cell + bottom;
  const parts: string[] = [];
  const showText = cell >= 28;
  for (let i = 0; i < n; i++) {
    for (let j = 0; j < n; j++) {
      const v = matrix[i]?.[j] ?? Number.NaN;
      const ok = Number.isFinite(v);
      const x = left + j * cell;
      const yy = top + i * cell;
      const name = `${columns[i] ?? ''} × ${columns[j] ?? ''}`;
      parts.push(
        `<rect class="cell" x="${x}" y="${yy}" width="${cell - 1}" height="${cell - 1}" fill="${ok ? divergingColour(v) : '#c8c8c8'}">` +
          `<title>${escapeHtml(name)}: ${ok ? v.toFixed(3) : 'n/a'}</title></rect>`,
      );
      if (showText) {
        const ink = ok && Math.abs(v) > 0.55 ? ' on-dark' : '';
        parts.push(
          `<text class="cell-value${ink}" x="${f(x + (cell - 1) / 2)}" y="${f(yy + cell / 2 + 3.5)}" text-anchor="middle">${ok ? v.toFixed(2) : 'n/a'}</text>`,
        );
      }
    }
  }
  columns.forEach((c, i) => {
    const text = escapeHtml(truncate(c, 16));
    const cy = top + i * cell + cell / 2 + 3.5;
    const cx = left + i * cell + cell / 2;
    const by = top + n * cell + 8;
    parts.push(
      `<text class="tick" x="${left - 5}" y="${f(cy)}" text-anchor="end">${text}</text>`,
      `<text class="tick" x="${f(cx)}" y="${f(by)}" text-anchor="end" transform="rotate(-50 ${f(cx)} ${f(by)})">${text}</text>`,
    );
  });
  return svg('correlation', options.id, options.title, width, height, parts, options.variant);
}

/** What a horizontal score bar chart draws. */
export interface ScoreBarsOptions {
  readonly id: string;
  readonly title: string;
  /** Label → score in 0…1. */
  readonly scores: Readonly<Record<string, number>>;
}

/**
 * One horizontal bar per label for scores in 0…1 (the fidelity report's column shapes), with the
 * score written beside each bar and its colour telling good (≥ 0.9), fair (≥ 0.75) or poor.
 *
 * @example
 * scoreBarsSvg({ id: 'shapes', title: 'Column shapes', scores: { age: 0.93, income: 0.81 } });
 * // '<svg … data-chart="column-shapes" …><rect class="bar good" …>…</svg>'
 */
export function scoreBarsSvg(options: ScoreBarsOptions): string {
  const entries = Object.entries(options.scores);
  const labelW = Math.min(170, 14 + Math.min(24, Math.max(4, ...entries.map(([k]) => k.length))) * 6.4);
  const barArea = 300;
  const row = 22;
  const top = 6;
  const width = labelW + barArea + 60;
  const height = top + entries.length * row + 24;
  const parts: string[] = [];
  for (const t of [0, 0.25, 0.5, 0.75, 1]) {
    const x = labelW + t * barArea;
    parts.push(
      `<line class="grid" x1="${f(x)}" x2="${f(x)}" y1="${top}" y2="${top + entries.length * row}"/>`,
      `<text class="tick" x="${f(x)}" y="${top + entries.length * row + 16}" text-anchor="middle">${t}</text>`,
    );
  }
  entries.forEach(([label, score], i) => {
    const yy = top + i * row;
    const ok = Number.isFinite(score);
    const w = ok ? Math.max(0, Math.min(1, score)) * barArea : 0;
    const grade = !ok ? 'none' : score >= 0.9 ? 'good' : score >= 0.75 ? 'fair' : 'poor';
    parts.push(
      `<text class="tick" x="${labelW - 6}" y="${yy + 15}" text-anchor="end">${escapeHtml(truncate(label, 24))}</text>`,
      `<rect class="bar ${grade}" x="${labelW}" y="${yy + 4}" width="${f(Math.max(w, ok && score > 0 ? 0.75 : 0))}" height="${row - 8}">` +
        `<title>${escapeHtml(label)}: ${ok ? score.toFixed(4) : 'n/a'}</title></rect>`,
      `<text class="value" x="${f(labelW + w + 5)}" y="${yy + 15}">${ok ? score.toFixed(3) : 'n/a'}</text>`,
    );
  });
  return svg('column-shapes', options.id, options.title, width, height, parts);
}

/**
 * The colour of a correlation on a diverging blue–white–red scale (ColorBrewer RdBu stops).
 *
 * @example
 * divergingColour(0); // '#f7f7f7'
 * divergingColour(1); // '#b2182b'
 */
export function divergingColour(value: number): string {
  const v = Math.max(-1, Math.min(1, value));
  const pos = ((v + 1) / 2) * (RDBU.length - 1);
  const i = Math.min(Math.floor(pos), RDBU.length - 2);
  const t = pos - i;
  const a = RDBU[i]!;
  const b = RDBU[i + 1]!;
  return `#${[0, 1, 2]
    .map((k) =>
      Math.round(a[k]! + (b[k]! - a[k]!) * t)
        .toString(16)
        .padStart(2, '0'),
    )
    .join('')}`;
}

// −1 … +1: dark blue, light blues, white, light reds, dark red
const RDBU: readonly (readonly number[])[] = [
  [0x21, 0x66, 0xac],
  [0x67, 0xa9, 0xcf],
  [0xd1, 0xe5, 0xf0],
  [0xf7, 0xf7, 0xf7],
  [0xfd, 0xdb, 0xc7],
  [0xef, 0x8a, 0x62],
  [0xb2, 0x18, 0x2b],
];

/**
 * The legend of the correlation scale: a gradient from −1 to +1.
 *
 * @example
 * correlationLegendSvg(); // '<svg … class="legend-scale">…</svg>'
 */
export function correlationLegendSvg(): string {
  const stops = RDBU.map(
    (_, i) =>
      `<stop offset="${f((i / (RDBU.length - 1)) * 100)}%" stop-color="${divergingColour(-1 + (2 * i) / (RDBU.length - 1))}"/>`,
  ).join('');
  return (
    `<svg xmlns="http://www.w3.org/2000/svg" class="legend-scale" viewBox="0 0 260 34" width="260" height="34" role="img" aria-label="Colour scale: −1 blue, 0 white, +1 red">` +
    `<defs><linearGradient id="rdbu-scale">${stops}</linearGradient></defs>` +
    `<rect x="20" y="2" width="220" height="12" fill="url(#rdbu-scale)" stroke="#8c959f" stroke-width="0.5"/>` +
    `<text class="tick" x="20" y="28" text-anchor="middle">−1</text><text class="tick" x="130" y="28" text-anchor="middle">0</text>` +
    `<text class="tick" x="240" y="28" text-anchor="middle">+1</text></svg>`
  );
}

function svg(
  chart: string,
  id: string,
  title: string,
  width: number,
  height: number,
  parts: readonly string[],
  variant?: string,
): string {
  const titleId = `${escapeHtml(id)}-title`;
  const matrix = variant === undefined ? '' : ` data-matrix="${escapeHtml(variant)}"`;
  return (
    `<svg xmlns="http://www.w3.org/2000/svg" class="chart" data-chart="${chart}"${matrix} viewBox="0 0 ${f(width)} ${f(height)}" ` +
    `width="${f(width)}" height="${f(height)}" role="img" aria-labelledby="${titleId}">` +
    `<title id="${titleId}">${escapeHtml(title)}</title>${parts.join('')}</svg>`
  );
}

/** The smallest of 1, 1.5, 2, 2.5, 3, 4, 5, 6, 8 × 10^k at or above `max` (1 when there is nothing to draw). */
function niceMax(max: number): number {
  if (!(max > 0)) return 1;
  const base = 10 ** Math.floor(Math.log10(max));
  for (const m of [1, 1.5, 2, 2.5, 3, 4, 5, 6, 8, 10]) if (m * base >= max - 1e-12) return m * base;
  return 10 * base;
}

function truncate(text: string, max: number): string {
  return text.length <= max ? text : `${text.slice(0, Math.max(1, max - 1))}…`;
}

function f(x: number): string {
  return String(Math.round(x * 100) / 100);
}
