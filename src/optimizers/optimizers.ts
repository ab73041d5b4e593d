/**
 * The reference optimizers, each a chain of transforms (src/optimizers/transforms): the
 * direction or moments, then the step −η_t. All compute with exact signed logs ('log-domain').
 */
import { ArgumentError } from '../errors.js';
import type { Schedule } from './schedule.js';
import type { Optimizer, SignedLog } from './types.js';
import { chain, optimizerOf } from './transforms/chain.js';
import { steepestDescent } from './transforms/direction.js';
import { emaFirstMoment, scaleByAdam, type AdamScalingOptions, type AdamState } from './transforms/moments.js';
import { scaleBySchedule, signOf, trace, zeroGuard } from './transforms/scale.js';
import type { Transform } from './transforms/types.js';

export type { AdamState } from './transforms/moments.js';

/** The identity transform (GD: the update is the gradient itself); in place it passes u on. */
const identityUpdate: Transform<null>['update'] = (u, state) => ({ updates: u, state });
const identity: Transform<null> = { init: () => null, update: identityUpdate, inPlace: { of: identityUpdate, start: () => ({ step: (u) => u, state: () => null }) } };

/** Gradient descent W_{t+1} = W_t − η_t ∇L(W_t) (R-Thm 3.4 with a constant schedule). */
export function gd(schedule: Schedule): Optimizer<readonly [null, null]> {
  return optimizerOf(`GD (${schedule.description})`, chain(identity, scaleBySchedule(schedule)));
}

/**
 * Normalized steepest descent in the entrywise p-norm (D-NSD): W_{t+1} = W_t − η_t Δ_t,
 * Δ_t = argmax_{‖Δ‖_p ≤ 1} ⟨∇L, Δ⟩. p = ∞ is SignGD, p = 2 normalized GD, p = 1 greedy
 * coordinate descent.
 */
export function nsd(p: number, schedule: Schedule): Optimizer<readonly [null, null]> {
  if (!(p >= 1)) throw new ArgumentError(`NSD norm p must be in [1, ∞], got ${p}`);
  const label = p === Infinity ? 'SignGD' : p === 2 ? 'NGD' : p === 1 ? 'coordinate descent (NSD p = 1)' : `NSD (p = ${p})`;
  return optimizerOf(`${label} (${schedule.description})`, chain(steepestDescent(p), scaleBySchedule(schedule)));
}

export const signGD = (s: Schedule): Optimizer<readonly [null, null]> => nsd(Infinity, s);
export const normalizedGD = (s: Schedule): Optimizer<readonly [null, null]> => nsd(2, s);
export const coordinateDescent = (s: Schedule): Optimizer<readonly [null, null]> => nsd(1, s);

export type AdamOptions = Pick<AdamScalingOptions, 'beta1' | 'beta2' | 'eps' | 'biasCorrection'>;

/** The state of chain(scaleByAdam, scaleBySchedule, zeroGuard). */
export type AdamChainState = readonly [AdamState, null, null];

/**
 * Adam as the paper defines it (D-Adam, (3a)–(3c)): m_{−1} = v_{−1} = 0,
 * m_t = β₁m_{t−1} + (1−β₁)g_t, v_t = β₂v_{t−1} + (1−β₂)g_t², W_{t+1} = W_t − η_t m_t/√v_t;
 * with eps > 0 the denominator is √v_t + ε, with biasCorrection m and v are divided by
 * 1 − β^{t+1}. Moments are kept entry by entry in the log domain (exact at any loss level);
 * an entry with v = 0 and m = 0 gets no update (the 0·∞ guard of pitfall P2). `moments` reads
 * m_t and v_t from the state.
 */
export function adam(schedule: Schedule, o: AdamOptions = {}): Optimizer<AdamChainState> {
  const scaling = scaleByAdam(o);
  const parts = [`β=(${o.beta1 ?? 0.9}, ${o.beta2 ?? 0.99})`, `ε=${o.eps ?? 0}`, ...(o.biasCorrection ? ['bias-corrected'] : [])];
  return optimizerOf(`Adam (${parts.join(', ')}; ${schedule.description})`, chain(scaling, scaleBySchedule(schedule), zeroGuard()));
}

export type SignumState = readonly [SignedLog, null, null];

/** Signum: W_{t+1} = W_t − η_t sign(m_t), m_t = βm_{t−1} + (1−β)g_t (signed log per entry). */
export function signum(schedule: Schedule, beta = 0.9): Optimizer<SignumState> {
  if (!(beta >= 0 && beta < 1)) throw new ArgumentError(`Signum β must be in [0, 1), got ${beta}`);
  return optimizerOf(`Signum (β=${beta}; ${schedule.description})`, chain(emaFirstMoment(beta), signOf(), scaleBySchedule(schedule)));
}

/** GD with heavy-ball momentum (P2 open question 3): v_t = μv_{t−1} + ∇L, W_{t+1} = W_t − ηv_t. */
export function momentumGD(schedule: Schedule, mu = 0.9): Optimizer<readonly [{ readonly v: Float64Array }, null]> {
  if (!(mu >= 0 && mu < 1)) throw new ArgumentError(`momentum μ must be in [0, 1), got ${mu}`);
  return optimizerOf(`GD + momentum (μ=${mu}; ${schedule.description})`, chain(trace(mu), scaleBySchedule(schedule)));
}
