// A correct float64 Adam as in Fan et al. 2025 (ε = 0, no bias correction):
//   m_t = β₁m_{t−1} + (1 − β₁)g_t,  v_t = β₂v_{t−1} + (1 − β₂)g_t²,  W_{t+1} = W_t − η_t m_t/√v_t,
// with the 0/0 guard (m = 0 ⇒ no update: a coordinate whose gradient has always been exactly 0)
// and a `moments` accessor for the theorems' moment checks (Lemma D.1).
// Gate it: npx ibh gate --optimizer examples/adam.ts --as adam
import { plainGradient, type Optimizer, type Schedule } from 'implicit-bias-harness';

interface AdamState {
  readonly m: Float64Array;
  readonly v: Float64Array;
}

export const gate = { beta1: 0.9, beta2: 0.99 };

export default function adam(schedule: Schedule): Optimizer<AdamState> {
  const { beta1, beta2 } = gate;
  return {
    name: 'my Adam (ε = 0)',
    init: (W) => ({ m: new Float64Array(W.data.length), v: new Float64Array(W.data.length) }),
    update(grad, state, W, t) {
      const g = plainGradient(grad).data;
      const eta = schedule(t);
      const m = new Float64Array(g.length);
      const v = new Float64Array(g.length);
      const data = new Float64Array(g.length);
      for (let e = 0; e < g.length; e++) {
        m[e] = beta1 * state.m[e]! + (1 - beta1) * g[e]!;
        v[e] = beta2 * state.v[e]! + (1 - beta2) * g[e]! * g[e]!;
        data[e] = m[e] === 0 ? 0 : (-eta * m[e]!) / Math.sqrt(v[e]!);
      }
      return { updates: { rows: W.rows, cols: W.cols, data }, state: { m, v } };
    },
    moments: (state) => ({ m: state.m, v: state.v }),
  };
}
