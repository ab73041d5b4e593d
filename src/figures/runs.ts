/**
 * Live runs for the figures: a rate run (checkpoints, S_t and the explicit C.4 bound) as a
 * `GapRun`, and a Fig. 1 run. Shared by `verifyFigures` and tests.
 */
import { RATE_ETA0 } from '../claims/fan2025/rates.js';
import { adam, nsd, polynomialSchedule, prefixSums, type Optimizer } from '../optimizers/index.js';
import type { Problem } from '../problem.js';
import type { RateFamily } from '../rates/bounds.js';
import { explicitGapBound } from '../rates/explicit.js';
import { runTrajectory, type Checkpoint, type StepHook } from '../trajectory/run.js';
import type { GapRun } from './marginGap.js';

export interface RateRunSpec {
  readonly id: string;
  readonly optimizer: string;
  readonly family: RateFamily;
  /** The norm of the theorem: ∞ (SignGD, Adam), 2 (NGD), 1 (coordinate descent). */
  readonly p: number;
  readonly a: number;
  /** Default: the rate claims' η₀ (RATE_ETA0). */
  readonly eta0?: number;
}

/** The optimizer a rate claim runs for (family, p) at η_t = η₀(t+1)^{−a} (ε = 0 for Adam). */
export function rateOptimizer(family: RateFamily, p: number, eta0: number, a: number): Optimizer<unknown> {
  const s = polynomialSchedule(eta0, a);
  return family === 'adam' ? adam(s) : nsd(p, s);
}

/** Runs one rate experiment for T steps and returns what `marginGapFigure` draws. */
export function liveGapRun(pb: Problem, spec: RateRunSpec, steps: number, data?: string): GapRun & { readonly checkpoints: readonly Checkpoint[] } {
  const eta0 = spec.eta0 ?? RATE_ETA0[spec.family];
  const schedule = polynomialSchedule(eta0, spec.a);
  const logL = new Float64Array(steps + 1);
  const hook: StepHook<unknown> = { transient: true, onStep: (c) => void (logL[c.t] = c.ev.logLoss) };
  const tr = runTrajectory({ problem: pb, optimizer: rateOptimizer(spec.family, spec.p, eta0, spec.a), steps, hooks: [hook] });
  logL[tr.reached] = tr.final.ev.logLoss;
  const gamma = pb.margin(spec.p).gamma;
  const S = prefixSums(schedule, steps);
  const bound =
    spec.family === 'nsd'
      ? (() => {
          const eb = explicitGapBound({ gamma, n: pb.n, B: pb.B, schedule, logL: logL.subarray(0, tr.reached + 1) });
          return tr.checkpoints.filter((c) => c.t > eb.t1 && c.t <= tr.reached).map((c) => ({ t: c.t, value: eb.bound[c.t]! }));
        })()
      : [];
  return { id: spec.id, optimizer: spec.optimizer, family: spec.family, p: spec.p, a: spec.a, eta0, gamma, steps, S: (t) => S[t]!, checkpoints: tr.checkpoints, bound, ...(data ? { data } : {}) };
}
