import { logGamma } from './distributions.js';

const LN_SQRT_2PI = 0.5 * Math.log(2 * Math.PI);
const EPS = 1e-16;
const TINY = 1e-300;

/**
 * exp(−z²/2) without the rounding of z² itself: z is split into a 1/16-grid part and a remainder,
 * so a tail value keeps its relative accuracy (z² rounds with an error of z²·1e-16 otherwise).
 */
function expHalfSquare(z: number): number {
  const zr = Math.round(z * 16) / 16;
  return Math.exp(-0.5 * zr * zr) * Math.exp(-0.5 * (z - zr) * (z + zr));
}

/**
 * Series for the lower regularized gamma P(a, x), good when x < a + 1. `logPrefix` is
 * a·ln x − x − ln Γ(a), passed in so callers with an exact Γ can keep full precision.
 */
function gammaSeries(a: number, x: number, logPrefix: number): number {
  let term = 1 / a;
  let sum = term;
  for (let n = 1; n < 1000; n++) {
    term *= x / (a + n);
    sum += term;
    if (Math.abs(term) < Math.abs(sum) * EPS) break;
  }
  return sum * Math.exp(logPrefix);
}

/** Continued fraction (modified Lentz) for the upper regularized gamma Q(a, x), good when x ≥ a + 1. */
function gammaFraction(a: number, x: number, logPrefix: number): number {
  let b = x + 1 - a;
  let c = 1 / TINY;
  let d = 1 / b;
  let h = d;
  for (let i = 1; i < 1000; i++) {
    const an = -i * (i - a);
    b += 2;
    d = an * d + b;
    if (Math.abs(d) < TINY) d = TINY;
    c = b + an / c;
    if (Math.abs(c) < TINY) c = TINY;
    d = 1 / d;
    const delta = d * c;
    h *= delta;
    if (Math.abs(delta - 1) < EPS) break;
  }
  return Math.exp(logPrefix) * h;
}

/**
 * The lower and upper regularized incomplete gamma functions, P(a, x) and Q(a, x) = 1 − P(a, x),
 * each computed directly (not as 1 − the other) so small tails keep their relative precision.
 *
 * @example
 * regularizedGamma(1, 2); // { lower: 1 − e^−2, upper: e^−2 }
 */
export function regularizedGamma(a: number, x: number): { lower: number; upper: number } {
  if (x <= 0) return { lower: 0, upper: 1 };
  if (x === Number.POSITIVE_INFINITY) return { lower: 1, upper: 0 };
  const logPrefix = a * Math.log(x) - x - logGamma(a);
  if (x < a + 1) {
    const lower = gammaSeries(a, x, logPrefix);
    return { lower, upper: 1 - lower };
  }
  const upper = gammaFraction(a, x, logPrefix);
  return { lower: 1 - upper, upper };
}

/**
 * The standard normal CDF Φ(x), with relative accuracy near 1e-15 in both tails (Φ(−37) ≈ 5.7e-300
 * is still exact to about 14 digits). Small |x| use the Taylor series of erf; larger |x| the
 * continued fraction of the upper incomplete gamma Q(1/2, x²/2) = erfc(|x|/√2).
 *
 * @example
 * normalCdf(1.959963984540054); // 0.975
 */
export function normalCdf(x: number): number {
  if (Number.isNaN(x)) return Number.NaN;
  const z = Math.abs(x);
  if (z > 40) return x < 0 ? 0 : 1;
  const t = 0.5 * z * z;
  let tail: number; // Φ(−|x|)
  if (t < 1.5) {
    // Φ(−z) = 1/2 − φ(z)·Σ z^(2n+1)/(1·3·…·(2n+1)); the cancellation costs at most a factor 12
    let term = z;
    let sum = z;
    const zz = z * z;
    for (let n = 1; n < 200 && term > sum * EPS; n++) {
      term *= zz / (2 * n + 1);
      sum += term;
    }
    tail = 0.5 - sum * Math.exp(-t - LN_SQRT_2PI);
  } else {
    // Q(1/2, t) with Γ(1/2) = √π exactly, and e^−t computed without rounding z²
    tail = 0.5 * gammaFraction(0.5, t, 0) * Math.sqrt(t / Math.PI) * expHalfSquare(z);
  }
  return x < 0 ? tail : 1 - tail;
}

