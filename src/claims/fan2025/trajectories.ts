/**
 * Fan, Schmidt, Thrampoulidis (2025): the proof chain along whole runs (THEOREMS.md §8):
 * (8) at every step and monotone descent after t₀, Lemma 5.2 = C.2 (9), Lemma C.3, and the
 * Adam-side facts D.1, the v-control of D.7, eventual descent and the D.4 structure.
 */
import fc from 'fast-check';
import { separableProblem } from '../../arbitraries/separableProblem.js';
import { logGradNorm, printable } from '../inputs.js';
import { leq } from '../outcome.js';
import type { LossName } from '../../losses/index.js';
import { adam, nsd, polynomialSchedule, type Optimizer, type OptimizerFactory, type Schedule } from '../../optimizers/index.js';
import { Problem } from '../../problem.js';
import { makeDataset } from '../../data/dataset.js';
import { logSpacedSteps } from '../../trajectory/checkpoints.js';
import { runTrajectory, type StepContext } from '../../trajectory/run.js';
import { atHorizon } from '../horizon.js';
import { momentsOf } from '../optimizer.js';
import type { Assumption, CheckOutcome, Claim, ExactSides } from '../types.js';
import { AdamMomentHook, DescentHook, EventualDescentHook, MarginLowerBoundHook, NormGrowthHook, type CheckingHook } from './stepChecks.js';

/** A short run: a B-normalised problem, a schedule η_t = η₀(t + 1)^{−a}, T steps. */
export interface RunInput {
  readonly problem: Problem;
  readonly eta0: number;
  readonly a: number;
  readonly steps: number;
}

/**
 * The problem with one more feature that is 0 for every point: B and every margin are unchanged,
 * and the gradient's column for that feature is exactly 0 at every step, so optimizers meet
 * sign(0) and Adam's m = v = 0 (an optimizer must leave that coordinate alone, not divide 0/0).
 */
export function withZeroFeature(pb: Problem): Problem {
  const { X, y, k } = pb.dataset;
  const rows = Array.from({ length: X.rows }, (_, i) => [...X.data.subarray(i * X.cols, (i + 1) * X.cols), 0]);
  return new Problem(makeDataset(rows, y, { k, allowEmptyClasses: true, source: `${pb.dataset.source ?? 'data'} + a zero feature` }));
}

export function runInput(o: { eta0s?: readonly number[]; steps?: readonly number[] } = {}): fc.Arbitrary<RunInput> {
  return fc
    .record({
      problem: separableProblem({ maxK: 4, maxD: 5, maxPerClass: 4, normaliseB: true }),
      zeroFeature: fc.boolean(),
      eta0: fc.constantFrom(...(o.eta0s ?? [0.05, 0.1, 0.2])),
      a: fc.constantFrom(0.5, 0.3, 0.7, 1),
      steps: fc.constantFrom(...(o.steps ?? [300, 1000])),
    })
    .map(({ problem, zeroFeature, eta0, a, steps }) =>
      printable({ problem: zeroFeature ? withZeroFeature(problem) : problem, eta0, a, steps }, () => `{ problem: ${fc.stringify(problem)}${zeroFeature ? ' + a zero feature' : ''}, η_t = ${eta0}(t + 1)^-${a}, T = ${steps} }`),
    );
}

const scheduleOf = (x: RunInput): Schedule => polynomialSchedule(x.eta0, x.a, 1);
const alphaOf = (x: RunInput): number => 2 * x.problem.B * x.problem.B * Math.exp(2 * x.problem.B * x.eta0);

/**
 * Runs the optimizer with the per-step checks; a run that stopped at the optimizer's precision
 * horizon has its outcomes marked (checked up to it), or one "not checked" outcome if none.
 */
function run<S>(x: RunInput, optimizer: Optimizer<S>, hooks: CheckingHook<S>[], loss: LossName = 'ce'): CheckOutcome[] {
  const tr = runTrajectory({ problem: x.problem, optimizer, steps: x.steps, hooks, loss, withMargins: false, checkpoints: [] });
  return atHorizon(tr, hooks.flatMap((h) => h.outcomes()));
}

