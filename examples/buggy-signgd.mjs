// A SignGD with a realistic bug: sign(0) taken as +1 (`x >= 0 ? 1 : -1`), so a coordinate whose
// gradient is exactly 0 (a feature that is 0 on every sample) still moves by −η_t. The loss never
// sees it, but ‖W‖_∞ grows and the normalized max-norm margin shrinks. The gate rejects it
// (tier 1, on a problem with a zero feature).
import { plainGradient } from 'implicit-bias-harness';

export default (schedule) => ({
  name: 'buggy SignGD (sign(0) = +1)',
  init: () => null,
  update(grad, state, W, t) {
    const eta = schedule(t);
    const g = plainGradient(grad).data;
    return { updates: { rows: W.rows, cols: W.cols, data: g.map((x) => -eta * (x >= 0 ? 1 : -1)) }, state };
  },
});