/**
 * The standard normal quantile Φ⁻¹(p) by Wichura's algorithm AS 241 (PPND16), accurate to about
 * 1e-16 relative over the whole range; ±Infinity at 0 and 1.
 *
 * @example
 * normalQuantile(0.975); // 1.959963984540054
 */
export function normalQuantile(p: number): number {
  if (!(p >= 0 && p <= 1)) return Number.NaN;
  if (p === 0) return Number.NEGATIVE_INFINITY;
  if (p === 1) return Number.POSITIVE_INFINITY;
  const q = p - 0.5;
  if (Math.abs(q) <= 0.425) {
    const r = 0.180625 - q * q;
    return (q * poly(A, r)) / poly(B, r);
  }
  let r = Math.sqrt(-Math.log(q < 0 ? p : 1 - p));
  let x: number;
  if (r <= 5) {
    r -= 1.6;
    x = poly(C, r) / poly(D, r);
  } else {
    r -= 5;
    x = poly(E, r) / poly(F, r);
  }
  return q < 0 ? -x : x;
}

/** Horner's rule over coefficients in increasing powers. */
function poly(c: readonly number[], x: number): number {
  let s = 0;
  for (let i = c.length - 1; i >= 0; i--) s = s * x + c[i]!;
  return s;
}

// AS 241 coefficients (Wichura 1988, Applied Statistics 37, 477–484)
const A = [
  3.3871328727963665, 133.14166789178438, 1971.5909503065513, 13731.69376550946, 45921.95393154987,
  67265.7709270087, 33430.57558358813, 2509.0809287301227,
];
const B = [
  1, 42.31333070160091, 687.1870074920579, 5394.196021424751, 21213.794301586597, 39307.89580009271,
  28729.085735721943, 5226.495278852854,
];
const C = [
  1.4234371107496835, 4.630337846156546, 5.769497221460691, 3.6478483247632045, 1.2704582524523684,
  0.2417807251774506, 0.022723844989269184, 0.0007745450142783414,
];
const D = [
  1, 2.053191626637759, 1.6763848301838038, 0.6897673349851, 0.14810397642748008, 0.015198666563616457,
  0.0005475938084995345, 1.0507500716444169e-9,
];
const E = [
  6.657904643501103, 5.463784911164114, 1.7848265399172913, 0.29656057182850487, 0.026532189526576124,
  0.0012426609473880784, 2.7115555687434876e-5, 2.0103343992922881e-7,
];
const F = [
  1, 0.599832206555888, 0.1369298809227358, 0.014875361290850615, 0.0007868691311456133,
  1.8463183175100548e-5, 1.421511758316446e-7, 2.0442631033899397e-15,
];

/** ln B(a, b). */
function logBeta(a: number, b: number): number {
  return logGamma(a) + logGamma(b) - logGamma(a + b);
}

/** The continued fraction of the incomplete beta (modified Lentz), valid for x < (a + 1)/(a + b + 2). */
function betaFraction(x: number, a: number, b: number): number {
  let c = 1;
  let d = 1 - ((a + b) * x) / (a + 1);
  if (Math.abs(d) < TINY) d = TINY;
  d = 1 / d;
  let h = d;
  for (let m = 1; m < 10_000; m++) {
    const m2 = 2 * m;
    let aa = (m * (b - m) * x) / ((a + m2 - 1) * (a + m2));
    d = 1 + aa * d;
    if (Math.abs(d) < TINY) d = TINY;
    c = 1 + aa / c;
    if (Math.abs(c) < TINY) c = TINY;
    d = 1 / d;
    h *= d * c;
    aa = (-(a + m) * (a + b + m) * x) / ((a + m2) * (a + m2 + 1));
    d = 1 + aa * d;
    if (Math.abs(d) < TINY) d = TINY;
    c = 1 + aa / c;
    if (Math.abs(c) < TINY) c = TINY;
    d = 1 / d;
    const delta = d * c;
    h *= delta;
    if (Math.abs(delta - 1) < EPS) break;
  }
  return h;
}

