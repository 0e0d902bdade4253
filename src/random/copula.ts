import { normal } from './distributions.js';
import type { Rng } from './rng.js';
import { normalCdf } from './special.js';

/** Why a matrix cannot be a correlation matrix, and where. */
export interface CopulaMatrixError {
  error: string;
  hint: string;
  row?: number;
  col?: number;
}

// the smallest and largest uniforms handed out: quantile functions get u strictly inside (0, 1)
const U_MIN = 2 ** -1074;
const U_MAX = 1 - 2 ** -53;

/**
 * A Gaussian copula: correlated uniforms made by pushing correlated normals through Φ. Feeding
 * each uniform to a column's `quantile` gives the column its own distribution while the columns
 * keep the normal-score correlations of the matrix.
 *
 * @example
 * const c = GaussianCopula.fromMatrix([[1, 0.6], [0.6, 1]]);
 * if (!('error' in c)) { const u = new Float64Array(2); c.sample(rng, u); }
 */
export class GaussianCopula {
  readonly dim: number;
  /** the lower Cholesky factor, row-major */
  private readonly lower: Float64Array;
  private readonly z: Float64Array;

  private constructor(dim: number, lower: Float64Array) {
    this.dim = dim;
    this.lower = lower;
    this.z = new Float64Array(dim);
  }

  /** Checks the matrix and factors it; a problem comes back as data, with where and how to fix it. */
  static fromMatrix(matrix: readonly (readonly number[])[]): GaussianCopula | CopulaMatrixError {
    const n = matrix.length;
    if (n === 0) return { error: 'the correlation matrix is empty', hint: 'give one row per column' };
    for (let i = 0; i < n; i++) {
      const row = matrix[i]!;
      if (row.length !== n) {
        return {
          error: `row ${i} has ${row.length} entries, but the matrix has ${n} rows`,
          hint: 'a correlation matrix is square: one row and one column per correlated column',
          row: i,
        };
      }
      for (let j = 0; j < n; j++) {
        const r = row[j]!;
        if (!Number.isFinite(r) || r < -1 || r > 1) {
          return { error: `entry (${i}, ${j}) is ${r}`, hint: 'correlations lie in [−1, 1]', row: i, col: j };
        }
        if (i === j && Math.abs(r - 1) > 1e-9) {
          return {
            error: `diagonal entry (${i}, ${i}) is ${r}`,
            hint: 'a column correlates 1 with itself',
            row: i,
            col: i,
          };
        }
        if (j < i && Math.abs(r - matrix[j]![i]!) > 1e-9) {
          return {
            error: `entry (${i}, ${j}) is ${r} but (${j}, ${i}) is ${matrix[j]![i]}`,
            hint: 'a correlation matrix is symmetric: give each pair the same value both ways',
            row: i,
            col: j,
          };
        }
      }
    }
    const lower = new Float64Array(n * n);
    for (let i = 0; i < n; i++) {
      for (let j = 0; j <= i; j++) {
        let s = (matrix[i]![j]! + matrix[j]![i]!) / 2;
        for (let k = 0; k < j; k++) s -= lower[i * n + k]! * lower[j * n + k]!;
        if (i === j) {
          // a pivot near zero means some column is (nearly) a linear mix of the others
          if (!(s > 1e-10)) {
            return {
              error: `the correlation matrix is not positive definite (it fails at row ${i})`,
              hint: 'a correlation matrix must be positive definite: the pairwise correlations are inconsistent (e.g. a~b 0.9 and a~c 0.9 force b~c above 0.62), or two columns are perfectly correlated',
              row: i,
            };
          }
          lower[i * n + i] = Math.sqrt(s);
        } else {
          lower[i * n + j] = s / lower[j * n + j]!;
        }
      }
    }
    return new GaussianCopula(n, lower);
  }

  /** Fills `out[0..dim)` with uniforms in (0, 1) whose normal scores have the matrix's correlations. */
  sample(rng: Rng, out: Float64Array): void {
    const n = this.dim;
    const z = this.z;
    for (let i = 0; i < n; i++) z[i] = normal(rng);
    for (let i = 0; i < n; i++) {
      let y = 0;
      for (let k = 0; k <= i; k++) y += this.lower[i * n + k]! * z[k]!;
      out[i] = Math.min(U_MAX, Math.max(U_MIN, normalCdf(y)));
    }
  }
}

/**
 * Spearman's rank correlation of a bivariate normal with Pearson correlation r.
 *
 * @example
 * spearmanFromGaussian(0.5); // 0.4826
 */
export function spearmanFromGaussian(r: number): number {
  return (6 / Math.PI) * Math.asin(r / 2);
}

/**
 * The normal-score correlation that gives Spearman's rho: the inverse of `spearmanFromGaussian`.
 *
 * @example
 * gaussianFromSpearman(0.4826); // 0.5
 */
export function gaussianFromSpearman(rho: number): number {
  return 2 * Math.sin((Math.PI * rho) / 6);
}

/**
 * Kendall's tau of a bivariate normal with Pearson correlation r (it holds for any Gaussian copula).
 *
 * @example
 * kendallFromGaussian(0.5); // 1/3
 */
export function kendallFromGaussian(r: number): number {
  return (2 / Math.PI) * Math.asin(r);
}
