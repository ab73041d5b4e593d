/**
 * Fan, Schmidt, Thrampoulidis (2025): rate claims (Cor. 5.4 = C.5, its NSD analogue, Cor. 6.4),
 * the explicit SignGD bound of Thm 5.3 = C.4, Adam's ε-invariance within its horizon, and the
 * implicit-bias selection of Fig. 1 (THEOREMS.md §4–§6, §13, §14 P4–P5).
 */
import fc from 'fast-check';
import { problemFromRecipe, type ProblemRecipe } from '../../arbitraries/separableProblem.js';
import { adam, nsd, polynomialSchedule, type Optimizer, type Schedule } from '../../optimizers/index.js';
import type { Problem } from '../../problem.js';
import { rateBound, type RateFamily } from '../../rates/bounds.js';
import { rateVerdict, type RateVerdict } from '../../rates/verdict.js';
import { normKey, runTrajectory, type Checkpoint, type StepHook, type Trajectory } from '../../trajectory/run.js';
import { leq } from '../outcome.js';
import { printable } from '../inputs.js';
import type { CheckOutcome, Claim } from '../types.js';

/** Small datasets where short runs (2·10⁴ steps) are in the asymptotic regime. */
export const RATE_PROBLEMS: readonly ProblemRecipe[] = [
  { recipe: 'clusters', k: 3, d: 4, nPerClass: 5, sigma: 0.1, seed: 7 },
  { recipe: 'clusters', k: 4, d: 6, nPerClass: 4, sigma: 0.1, seed: 3 },
];

export interface RateInput {
  readonly recipe: ProblemRecipe;
  readonly problem: Problem;
  readonly steps: number;
}

function rateInput(steps: number, problems: readonly ProblemRecipe[] = RATE_PROBLEMS): fc.Arbitrary<RateInput> {
  return fc.constantFrom(...problems).map((recipe) => printable({ recipe, problem: problemFromRecipe(recipe), steps }, () => `{ problem: problemFromRecipe(${JSON.stringify(recipe)}), T: ${steps} }`));
}


/** The p-norm gap series of a trajectory (t > 0). */
export function gapSeries(tr: Trajectory<unknown>, p: number): { ts: number[]; gaps: number[] } {
  const cps = tr.checkpoints.filter((c: Checkpoint) => c.t > 0);
  return { ts: cps.map((c) => c.t), gaps: cps.map((c) => c.gap[normKey(p)]) };
}

export function verdictOutcome(a: number, v: RateVerdict): CheckOutcome {
  return {
    ok: v.ok,
    lhs: v.fitted.slope,
    rhs: v.rateSlope,
    ratio: v.lateRatio,
    part: `a = ${a.toFixed(3)}`,
    note: `bound ${v.bound}; fitted slope ${v.fitted.slope.toFixed(3)} ± ${v.fitted.se.toFixed(3)} vs bound slope ${v.rateSlope.toFixed(3)}; late gap/(C·rate) ${v.lateRatio.toFixed(3)}`,
  };
}

export interface RateParams {
  /** The optimizer for schedule η_t = η₀(t+1)^{−a} (a planted fault swaps in a slower one). */
  readonly optimizer: (a: number, eta0: number) => Optimizer<unknown>;
  readonly exponents: readonly number[];
  readonly eta0: number;
  readonly steps: number;
  readonly problems: readonly ProblemRecipe[];
}

