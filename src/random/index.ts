export { AliasTable } from './alias-table.js';
export {
  GaussianCopula,
  gaussianFromSpearman,
  kendallFromGaussian,
  spearmanFromGaussian,
} from './copula.js';
export {
  beta,
  exponential,
  gamma,
  geometric,
  logGamma,
  lognormal,
  negativeBinomial,
  normal,
  poisson,
} from './distributions.js';
export { fingerprint, hash128, mix32 } from './hash.js';
export { Permutation } from './permutation.js';
export { Rng } from './rng.js';
export {
  betaCdf,
  betaQuantile,
  exponentialCdf,
  lognormalCdf,
  normalCdf,
  normalQuantile,
  poissonCdf,
  poissonSf,
  regularizedGamma,
} from './special.js';
