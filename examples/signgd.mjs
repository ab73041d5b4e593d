// A correct SignGD, W ← W − η_t sign(∇L(W)), written as a user would (plain float64).
// Gate it: npx ibh gate --optimizer examples/signgd.mjs --as signgd
import { plainGradient } from 'implicit-bias-harness';

export default (schedule) => ({
  name: 'my SignGD',
  init: () => null,
  update(grad, state, W, t) {
    const eta = schedule(t);
    const g = plainGradient(grad).data;
    return { updates: { rows: W.rows, cols: W.cols, data: g.map((x) => -eta * Math.sign(x)) }, state };
  },
});