function rateClaim(family: RateFamily, p: number, params: Partial<RateParams>, meta: { id: string; ref: string; title: string; defaultExponents: number[]; eta0: number }): Claim<RateInput> {
  const exps = params.exponents ?? meta.defaultExponents;
  const eta0 = params.eta0 ?? meta.eta0;
  const make = params.optimizer ?? ((a: number, e: number) => (family === 'adam' ? adam(polynomialSchedule(e, a)) : nsd(p, polynomialSchedule(e, a))));
  const steps = params.steps ?? 20000;
  return {
    id: meta.id,
    paper: 'fan2025',
    ref: meta.ref,
    title: meta.title,
    statement: `γ_${p === Infinity ? '∞' : p} − m(W_t)/‖W_t‖ decays at least as fast as the stated rate for η_t = η₀(t+1)^{−a}, a ∈ {${exps.map((a) => a.toFixed(2)).join(', ')}}: late-window slope and early-calibrated envelope`,
    assumptions: [],
    inputs: () => rateInput(steps, params.problems),
    check(x) {
      return exps.map((a) => {
        const tr = runTrajectory({ problem: x.problem, optimizer: make(a, eta0), steps: x.steps });
        const { ts, gaps } = gapSeries(tr, p);
        return verdictOutcome(a, rateVerdict(ts, gaps, rateBound(family, a), x.steps));
      });
    },
    runs: 2,
    confidence: 'medium-high',
    kind: 'asymptotic-evidence',
    tight: false,
  };
}

export function corollary54(p: number, params: Partial<RateParams> = {}): Claim<RateInput> {
  const pn = p === Infinity ? 'inf' : String(p);
  return rateClaim('nsd', p, params, {
    id: p === Infinity ? 'fan2025/cor-5.4' : `fan2025/cor-5.4-nsd-p${pn}`,
    ref: p === Infinity ? 'Corollary 5.4 = C.5' : `Corollary 5.4 analogue for NSD (p = ${pn}, App. E)`,
    title: `${p === Infinity ? 'SignGD' : `NSD p = ${pn}`} margin rate`,
    defaultExponents: [0.3, 0.5, 0.7, 1],
    eta0: 0.5,
  });
}

export function corollary64(params: Partial<RateParams> = {}): Claim<RateInput> {
  return rateClaim('adam', Infinity, params, {
    id: 'fan2025/cor-6.4',
    ref: 'Corollary 6.4',
    title: 'Adam (ε = 0) max-norm margin rate',
    defaultExponents: [0.5, 2 / 3, 0.8, 1],
    eta0: 0.1,
  });
}

/**
 * Thm 5.3 = C.4 with the explicit constants derived in THEOREMS.md §4/§8 (B-normalised data):
 * for t > t₁ = max(t₀, t₀'),
 *   γ − m(W_t)/‖W_t‖_max ≤ [γΣ_{s<t₁}η_s + (γn/2)Σ_{s=t₁}^{t−1}η_s L(W_s) + αΣ_{s=t₀'}^{t−1}η_s² + log(2nL(W_{t₀'}))] / Σ_{s<t}η_s,
 * t₀ the first step with η_t ≤ γ/(2α), t₀' the first step after which L ≤ log 2/n (within the run).
 */
