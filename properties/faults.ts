/**
 * Planted faults: deliberately wrong variants of harness pieces. Each suite shows its checks
 * catch them, so no check is one that cannot fail. Optimizer faults are compositions of the
 * reference transforms (src/optimizers/transforms) with one piece changed, added or left out;
 * none copies an optimizer's body.
 */
import type { PermLoss } from '../src/losses/index.js';
import {
  chain,
  emaMoment,
  emaSquaredMoment,
  optimizerOf,
  scaleBy,
  scaleByAdam,
  scaleBySchedule,
  steepestDescent,
  zeroGuard,
  type MomentRule,
  type Optimizer,
  type OptimizerFactory,
  type Schedule,
  type SignedLog,
  type Transform,
} from '../src/optimizers/index.js';

/** The off-class gradient weights scaled by (1 + eps) while the true-class weight is not: ∇L wrong. */
export function brokenGradient(loss: PermLoss, eps = 1e-3): PermLoss {
  return {
    ...loss,
    name: loss.name,
    sample(v, off, k, y, logA) {
      const ll = loss.sample(v, off, k, y, logA);
      for (let c = 0; c < k; c++) if (c !== y) logA[off + c] = logA[off + c]! + Math.log1p(eps);
      return ll;
    },
  };
}

/** The Hessian quadratic form off by a constant factor (a missing ½ or a doubled term). */
export function scaledHessian(loss: PermLoss, factor = 2): PermLoss {
  return {
    ...loss,
    logHessianForm: (v, off, k, y, logA, u) => loss.logHessianForm(v, off, k, y, logA, u) + Math.log(factor),
  };
}

/** The proxy G computed from the naive `1 - s[y]` (pitfall P1): exact to rounding only while L ≫ 1e-16. */
export function naiveProxyCE(loss: PermLoss): PermLoss {
  return {
    ...loss,
    sample(v, off, k, y, logA) {
      const ll = loss.sample(v, off, k, y, logA);
      let m = -Infinity;
      for (let c = 0; c < k; c++) m = Math.max(m, v[off + c]!);
      let z = 0;
      for (let c = 0; c < k; c++) z += Math.exp(v[off + c]! - m);
      const sy = Math.exp(v[off + y]! - m) / z;
      logA[off + y] = Math.log(1 - sy);
      return ll;
    },
  };
}


/** NSD in the p-norm (p = ∞: SignGD) stepping along +Δ: chain(Δ_p, −η_t, ×(−1)). */
export const uphill =
  (p: number): OptimizerFactory =>
  (s) =>
    optimizerOf(`NSD p = ${p} uphill (${s.description})`, chain(steepestDescent(p), scaleBySchedule(s), scaleBy(-1)));

/** NSD in the p-norm with steps 10% too long: chain(Δ_p, −η_t, ×1.1). */
export const tooLong =
  (p: number): OptimizerFactory =>
  (s) =>
    optimizerOf(`NSD p = ${p} ×1.1 (${s.description})`, chain(steepestDescent(p), scaleBySchedule(s), scaleBy(1.1)));

/** u ↦ c·u at the steps where `when(t)` holds, else u (a bug in a rarely taken branch). */
export function scaleWhen(c: number, when: (t: number) => boolean): Transform<null> {
  const by = scaleBy(c);
  return { init: () => null, update: (u, state, params, t) => (when(t) ? by.update(u, state, params, t) : { updates: u, state }) };
}

/** `before` until step N, then `after` (which keeps no state); the state is `before`'s throughout. */
export function switchAt<S>(N: number, before: Transform<S>, after: Transform<null>): Transform<S> {
  const read = before.moments;
  return {
    init: (p) => before.init(p),
    update: (u, state, params, t) => (t < N ? before.update(u, state, params, t) : { updates: after.update(u, null, params, t).updates, state }),
    ...(read ? { moments: (state: S) => read.call(before, state) } : {}),
  };
}

/** A moment rule fed c·u instead of u (the first moment without its (1 − β₁): c = 1/(1 − β₁)). */
export function inputTimes(rule: MomentRule<SignedLog>, c: number): MomentRule<SignedLog> {
  const shift = Math.log(c);
  return { init: rule.init, update: (prev, u, count) => rule.update(prev, { sign: u.sign, log: u.log.map((l) => l + shift) }, count) };
}

/** A moment rule that stops updating after `steps` updates (the second moment frozen). */
export function frozenAfter<T>(rule: MomentRule<T>, steps: number): MomentRule<T> {
  return { init: rule.init, update: (prev, u, count) => (count >= steps ? prev : rule.update(prev, u, count)) };
}

const [B1, B2] = [0.9, 0.99];

/**
 * Buggy Adams, the reference chain chain(scaleByAdam, −η_t, zeroGuard) with one piece changed:
 * the first moment without its (1 − β₁) (m_t = β₁m_{t−1} + g_t, a classic EMA bug), the second
 * moment frozen after the first step, or no 0·∞ guard (an entry whose gradient has always been
 * exactly 0 gets 0·e^{−∞+∞} = NaN; only inputs with exact zeros in the gradient reveal it).
 */
export function adamBug(schedule: Schedule, bug: 'no-one-minus-beta1' | 'frozen-v' | 'no-zero-guard'): Optimizer {
  if (bug === 'no-zero-guard') return optimizerOf(`Adam dividing 0/0 (${schedule.description})`, chain(scaleByAdam({ beta1: B1, beta2: B2 }), scaleBySchedule(schedule)));
  const scaling =
    bug === 'no-one-minus-beta1'
      ? scaleByAdam({ beta1: B1, beta2: B2, firstMoment: inputTimes(emaMoment(B1), 1 / (1 - B1)) })
      : scaleByAdam({ beta1: B1, beta2: B2, secondMoment: frozenAfter(emaSquaredMoment(B2), 1) });
  return optimizerOf(`buggy Adam (${bug}; ${schedule.description})`, chain(scaling, scaleBySchedule(schedule), zeroGuard()));
}

/** Adam (reference transforms) with `extra` appended after its step −η_t. */
export function adamThen(schedule: Schedule, extra: Transform<null>): Optimizer {
  return optimizerOf(`Adam then a fault (${schedule.description})`, chain(scaleByAdam({ beta1: B1, beta2: B2 }), scaleBySchedule(schedule), zeroGuard(), extra));
}

/**
 * A schedule that decays faster than the one handed in: η_t·(t+1)^{−0.3}, i.e. η₀(t+1)^{−(a+0.3)}
 * for the claims' η₀(t+1)^{−a} (so Ση grows too slowly).
 */
export function tooFastDecay(s: Schedule): Schedule {
  return Object.assign((t: number) => s(t) * Math.pow(t + 1, -0.3), { description: `${s.description}·(t+1)^-0.3`, eta0: s.eta0 });
}