/**
 * The hooks' failing steps in high precision (certification): the run is repeated (it is
 * deterministic) and each hook evaluates its kept failure's step inequality exactly on that
 * step's float iterates.
 */
function runExact<S>(x: RunInput, optimizer: Optimizer<S>, hooks: CheckingHook<S>[], loss: LossName = 'ce'): ExactSides[] {
  runTrajectory({ problem: x.problem, optimizer, steps: x.steps, hooks, loss, withMargins: false, checkpoints: [] });
  return hooks.flatMap((h) => h.exactSides?.() ?? []);
}

const decreasing: Assumption<RunInput> = {
  id: 'decreasing-schedule',
  statement: 'Ass. 3.3: η_t non-increasing, η_t ≤ η₀',
  holds: (x) => x.a > 0,
};

export interface OptimizerParams {
  /**
   * The optimizer under test, given the run's schedule η_t = η₀(t + 1)^{−a} (default the
   * reference NSD for the claim's p, or Adam); planted faults swap in a buggy one.
   */
  readonly optimizer: OptimizerFactory;
}

export function trajectoryDescent(p: number, loss: LossName = 'ce', params: Partial<OptimizerParams> = {}): Claim<RunInput> {
  const make = params.optimizer ?? ((s: Schedule) => nsd(p, s));
  const pn = p === Infinity ? 'inf' : String(p);
  return {
    id: `fan2025/traj-eq-8-p${pn}${loss === 'ce' ? '' : `-${loss}`}`,
    paper: 'fan2025',
    ref: p === Infinity ? 'Lemma C.1 / Eq. (8) along SignGD runs' : `Eq. (8) along NSD runs (p = ${pn}, App. E)`,
    title: `Per-step descent along ${p === Infinity ? 'SignGD' : `NSD p = ${pn}`} runs${loss === 'ce' ? '' : ` (${loss})`}`,
    statement: `L(W_{t+1}) ≤ L(W_t) − η_t(γ_${p === Infinity ? '∞' : pn} − αη_t)G(W_t) at every step, α = 2B²e^{2Bη₀}; L_{t+1} ≤ L_t once η_t < γ_${p === Infinity ? '∞' : pn}/α`,
    assumptions: [decreasing],
    inputs: () => runInput(),
    check(x) {
      const gamma = x.problem.margin(p).gamma;
      return run(x, make(scheduleOf(x)), [new DescentHook(scheduleOf(x), gamma, alphaOf(x), loss)], loss);
    },
    exact(x) {
      const gamma = x.problem.margin(p).gamma;
      return runExact(x, make(scheduleOf(x)), [new DescentHook(scheduleOf(x), gamma, alphaOf(x), loss)], loss);
    },
    runs: 30,
    confidence: 'high',
    kind: 'exact-inequality',
    tight: false,
  };
}

export interface MarginBoundParams extends OptimizerParams {
  /** Multiplies γ in (9) (a planted fault: 1.5). */
  readonly gammaFactor: number;
}

export function trajectoryMarginBound(params: Partial<MarginBoundParams> = {}): Claim<RunInput> {
  const make = params.optimizer ?? ((s: Schedule) => nsd(Infinity, s));
  const f = params.gammaFactor ?? 1;
  return {
    id: 'fan2025/traj-lemma-5.2',
    paper: 'fan2025',
    ref: 'Lemma 5.2 = C.2, Eq. (9), along SignGD runs',
    title: 'Unnormalized margin lower bound',
    statement: 'from t₀ with L ≤ log 2/n on [t₀, t]: m(W_t) ≥ γ Σ η_s G_s/L_s − α Σ η_s² − log(2nL(W_{t₀}))',
    assumptions: [decreasing],
    inputs: () => runInput({ eta0s: [0.1, 0.2, 0.5], steps: [1000, 3000] }),
    check(x) {
      const at = new Set(logSpacedSteps(x.steps, 10));
      const hook = new MarginLowerBoundHook(scheduleOf(x), f * x.problem.margin(Infinity).gamma, alphaOf(x), x.problem.n, at);
      const out = run(x, make(scheduleOf(x)), [hook]);
      return out.length > 0 ? out : [{ ok: true, lhs: NaN, rhs: NaN, ratio: NaN, note: 'L never ≤ log 2/n within T' }];
    },
    runs: 30,
    confidence: 'medium',
    kind: 'exact-inequality',
    tight: false,
  };
}