export function theoremC4(params: { optimizer?: (s: Schedule) => Optimizer<unknown>; factor?: number } = {}): Claim<RateInput> {
  const make = params.optimizer ?? ((s: Schedule) => nsd(Infinity, s));
  const factor = params.factor ?? 1;
  return {
    id: 'fan2025/thm-5.3',
    paper: 'fan2025',
    ref: 'Theorem 5.3 = C.4 (explicit form)',
    title: 'SignGD margin gap bound with explicit constants',
    statement: 'γ − m(W_t)/‖W_t‖_max ≤ [γΣ_{s<t₁}η_s + (γn/2)Σ_{t₁≤s<t}η_sL_s + αΣ_{t₀′≤s<t}η_s² + log(2nL(W_{t₀′}))]/Σ_{s<t}η_s for t > t₁',
    assumptions: [],
    inputs: () =>
      fc
        .record({ recipe: fc.constantFrom<ProblemRecipe>({ recipe: 'clusters', k: 3, d: 4, nPerClass: 5, sigma: 0.1, seed: 0 }, { recipe: 'clusters', k: 5, d: 6, nPerClass: 4, sigma: 0.1, seed: 1 }), eta0: fc.constantFrom(0.05, 0.2), a: fc.constantFrom(0.5, 0.3) })
        .map(({ recipe, eta0, a }) => printable({ recipe, problem: problemFromRecipe(recipe, true), steps: 30000, eta0, a }, () => `{ problem: problemFromRecipe(${JSON.stringify(recipe)}, true), η_t = ${eta0}(t+1)^-${a}, T = 30000 }`)),
    check(x) {
      const { eta0, a } = x as RateInput & { eta0: number; a: number };
      const pb = x.problem;
      const s = polynomialSchedule(eta0, a);
      const gamma = pb.margin(Infinity).gamma;
      const alpha = 2 * pb.B * pb.B * Math.exp(2 * pb.B * s.eta0);
      const T = x.steps;
      const logL = new Float64Array(T + 1);
      const hook: StepHook<unknown> = { onStep: (c) => void (logL[c.t] = c.ev.logLoss) };
      const tr = runTrajectory({ problem: pb, optimizer: make(s), steps: T, hooks: [hook] });
      logL[T] = tr.final.ev.logLoss;
      let t0 = 0;
      while (t0 < T && s(t0) > gamma / (2 * alpha)) t0++;
      const lowLog = Math.log(Math.LN2 / pb.n);
      let t0p = T + 1;
      for (let t = T; t >= 0 && logL[t]! <= lowLog; t--) t0p = t;
      const t1 = Math.max(t0, t0p);
      const out: CheckOutcome[] = [];
      for (const c of tr.checkpoints) {
        if (c.t <= t1 || c.t > T) continue;
        let sPre = 0;
        let sL = 0;
        let s2 = 0;
        let sAll = 0;
        for (let u = 0; u < c.t; u++) {
          const e = s(u);
          sAll += e;
          if (u < t1) sPre += e;
          else sL += e * Math.exp(logL[u]!);
          if (u >= t0p) s2 += e * e;
        }
        const bound = (factor * (gamma * sPre + ((gamma * pb.n) / 2) * sL + alpha * s2 + Math.log(2 * pb.n) + logL[t0p]!)) / sAll;
        out.push({ ...leq(c.gap.max, bound, 'gap ≤ explicit bound'), note: `t = ${c.t}, t₁ = ${t1}` });
      }
      if (out.length === 0) return [{ ok: true, lhs: NaN, rhs: NaN, ratio: NaN, note: `t₁ = ${t1} ≥ T: no step to check` }];
      // The worst checkpoint stands for the run.
      return [out.reduce((w, o) => (!o.ok ? o : !w.ok ? w : o.ratio > w.ratio ? o : w))];
    },
    runs: 4,
    confidence: 'medium',
    kind: 'explicit-bound',
    tight: false,
  };
}

/**
 * Adam with ε > 0 (THEOREMS.md §14 P5): the paper says curves for small ε nearly overlap. That
 * holds while the gradient stays well above ε: until the horizon where min √v_t < 10³ε, the
 * max-norm gap with ε matches ε = 0 to 1% relative. After it, the runs depart (reported, not
 * asserted: a finding, not a failure).
 */
