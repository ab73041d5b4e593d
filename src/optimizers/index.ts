export { exactMoments, inPlaceOf, type Optimizer, type OptimizerStep, type InPlaceOptimizer, type OptimizerStepper, type OptimizerFactory, type Precision, type SignedLog, type Moments, type ExactMoments, type PlainMoments } from './types.js';
export { constantSchedule, polynomialSchedule, prefixSums, type Schedule } from './schedule.js';
export { gd, nsd, signGD, normalizedGD, coordinateDescent, adam, signum, momentumGD, type AdamOptions, type AdamState, type AdamChainState, type SignumState } from './optimizers.js';
export { steepestDescentDirection } from './direction.js';
export * from './transforms/index.js';