export function trajectoryNormGrowth(p: number, params: Partial<OptimizerParams> = {}): Claim<RunInput> {
  const make = params.optimizer ?? ((s: Schedule) => nsd(p, s));
  const pn = p === Infinity ? 'inf' : String(p);
  return {
    id: `fan2025/traj-lemma-C.3-p${pn}`,
    paper: 'fan2025',
    ref: p === Infinity ? 'Lemma C.3 (SignGD)' : `Lemma C.3 analogue (NSD p = ${pn})`,
    title: `Iterate-norm bound (p = ${p === Infinity ? '∞' : pn})`,
    statement: `‖W_t‖_${p === Infinity ? 'max' : pn} ≤ ‖W_0‖ + Σ_{s<t} η_s`,
    assumptions: [],
    inputs: () => runInput(),
    check(x) {
      const opt = make(scheduleOf(x));
      return run(x, opt, [new NormGrowthHook(scheduleOf(x), p, opt.precision ?? 'float64')]);
    },
    exact(x) {
      const opt = make(scheduleOf(x));
      return runExact(x, opt, [new NormGrowthHook(scheduleOf(x), p, opt.precision ?? 'float64')]);
    },
    runs: 30,
    confidence: 'high',
    kind: 'exact-inequality',
    tight: true,
  };
}

export interface AdamParams extends OptimizerParams {
  /** The β₁, β₂ the optimizer runs with (α_D1 of Lemma D.1 is computed from them). */
  readonly beta1: number;
  readonly beta2: number;
}

const adamRef: OptimizerFactory = (s) => adam(s, { beta1: 0.9, beta2: 0.99 });

export function trajectoryAdamMoments(params: Partial<AdamParams> = {}): Claim<RunInput> {
  const make = params.optimizer ?? adamRef;
  const [b1, b2] = [params.beta1 ?? 0.9, params.beta2 ?? 0.99];
  const alphaD1 = (1 - b1) / Math.sqrt((1 - b2) * (1 - (b1 * b1) / b2));
  return {
    id: 'fan2025/traj-adam-moments',
    paper: 'fan2025',
    ref: 'Lemma D.1 and the v-control of D.7, along Adam runs',
    title: 'Adam moment bounds at every step',
    statement: '|m_t/√v_t| ≤ α_D1 entrywise (so ‖W_{t+1} − W_t‖_max ≤ α_D1 η_t); v_t ≤ max_{τ≤t} g_τ² and v_t ≤ 4B² max_{τ≤t} G(W_τ)²',
    assumptions: [],
    inputs: () => runInput({ eta0s: [0.01, 0.05, 0.1] }),
    check(x) {
      const opt = make(scheduleOf(x));
      return run(x, opt, [new AdamMomentHook(momentsOf(opt, 'fan2025/traj-adam-moments'), alphaD1, x.problem.B)]);
    },
    runs: 30,
    confidence: 'medium',
    kind: 'exact-inequality',
    tight: false,
    needs: ['moments'],
  };
}

export function trajectoryAdamDescent(params: Partial<AdamParams> = {}): Claim<RunInput> {
  const make = params.optimizer ?? adamRef;
  return {
    id: 'fan2025/traj-adam-descent',
    paper: 'fan2025',
    ref: 'Lemma D.5 (structure), along Adam runs',
    title: 'Adam eventually descends',
    statement: 'L(W_{t+1}) ≤ L(W_t) for every t in the second half of the run (D.5: descent once η_t is small)',
    assumptions: [decreasing],
    inputs: () => runInput({ eta0s: [0.01, 0.05, 0.1], steps: [2000] }),
    check(x) {
      return run(x, make(scheduleOf(x)), [new EventualDescentHook(Math.floor(x.steps / 2))]);
    },
    exact(x) {
      return runExact(x, make(scheduleOf(x)), [new EventualDescentHook(Math.floor(x.steps / 2))]);
    },
    runs: 30,
    confidence: 'low',
    kind: 'asymptotic-evidence',
    tight: false,
  };
}