export function adamEpsilonOverlap(params: { eps?: readonly number[]; tolerance?: number; optimizer?: (eps: number) => Optimizer<unknown> } = {}): Claim<RateInput> {
  const epsList = params.eps ?? [1e-8, 1e-16];
  const tol = params.tolerance ?? 0.01;
  const make = params.optimizer ?? ((eps: number) => adam(polynomialSchedule(0.1, 2 / 3), { eps }));
  return {
    id: 'fan2025/adam-eps-overlap',
    paper: 'fan2025',
    ref: 'Sec. 6 experiments (ε-invariance), THEOREMS.md §14 P5',
    title: 'Adam with small ε follows ε = 0 while √v ≫ ε',
    statement: 'for ε ∈ {1e-8, 1e-16}: |gap_ε(t) − gap_0(t)| ≤ 1%·gap_0(t) at every checkpoint before the horizon min √v_t < 10³ε',
    assumptions: [],
    inputs: () => rateInput(20000),
    check(x) {
      const base = runTrajectory({ problem: x.problem, optimizer: make(0), steps: x.steps });
      return epsList.map((eps) => {
        let horizon = x.steps;
        const hook: StepHook<unknown> = {
          onStep: (c) => {
            const st = c.state as { logV?: Float64Array } | null;
            if (horizon === x.steps && st?.logV) {
              let mn = Infinity;
              for (const l of st.logV) mn = Math.min(mn, 0.5 * l);
              if (mn < Math.log(1e3 * eps)) horizon = c.t;
            }
          },
        };
        const tr = runTrajectory({ problem: x.problem, optimizer: make(eps), steps: x.steps, hooks: [hook] });
        let worst = 0;
        let after = 0;
        tr.checkpoints.forEach((c, i) => {
          const g0 = base.checkpoints[i]!.gap.max;
          const rel = Math.abs(c.gap.max - g0) / g0;
          if (c.t <= horizon) worst = Math.max(worst, rel);
          else after = Math.max(after, rel);
        });
        return { ...leq(worst, tol, `ε = ${eps}`), note: `horizon t = ${horizon}; after it the gaps differ by up to ${(100 * after).toFixed(1)}%` };
      });
    },
    runs: 2,
    confidence: 'medium',
    kind: 'asymptotic-evidence',
    tight: false,
  };
}

/**
 * Fig. 1 claims (1)–(3): the bias itself. After T steps the relative gaps gap_p/γ_p order as
 * the theory predicts: SignGD and Adam closer to the max-norm solution than to the 2-norm one,
 * NGD the reverse.
 */
export function biasSelection(params: { signgd?: Optimizer<unknown>; adamOpt?: Optimizer<unknown>; ngd?: Optimizer<unknown> } = {}): Claim<RateInput> {
  return {
    id: 'fan2025/fig-1-bias',
    paper: 'fan2025',
    ref: 'Fig. 1 (claims (1)–(3))',
    title: 'Implicit bias: which max-margin solution each optimizer approaches',
    statement: 'after T steps: SignGD, Adam: gap_∞/γ_∞ < gap_2/γ_2; NGD: gap_2/γ_2 < gap_∞/γ_∞',
    assumptions: [],
    inputs: () => rateInput(20000),
    check(x) {
      const s = () => polynomialSchedule(0.5, 0.5);
      const runs: [string, Optimizer<unknown>, boolean][] = [
        ['SignGD', params.signgd ?? nsd(Infinity, s()), true],
        ['Adam', params.adamOpt ?? adam(polynomialSchedule(0.1, 2 / 3)), true],
        ['NGD', params.ngd ?? nsd(2, s()), false],
      ];
      const gi = x.problem.margin(Infinity).gamma;
      const g2 = x.problem.margin(2).gamma;
      return runs.map(([name, opt, maxFirst]) => {
        const last = runTrajectory({ problem: x.problem, optimizer: opt, steps: x.steps, checkpoints: [x.steps] }).checkpoints[0]!;
        const rmax = last.gap.max / gi;
        const r2 = last.gap['2'] / g2;
        return maxFirst ? { ...leq(rmax, r2, name), note: `relative gaps: max-norm ${rmax.toExponential(2)}, 2-norm ${r2.toExponential(2)}` } : { ...leq(r2, rmax, name), note: `relative gaps: 2-norm ${r2.toExponential(2)}, max-norm ${rmax.toExponential(2)}` };
      });
    },
    runs: 2,
    confidence: 'high',
    kind: 'asymptotic-evidence',
    tight: false,
  };
}

export const rates = (): Claim<never>[] =>
  [corollary54(Infinity), corollary54(2), corollary54(1), corollary64(), theoremC4(), adamEpsilonOverlap(), biasSelection()] as unknown as Claim<never>[];
