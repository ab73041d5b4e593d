/**
 * ORACLE, not used by the harness: src/optimizers/optimizers.ts as it stood before the optimizers
 * became chains of transforms (commit ea33a7d), kept verbatim (imports re-pointed) so that
 * chains.test.ts can show the chains give bit-identical results.
 */
import { ArgumentError } from '../../src/errors.js';
import { zeros, type Matrix } from '../../src/linalg/matrix.js';
import type { ScaledGradient } from '../../src/linalg/scaled.js';
import { logAddExp } from '../../src/numerics/logspace.js';
import { steepestDescentDirection } from '../../src/optimizers/direction.js';
import { emaSigned, emaSquares, zeroSigned } from '../../src/optimizers/logmoments.js';
import type { Schedule } from '../../src/optimizers/schedule.js';
import type { Optimizer, SignedLog } from '../../src/optimizers/types.js';

/** Gradient descent W_{t+1} = W_t − η_t ∇L(W_t) (R-Thm 3.4 with a constant schedule). */
export function gd(schedule: Schedule): Optimizer<null> {
  return {
    name: `GD (${schedule.description})`,
    precision: 'log-domain',
    init: () => null,
    update(g, state, params, t) {
      const eta = schedule(t);
      const u = zeros(params.rows, params.cols);
      for (let e = 0; e < u.data.length; e++) u.data[e] = -eta * g.sign[e]! * Math.exp(g.logAbs[e]!);
      return { updates: u, state };
    },
  };
}

/**
 * Normalized steepest descent in the entrywise p-norm (D-NSD): W_{t+1} = W_t − η_t Δ_t,
 * Δ_t = argmax_{‖Δ‖_p ≤ 1} ⟨∇L, Δ⟩. p = ∞ is SignGD, p = 2 normalized GD, p = 1 greedy
 * coordinate descent.
 */
export function nsd(p: number, schedule: Schedule): Optimizer<null> {
  if (!(p >= 1)) throw new ArgumentError(`NSD norm p must be in [1, ∞], got ${p}`);
  const label = p === Infinity ? 'SignGD' : p === 2 ? 'NGD' : p === 1 ? 'coordinate descent (NSD p = 1)' : `NSD (p = ${p})`;
  return {
    name: `${label} (${schedule.description})`,
    precision: 'log-domain',
    init: () => null,
    update(g, state, _params, t) {
      const eta = schedule(t);
      const u = steepestDescentDirection(g, p);
      for (let e = 0; e < u.data.length; e++) u.data[e] = -eta * u.data[e]!;
      return { updates: u, state };
    },
  };
}

export const signGD = (s: Schedule): Optimizer<null> => nsd(Infinity, s);
export const normalizedGD = (s: Schedule): Optimizer<null> => nsd(2, s);
export const coordinateDescent = (s: Schedule): Optimizer<null> => nsd(1, s);

export interface AdamOptions {
  beta1?: number;
  beta2?: number;
  /** Stability constant (0 in the paper, D-Adam). */
  eps?: number;
  /** Divide m and v by 1 − β^{t+1} (off in the paper). */
  biasCorrection?: boolean;
}

/** Adam's state: step count, first moment (signed logs) and log second moment, per entry. */
export interface AdamState {
  readonly t: number;
  readonly m: SignedLog;
  readonly logV: Float64Array;
}

/**
 * Adam as the paper defines it (D-Adam, (3a)–(3c)): m_{−1} = v_{−1} = 0,
 * m_t = β₁m_{t−1} + (1−β₁)g_t, v_t = β₂v_{t−1} + (1−β₂)g_t², W_{t+1} = W_t − η_t m_t/√v_t;
 * with eps > 0 the denominator is √v_t + ε, with biasCorrection m and v are divided by
 * 1 − β^{t+1}. Moments are kept entry by entry in the log domain (exact at any loss level);
 * an entry with v = 0 and m = 0 gets no update (the 0·∞ guard of pitfall P2).
 */
