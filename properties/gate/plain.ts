import { plainGradient, type Matrix, type Optimizer, type OptimizerFactory, type Schedule } from '../../src/index.js';

/**
 * Correct textbook implementations of every family in plain float64 (or float32: every
 * arithmetic result rounded by Math.fround), written as a user would: from plainGradient(g),
 * with no log domain. They are the gate's calibration set (0 false rejections) and the basis of
 * the planted faults (properties/gate/faults.ts).
 */
export type Arith = 'float64' | 'float32';
const rounder = (a: Arith): ((x: number) => number) => (a === 'float32' ? Math.fround : (x: number) => x);

function grad(g: Parameters<Optimizer['update']>[0], r: (x: number) => number): Float64Array {
  return plainGradient(g).data.map(r);
}
const mat = (rows: number, cols: number, data: Float64Array): Matrix => ({ rows, cols, data });

export function plainGD(a: Arith = 'float64'): OptimizerFactory {
  const r = rounder(a);
  return (s: Schedule) => ({
    name: `plain GD (${a})`,
    precision: a,
    init: () => null,
    update: (g, state, W, t) => ({ updates: mat(W.rows, W.cols, grad(g, r).map((x) => r(-r(s(t)) * x))), state }),
  });
}

/** NSD in the entrywise p-norm: Δ = sign(g)|g|^{q−1}/‖g‖_q^{q−1}, q = p/(p − 1); p = ∞ sign, p = 1 the first argmax entry. */
export function plainNSD(p: number, a: Arith = 'float64'): OptimizerFactory {
  const r = rounder(a);
  return (s: Schedule) => ({
    name: `plain NSD p=${p} (${a})`,
    precision: a,
    init: () => null,
    update(g, state, W, t) {
      const x = grad(g, r);
      const eta = r(s(t));
      const u = new Float64Array(x.length);
      if (p === Infinity) for (let e = 0; e < x.length; e++) u[e] = -eta * Math.sign(x[e]!);
      else if (p === 1) {
        let arg = -1;
        for (let e = 0; e < x.length; e++) if (arg < 0 ? x[e] !== 0 : Math.abs(x[e]!) > Math.abs(x[arg]!)) arg = e;
        if (arg >= 0) u[arg] = -eta * Math.sign(x[arg]!);
      } else {
        const q = p === 2 ? 2 : p / (p - 1);
        let sum = 0;
        for (const v of x) sum = r(sum + r(Math.pow(Math.abs(v), q)));
        const den = r(Math.pow(sum, (q - 1) / q));
        if (den > 0) for (let e = 0; e < x.length; e++) u[e] = r((-eta * Math.sign(x[e]!) * r(Math.pow(Math.abs(x[e]!), q - 1))) / den);
      }
      return { updates: mat(W.rows, W.cols, u), state };
    },
  });
}

export interface PlainAdamOptions {
  beta1?: number;
  beta2?: number;
  eps?: number;
  biasCorrection?: boolean;
}

export interface PlainAdamState {
  readonly step: number;
  readonly m: Float64Array;
  readonly v: Float64Array;
}

/** Adam (Kingma & Ba) with the paper's defaults here: no bias correction, ε = 0, and the 0/0 guard (m = 0 ⇒ no update). */
export function plainAdam(o: PlainAdamOptions = {}, a: Arith = 'float64'): OptimizerFactory<PlainAdamState> {
  const r = rounder(a);
  const b1 = o.beta1 ?? 0.9;
  const b2 = o.beta2 ?? 0.99;
  const eps = o.eps ?? 0;
  return (s: Schedule) => ({
    name: `plain Adam (${a})`,
    precision: a,
    init: (W) => ({ step: 0, m: new Float64Array(W.data.length), v: new Float64Array(W.data.length) }),
    update(g, st, W, t) {
      const x = grad(g, r);
      const eta = r(s(t));
      const m = new Float64Array(x.length);
      const v = new Float64Array(x.length);
      const u = new Float64Array(x.length);
      const c1 = o.biasCorrection ? r(1 - Math.pow(b1, st.step + 1)) : 1;
      const c2 = o.biasCorrection ? r(1 - Math.pow(b2, st.step + 1)) : 1;
      for (let e = 0; e < x.length; e++) {
        m[e] = r(r(b1 * st.m[e]!) + r((1 - b1) * x[e]!));
        v[e] = r(r(b2 * st.v[e]!) + r((1 - b2) * r(x[e]! * x[e]!)));
        if (m[e] === 0) continue;
        u[e] = r((-eta * r(m[e]! / c1)) / r(r(Math.sqrt(r(v[e]! / c2))) + eps));
      }
      return { updates: mat(W.rows, W.cols, u), state: { step: st.step + 1, m, v } };
    },
    moments: (st) => ({ m: st.m, v: st.v }),
  });
}

export function plainSignum(beta = 0.9, a: Arith = 'float64'): OptimizerFactory<{ m: Float64Array }> {
  const r = rounder(a);
  return (s: Schedule) => ({
    name: `plain Signum (${a})`,
    precision: a,
    init: (W) => ({ m: new Float64Array(W.data.length) }),
    update(g, st, W, t) {
      const x = grad(g, r);
      const eta = r(s(t));
      const m = new Float64Array(x.length);
      const u = new Float64Array(x.length);
      for (let e = 0; e < x.length; e++) {
        m[e] = r(r(beta * st.m[e]!) + r((1 - beta) * x[e]!));
        u[e] = -eta * Math.sign(m[e]!);
      }
      return { updates: mat(W.rows, W.cols, u), state: { m } };
    },
  });
}