/**
 * The regularized incomplete beta I_x(a, b): the CDF of Beta(a, b) at x.
 *
 * @example
 * betaCdf(0.5, 2, 2); // 0.5
 */
export function betaCdf(x: number, a: number, b: number): number {
  if (Number.isNaN(x)) return Number.NaN;
  if (x <= 0) return 0;
  if (x >= 1) return 1;
  const logFront = a * Math.log(x) + b * Math.log1p(-x) - logBeta(a, b);
  // the fraction converges fast only below the mean; above it use I_x(a, b) = 1 − I_{1−x}(b, a)
  if (x < (a + 1) / (a + b + 2)) return (Math.exp(logFront) * betaFraction(x, a, b)) / a;
  return 1 - (Math.exp(logFront) * betaFraction(1 - x, b, a)) / b;
}

/**
 * The quantile of Beta(a, b): Newton steps on betaCdf kept inside a shrinking bisection bracket, so
 * it cannot diverge; tails start from the leading term of I_x near 0 and 1.
 *
 * @example
 * betaQuantile(0.5, 2, 2); // 0.5
 */
export function betaQuantile(p: number, a: number, b: number): number {
  if (!(p >= 0 && p <= 1)) return Number.NaN;
  if (p === 0) return 0;
  if (p === 1) return 1;
  const lb = logBeta(a, b);
  // near 0, I_x ≈ x^a / (a·B); near 1, 1 − I_x ≈ (1 − x)^b / (b·B)
  const x0 = Math.exp((Math.log(p * a) + lb) / a);
  const x1 = 1 - Math.exp((Math.log((1 - p) * b) + lb) / b);
  const mean = a / (a + b);
  let x = x0 < mean ? x0 : Math.max(x1, mean);
  if (!(x > 0 && x < 1)) x = mean;
  let lo = 0;
  let hi = 1;
  for (let i = 0; i < 300; i++) {
    const f = betaCdf(x, a, b) - p;
    if (f === 0) return x;
    if (f < 0) lo = x;
    else hi = x;
    const density = Math.exp((a - 1) * Math.log(x) + (b - 1) * Math.log1p(-x) - lb);
    let next = x - f / density;
    // outside the bracket (or a useless step): bisect, geometrically when the bracket spans decades
    if (!(next > lo && next < hi))
      next = lo > 0 && hi / lo > 1e3 ? Math.sqrt(lo * hi) : lo === 0 ? hi / 1e3 : (lo + hi) / 2;
    if (Math.abs(next - x) <= 4e-16 * x || hi - lo <= 4e-16 * hi) return next;
    x = next;
  }
  return x;
}

/**
 * P(K ≤ k) for K ~ Poisson(mean), as the upper regularized gamma Q(k + 1, mean).
 *
 * @example
 * poissonCdf(0, 2); // e^−2
 */
export function poissonCdf(k: number, mean: number): number {
  if (k < 0) return 0;
  if (mean <= 0) return 1;
  return regularizedGamma(Math.floor(k) + 1, mean).upper;
}

/**
 * P(K > k) for K ~ Poisson(mean), computed directly so the upper tail keeps its precision.
 *
 * @example
 * poissonSf(0, 2); // 1 − e^−2
 */
export function poissonSf(k: number, mean: number): number {
  if (k < 0) return 1;
  if (mean <= 0) return 0;
  return regularizedGamma(Math.floor(k) + 1, mean).lower;
}

/**
 * The CDF of the exponential distribution with the given rate.
 *
 * @example
 * exponentialCdf(1, 2); // 1 − e^−2
 */
export function exponentialCdf(x: number, rate: number): number {
  return x <= 0 ? 0 : -Math.expm1(-rate * x);
}

/**
 * The CDF of the lognormal distribution exp(mu + sigma·Z).
 *
 * @example
 * lognormalCdf(Math.E, 1, 1); // 0.5
 */
export function lognormalCdf(x: number, mu: number, sigma: number): number {
  return x <= 0 ? 0 : normalCdf((Math.log(x) - mu) / sigma);
}
