/**
 * Planted faults: deliberately wrong variants of harness pieces. Each suite shows its checks
 * catch them, so no check is one that cannot fail.
 */
import type { PermLoss } from '../src/losses/index.js';
import { adam as adamOpt, nsd, type AdamState } from '../src/optimizers/optimizers.js';
import { emaSigned, emaSquares } from '../src/optimizers/logmoments.js';
import type { Optimizer, OptimizerFactory } from '../src/optimizers/types.js';
import type { Schedule } from '../src/optimizers/schedule.js';
import { logAddExp } from '../src/numerics/logspace.js';

/** A buggy NSD (p = ∞: SignGD) that steps along +Δ (ascent) instead of −Δ. */
export const uphill = (p: number): OptimizerFactory => (s) => scaledUpdates(nsd(p, s), -1);

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


/** An optimizer whose updates are multiplied by f (f = −1: ascent; f = 1.1: steps 10% too long). */
export function scaledUpdates<S>(opt: Optimizer<S>, f: number, when: (t: number) => boolean = () => true): Optimizer<S> {
  return {
    ...opt,
    name: `${opt.name} ×${f}`,
    update(g, st, p, t) {
      const r = opt.update(g, st, p, t);
      return when(t) ? { updates: { ...r.updates, data: r.updates.data.map((v) => f * v) }, state: r.state } : r;
    },
  };
}

/**
 * A schedule that decays faster than the one handed in: η_t·(t+1)^{−0.3}, i.e. η₀(t+1)^{−(a+0.3)}
 * for the claims' η₀(t+1)^{−a} (so Ση grows too slowly).
 */
export function tooFastDecay(s: Schedule): Schedule {
  return Object.assign((t: number) => s(t) * Math.pow(t + 1, -0.3), { description: `${s.description}·(t+1)^-0.3`, eta0: s.eta0 });
}

/**
 * Buggy Adams: the first moment without its (1 − β₁) (m_t = β₁m_{t−1} + g_t, a classic EMA
 * bug), or the second moment frozen after the first step.
 */
export function adamBug(schedule: Schedule, bug: 'no-one-minus-beta1' | 'frozen-v'): Optimizer<AdamState> {
  const ref = adamOpt(schedule);
  const [b1, b2] = [0.9, 0.99];
  return {
    name: `buggy Adam (${bug})`,
    precision: 'log-domain',
    moments: ref.moments!,
    init: ref.init,
    update(g, st, params, t) {
      const shift = bug === 'no-one-minus-beta1' ? -Math.log1p(-b1) : 0;
      const m = emaSigned(st.m, g.sign, g.logAbs.map((l) => l + shift), b1);
      const logV = bug === 'frozen-v' && st.t > 0 ? st.logV : emaSquares(st.logV, g.logAbs, b2);
      const eta = schedule(t);
      const u = { rows: params.rows, cols: params.cols, data: new Float64Array(params.data.length) };
      for (let e = 0; e < u.data.length; e++) {
        if (m.sign[e] === 0) continue;
        u.data[e] = -eta * m.sign[e]! * Math.exp(m.log[e]! - logAddExp(0.5 * logV[e]!, -Infinity));
      }
      return { updates: u, state: { t: st.t + 1, m, logV } };
    },
  };
}
