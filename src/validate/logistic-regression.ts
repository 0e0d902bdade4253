import { solveSpd } from './linear-solve.js';
import type { Label } from './metrics.js';

/** Feature rows: one array per row, all of the same length. */
export type FeatureRows = readonly (Float64Array | readonly number[])[];

export interface LogisticRegressionOptions {
  /** Ridge penalty on the standardised slopes, per row (the intercept is not penalised). */
  l2?: number;
  maxIter?: number;
  /** Stop when no parameter moves more than this in a Newton step. */
  tol?: number;
}

/** log(1 + e^η) without overflow. */
function softplus(eta: number): number {
  return eta > 0 ? eta + Math.log1p(Math.exp(-eta)) : Math.log1p(Math.exp(eta));
}

function sigmoid(eta: number): number {
  if (eta >= 0) return 1 / (1 + Math.exp(-eta));
  const e = Math.exp(eta);
  return e / (1 + e);
}

/**
 * L2-penalised logistic regression fitted by Newton–Raphson (IRLS) with a backtracking line search.
 * Features are standardised inside, so one penalty suits every scale and separable data ends at
 * large but finite slopes instead of diverging; constant columns get coefficient 0. Deterministic.
 *
 * @example
 * const m = new LogisticRegression().fit([[0], [1], [2], [3]], [0, 0, 1, 1]);
 * m.predictProba([[2.5]]); // ≈ [0.98]
 */
export class LogisticRegression {
  private readonly l2: number;
  private readonly maxIter: number;
  private readonly tol: number;
  private coef = new Float64Array(0);
  private bias = 0;
  /** Newton iterations the last fit took. */
  iterations = 0;

  constructor(opts: LogisticRegressionOptions = {}) {
    this.l2 = opts.l2 ?? 1e-4;
    this.maxIter = opts.maxIter ?? 100;
    this.tol = opts.tol ?? 1e-8;
  }

  /** Slopes on the original feature scale, one per column. */
  get coefficients(): Float64Array {
    return this.coef;
  }

  get intercept(): number {
    return this.bias;
  }

  fit(x: FeatureRows, y: ArrayLike<Label>): this {
    const n = x.length;
    if (n === 0 || y.length !== n) throw new RangeError(`${n} rows but ${y.length} labels`);
    const d = x[0]!.length;
    const mean = new Float64Array(d);
    const sd = new Float64Array(d);
    for (const row of x) for (let j = 0; j < d; j++) mean[j]! += row[j]! / n;
    for (const row of x) for (let j = 0; j < d; j++) sd[j]! += (row[j]! - mean[j]!) ** 2 / n;
    const active: number[] = [];
    for (let j = 0; j < d; j++) {
      sd[j] = Math.sqrt(sd[j]!);
      if (sd[j]! > 1e-12 * Math.max(1, Math.abs(mean[j]!))) active.push(j);
    }
    // design matrix: a leading 1 for the intercept, then the standardised active columns
    const m = active.length + 1;
    const z = new Float64Array(n * m);
    const t = new Float64Array(n);
    for (let i = 0; i < n; i++) {
      z[i * m] = 1;
      active.forEach((j, k) => {
        z[i * m + k + 1] = (x[i]![j]! - mean[j]!) / sd[j]!;
      });
      t[i] = y[i] ? 1 : 0;
    }
    const theta = this.newton(z, t, m);
    this.coef = new Float64Array(d);
    let bias = theta[0]!;
    active.forEach((j, k) => {
      this.coef[j] = theta[k + 1]! / sd[j]!;
      bias -= (theta[k + 1]! * mean[j]!) / sd[j]!;
    });
    this.bias = bias;
    return this;
  }

  /** The mean penalised log-loss at theta. */
  private loss(z: Float64Array, t: Float64Array, m: number, theta: Float64Array): number {
    const n = t.length;
    let s = 0;
    for (let i = 0; i < n; i++) {
      let eta = 0;
      for (let k = 0; k < m; k++) eta += z[i * m + k]! * theta[k]!;
      s += softplus(eta) - t[i]! * eta;
    }
    let pen = 0;
    for (let k = 1; k < m; k++) pen += theta[k]! * theta[k]!;
    return s / n + 0.5 * this.l2 * pen;
  }

  private newton(z: Float64Array, t: Float64Array, m: number): Float64Array {
    const n = t.length;
    let theta = new Float64Array(m);
    let current = this.loss(z, t, m, theta);
    this.iterations = 0;
    for (let iter = 0; iter < this.maxIter; iter++) {
      this.iterations = iter + 1;
      const g = new Float64Array(m);
      const h = new Float64Array(m * m);
      for (let i = 0; i < n; i++) {
        const row = i * m;
        let eta = 0;
        for (let k = 0; k < m; k++) eta += z[row + k]! * theta[k]!;
        const p = sigmoid(eta);
        const w = p * (1 - p);
        const r = p - t[i]!;
        for (let k = 0; k < m; k++) {
          const zk = z[row + k]!;
          g[k]! += r * zk;
          const wz = w * zk;
          for (let l = 0; l <= k; l++) h[k * m + l]! += wz * z[row + l]!;
        }
      }
      for (let k = 0; k < m; k++) {
        g[k] = g[k]! / n + (k > 0 ? this.l2 * theta[k]! : 0);
        for (let l = 0; l <= k; l++) h[l * m + k] = h[k * m + l] = h[k * m + l]! / n;
        // the penalty for slopes; for the intercept a tiny damping, since on separable data its
        // curvature vanishes (this changes the path, not the optimum)
        h[k * m + k]! += k > 0 ? this.l2 : 1e-12;
      }
      const step = solveSpd(h, g);
      if (!step) break;
      let slope = 0;
      for (let k = 0; k < m; k++) slope += g[k]! * step[k]!;
      // backtrack until the Armijo condition holds
      let scale = 1;
      let next = theta;
      let value = current;
      for (let half = 0; half < 40; half++) {
        next = theta.map((v, k) => v - scale * step[k]!);
        value = this.loss(z, t, m, next);
        if (value <= current - 1e-4 * scale * slope) break;
        scale /= 2;
      }
      if (!(value <= current)) break;
      let moved = 0;
      for (let k = 0; k < m; k++) moved = Math.max(moved, Math.abs(next[k]! - theta[k]!));
      theta = next;
      current = value;
      if (moved < this.tol) break;
    }
    return theta;
  }

  /** P(y = 1) for each row. */
  predictProba(x: FeatureRows): Float64Array {
    const out = new Float64Array(x.length);
    x.forEach((row, i) => {
      let eta = this.bias;
      for (let j = 0; j < this.coef.length; j++) eta += this.coef[j]! * row[j]!;
      out[i] = sigmoid(eta);
    });
    return out;
  }
}
