/**
 * Fan et al. 2025: rates (Cor. 5.4, 6.4), the explicit Thm 5.3 bound, Adam's ε, and the bias
 * (Fig. 1): the specs of the section. Each rates-*.test.ts file runs a part of it (each fault is
 * swept over 20 seeds of full trajectories, too much for one vitest worker).
 */
import { ADAM_EPS, adamEpsilonOverlap, biasSelection, corollary54, corollary64, theoremC4 } from '../../src/claims/fan2025/rates.js';
import { adam, chain, nsd, optimizerOf, scaleByAdam, scaleBySchedule, steepestDescent, zeroGuard, type OptimizerFactory, type Transform } from '../../src/optimizers/index.js';
import type { SuiteSpec } from '../claimSuite.js';
import { adamBug, switchAt, tooFastDecay } from '../faults.js';

/**
 * A fault only a long run reveals: the optimizer is exactly the reference one for t < N, then
 * drifts to the 2-norm steepest direction (NGD) with the same schedule, i.e. toward the 2-norm
 * max-margin solution. Any check on a horizon ≤ N sees the reference optimizer; here N = T/4.
 */
function driftsAfter(N: number, before: Transform<unknown>): OptimizerFactory {
  return (s) => optimizerOf(`drifts to NGD after t = ${N} (${s.description})`, chain(switchAt(N, before, steepestDescent(2)), scaleBySchedule(s)));
}
const LONG = 5000;
/**
 * A fault claim draws more problems than the claim itself (it stops at the first it catches):
 * on one generated problem a fault is caught with probability ≈ 0.4–0.9 (reports/rates/calibration.md),
 * and fast-check draws its first, smallest problems, where a fault can be invisible (e.g. k = 2, d = 2, n = 2).
 * 12 draws missed the SignGD drift fault on 2 and the CD slow-decay fault on 1 of the 20 fault-sweep
 * seeds after the suite seed; 24 catch every fault on all 20 (a draw stops at the first catch, so the
 * extra draws cost only where a fault is hard to see).
 */
const FAULT_RUNS = 24;

export const rateSpecs: Record<string, SuiteSpec<any>> = {
  'fan2025/cor-5.4': {
    faults: [
      { name: 'SignGD run with η_t decaying as t^{−(a+0.3)}', claim: corollary54(Infinity, { optimizer: (s) => nsd(Infinity, tooFastDecay(s)), runs: FAULT_RUNS }) },
      { name: 'NGD passed off as SignGD', claim: corollary54(Infinity, { optimizer: (s) => nsd(2, s), runs: FAULT_RUNS }) },
      { name: 'long run only: SignGD that drifts to NGD after 5000 of 20000 steps', claim: corollary54(Infinity, { optimizer: driftsAfter(LONG, steepestDescent(Infinity)), runs: FAULT_RUNS }) },
    ],
  },
  'fan2025/cor-5.4-nsd-p2': { faults: [{ name: 'NGD run with η_t decaying as t^{−(a+0.3)}', claim: corollary54(2, { optimizer: (s) => nsd(2, tooFastDecay(s)), runs: FAULT_RUNS }) }] },
  'fan2025/cor-5.4-nsd-p1': { faults: [{ name: 'coordinate descent with η_t decaying as t^{−(a+0.3)}', claim: corollary54(1, { optimizer: (s) => nsd(1, tooFastDecay(s)), runs: FAULT_RUNS }) }] },
  'fan2025/cor-6.4': {
    faults: [
      { name: 'Adam run with η_t decaying as t^{−(a+0.3)}', claim: corollary64({ optimizer: (s) => adam(tooFastDecay(s)), runs: FAULT_RUNS }) },
      { name: 'Adam with ε = 10⁻² (a bias toward tiny GD steps)', claim: corollary64({ optimizer: (s) => adam(s, { eps: 1e-2 }), runs: FAULT_RUNS }) },
      // Its steps m_t/√v₁ vanish with the gradient, so m(W_t) stalls: Q_t grows (bounded-ratio evidence).
      { name: 'buggy Adam: second moment frozen after the first step', claim: corollary64({ optimizer: (s) => adamBug(s, 'frozen-v'), runs: FAULT_RUNS }) },
      { name: 'long run only: Adam that drifts to NGD after 5000 of 20000 steps', claim: corollary64({ optimizer: driftsAfter(LONG, chain(scaleByAdam(), zeroGuard())), runs: FAULT_RUNS }) },
    ],
  },
  // (10× shorter SignGD steps were not caught: the bound tracks the measured losses.)
  'fan2025/thm-5.3': { faults: [{ name: 'NGD passed off as SignGD', claim: { ...theoremC4({ optimizer: (s) => nsd(2, s) }), runs: FAULT_RUNS } }] },
  'fan2025/adam-eps-overlap': { faults: [{ name: 'Adam whose ε enters 10⁶ times too large', claim: adamEpsilonOverlap({ candidates: ADAM_EPS.map((eps): OptimizerFactory => (s) => adam(s, { eps: eps * 1e6 })) }) }] },
  'fan2025/fig-1-bias': { faults: [{ name: 'NGD passed off as SignGD', claim: biasSelection({ signgd: (s) => nsd(2, s) }) }] },
};