/**
 * D.4 structure: D_t = (‖g_t‖_1 − ⟨g_t, m_t/√v_t⟩)/G(W_t) ≤ c₄ d √η_t once t ≥ t₀, so D_t → 0
 * under an envelope that decreases. Finite-window proxy: the maximum of D_t over the last third
 * of the run is at most its maximum over the middle third (c₄ and t₀ are unknown).
 *
 * The catalog's normalised form r_t = D_t/(d√η_t) ≤ c₄ is not checked as "not rising": r_t is
 * bounded but can rise toward its supremum late in a short run, because its normaliser √η_t
 * falls while D_t is still in its pre-asymptotic plateau. Counterexample to that proxy (not to
 * D.4): duplicates, η_t = 0.01(t + 1)^{−0.3}, T = 3000 (seed 107): r_t = 0.337 at t = 10³ rises to
 * 0.358 at t ≈ 3.5·10³, then falls like √η_t (0.307 at 1.4·10⁴, 0.207 at 2·10⁵; r_t/√η_t → 12.89),
 * while D_t falls throughout the last two thirds. Calibration (200 generated inputs of this
 * claim's arbitrary): reference Adam max(late)/max(middle) of D_t ≤ 0.944; Adam with v frozen
 * after step 0 exceeds 1 on about half of them.
 */
export function trajectoryAdamDirection(params: Partial<AdamParams> = {}): Claim<RunInput> {
  const make = params.optimizer ?? adamRef;
  return {
    id: 'fan2025/traj-adam-D.4',
    paper: 'fan2025',
    ref: 'Lemma D.4 (structure), along Adam runs',
    title: 'Adam direction approaches the sign direction',
    statement: 'D_t = (‖∇L‖_1 − ⟨∇L, m_t/√v_t⟩)/G ≤ c₄d√η_t → 0: max of D_t over the last third ≤ max over the middle third',
    assumptions: [decreasing],
    inputs: () => runInput({ eta0s: [0.01, 0.05, 0.1], steps: [3000] }),
    check(x) {
      const opt = make(scheduleOf(x));
      const moments = momentsOf(opt, 'fan2025/traj-adam-D.4');
      const T = x.steps;
      const mid = { max: -Infinity };
      const late = { max: -Infinity, seen: false };
      const hook: CheckingHook<unknown> = {
        transient: true,
        onStep(ctx: StepContext<unknown>) {
          if (ctx.t < T / 3) return;
          const g = ctx.ev.gradient;
          const { m, logV } = moments(ctx.state);
          const l1 = logGradNorm(g.logAbs, 1);
          // ⟨g, m/√v⟩ / ‖g‖_1, in the scale of g's largest entry
          let ip = 0;
          for (let e = 0; e < g.sign.length; e++) {
            if (g.sign[e] === 0 || m.sign[e] === 0) continue;
            ip += g.sign[e]! * m.sign[e]! * Math.exp(g.logAbs[e]! - l1 + m.log[e]! - 0.5 * logV[e]!);
          }
          const D = Math.exp(l1 - ctx.ev.logProxy) * (1 - ip);
          if (ctx.t < (2 * T) / 3) mid.max = Math.max(mid.max, D);
          else [late.max, late.seen] = [Math.max(late.max, D), true];
        },
        // No step of the last third (the run stopped at its precision horizon): not checked.
        outcomes: () => (late.seen ? [leq(late.max, mid.max, 'late ≤ middle')] : []),
      };
      return run(x, opt, [hook]);
    },
    runs: 20,
    confidence: 'low',
    kind: 'asymptotic-evidence',
    tight: false,
    needs: ['moments'],
  };
}

export const trajectories = (): Claim<unknown>[] =>
  [
    trajectoryDescent(Infinity),
    trajectoryDescent(2),
    trajectoryDescent(1),
    trajectoryDescent(Infinity, 'exp'),
    trajectoryDescent(Infinity, 'pll'),
    trajectoryMarginBound(),
    trajectoryNormGrowth(Infinity),
    trajectoryNormGrowth(2),
    trajectoryNormGrowth(1),
    trajectoryAdamMoments(),
    trajectoryAdamDescent(),
    trajectoryAdamDirection(),
  ];