export function adam(schedule: Schedule, o: AdamOptions = {}): Optimizer<AdamState> {
  const beta1 = o.beta1 ?? 0.9;
  const beta2 = o.beta2 ?? 0.99;
  const eps = o.eps ?? 0;
  if (!(beta1 >= 0 && beta1 < 1) || !(beta2 >= 0 && beta2 < 1)) throw new ArgumentError(`Adam needs β₁, β₂ ∈ [0, 1), got ${beta1}, ${beta2}`);
  if (!(eps >= 0)) throw new ArgumentError(`Adam ε must be ≥ 0, got ${eps}`);
  const logEps = eps > 0 ? Math.log(eps) : -Infinity;
  const parts = [`β=(${beta1}, ${beta2})`, `ε=${eps}`, ...(o.biasCorrection ? ['bias-corrected'] : [])];
  return {
    name: `Adam (${parts.join(', ')}; ${schedule.description})`,
    precision: 'log-domain',
    moments: (st) => ({ m: st.m, logV: st.logV }),
    init: (params) => ({ t: 0, m: zeroSigned(params.data.length), logV: new Float64Array(params.data.length).fill(-Infinity) }),
    update(g, state, params, t) {
      const m = emaSigned(state.m, g.sign, g.logAbs, beta1);
      const logV = emaSquares(state.logV, g.logAbs, beta2);
      const step = state.t;
      const cm = o.biasCorrection ? -Math.log1p(-Math.pow(beta1, step + 1)) : 0;
      const cv = o.biasCorrection ? -Math.log1p(-Math.pow(beta2, step + 1)) : 0;
      const eta = schedule(t);
      const u = zeros(params.rows, params.cols);
      for (let e = 0; e < u.data.length; e++) {
        if (m.sign[e] === 0) continue;
        const denom = logAddExp(0.5 * (logV[e]! + cv), logEps);
        u.data[e] = -eta * m.sign[e]! * Math.exp(m.log[e]! + cm - denom);
      }
      return { updates: u, state: { t: step + 1, m, logV } };
    },
  };
}

export interface SignumState {
  readonly m: SignedLog;
}

/** Signum: W_{t+1} = W_t − η_t sign(m_t), m_t = βm_{t−1} + (1−β)g_t (signed log per entry). */
export function signum(schedule: Schedule, beta = 0.9): Optimizer<SignumState> {
  if (!(beta >= 0 && beta < 1)) throw new ArgumentError(`Signum β must be in [0, 1), got ${beta}`);
  return {
    name: `Signum (β=${beta}; ${schedule.description})`,
    precision: 'log-domain',
    init: (params) => ({ m: zeroSigned(params.data.length) }),
    update(g: ScaledGradient, state, params: Matrix, t) {
      const m = emaSigned(state.m, g.sign, g.logAbs, beta);
      const eta = schedule(t);
      const u = zeros(params.rows, params.cols);
      for (let e = 0; e < u.data.length; e++) u.data[e] = -eta * m.sign[e]!;
      return { updates: u, state: { m } };
    },
  };
}

/** GD with heavy-ball momentum (P2 open question 3): v_t = μv_{t−1} + ∇L, W_{t+1} = W_t − ηv_t. */
export function momentumGD(schedule: Schedule, mu = 0.9): Optimizer<{ v: Float64Array }> {
  if (!(mu >= 0 && mu < 1)) throw new ArgumentError(`momentum μ must be in [0, 1), got ${mu}`);
  return {
    name: `GD + momentum (μ=${mu}; ${schedule.description})`,
    precision: 'log-domain',
    init: (params) => ({ v: new Float64Array(params.data.length) }),
    update(g, state, params, t) {
      const eta = schedule(t);
      const v = new Float64Array(state.v.length);
      const u = zeros(params.rows, params.cols);
      for (let e = 0; e < v.length; e++) {
        v[e] = mu * state.v[e]! + g.sign[e]! * Math.exp(g.logAbs[e]!);
        u.data[e] = -eta * v[e]!;
      }
      return { updates: u, state: { v } };
    },
  };
}
