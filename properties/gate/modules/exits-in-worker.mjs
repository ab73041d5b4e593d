// A SignGD that ends its process (or thread) when it runs inside a pool worker: a planted fault
// for properties/gate/pool.test.ts (a worker that dies must fail its unit, not hang the gate).
import { plainGradient } from 'implicit-bias-harness';

export default (schedule) => ({
  name: 'SignGD that exits in a worker',
  init: () => null,
  update(grad, state, W, t) {
    if (process.__tinypool_state__?.isTinypoolWorker) process.exit(9);
    const eta = schedule(t);
    const g = plainGradient(grad).data;
    return { updates: { rows: W.rows, cols: W.cols, data: g.map((x) => -eta * Math.sign(x)) }, state };
  },
});
