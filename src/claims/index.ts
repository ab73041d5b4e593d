export type { Assumption, CheckOutcome, Claim, ClaimKind, ClaimNeed, ClaimResult, PaperId } from './types.js';
export { momentsOf, type OptimizerFactory } from './optimizer.js';
export { atHorizon, notChecked, horizonText } from './horizon.js';
export { runClaim, runClaimWithInput, probeAssumption, formatFailure, DEFAULT_SEED, type RunOptions, type ProbeResult } from './runner.js';
export { sections, allClaims, claimById, type ClaimSection } from './registry.js';
export { leq, logLeq, equal, REL_TOL } from './outcome.js';

// The claim builders that run an optimizer: each takes the optimizer under test as an
// OptimizerFactory (`optimizer`, or `signgd`/`adam`/`ngd`, `candidates`/`baseline`).
export { descentInequality, type DescentParams, type StepInput } from './fan2025/section5.js';
export {
  trajectoryDescent,
  trajectoryMarginBound,
  trajectoryNormGrowth,
  trajectoryAdamMoments,
  trajectoryAdamDescent,
  trajectoryAdamDirection,
  runInput,
  withZeroFeature,
  type RunInput,
  type OptimizerParams,
  type MarginBoundParams,
  type AdamParams,
} from './fan2025/trajectories.js';
export { corollary54, corollary64, theoremC4, adamEpsilonOverlap, biasSelection, rateProblems, ADAM_EPS, RATE_PROBLEMS, type RateParams, type RateInput, type C4Input, type FixedSetInput, type AdamEpsilonParams, type BiasParams } from './fan2025/rates.js';
export { theorem34, gdRunInput, type Thm34Params, type GdRunInput } from './ravi2024/theorem34.js';
