/** Public API of implicit-bias-harness. */
export * from './errors.js';
export * from './linalg/matrix.js';
export * from './linalg/norms.js';
export type { ScaledMatrix, ScaledGradient } from './linalg/scaled.js';
export * from './numerics/logspace.js';
export * from './losses/index.js';
export { Objective, minMargin, type Evaluation } from './losses/objective.js';
export * from './data/dataset.js';
export * from './data/samplers.js';
export * from './data/io.js';
export { makeRng, type Rng } from './data/rng.js';
export * from './margins/index.js';
export { Problem } from './problem.js';
export * from './arbitraries/index.js';
export * from './claims/index.js';
export { verify, type VerifySummary, type VerifyEntry } from './claims/verify.js';
export { steepestDescentDirection } from './optimizers/direction.js';
