export type { Assumption, CheckOutcome, Claim, ClaimKind, ClaimNeed, ClaimResult, PaperId } from './types.js';
export { momentsOf, type OptimizerFactory } from './optimizer.js';
export { atHorizon, notChecked, horizonText } from './horizon.js';
export { runClaim, runClaimWithInput, probeAssumption, formatFailure, DEFAULT_SEED, type RunOptions, type ProbeResult } from './runner.js';
export { sections, allClaims, claimById, type ClaimSection } from './registry.js';
export { leq, logLeq, equal, REL_TOL } from './outcome.js';
