/**
 * Probes of Ravi et al. (2024): questions the paper leaves open or assumes, run as data, not as
 * red tests (issue #5). Each returns a Finding: what was asked, how many cases were examined,
 * what was found, and a shrunk counterexample where one exists.
 */
import fc from 'fast-check';
import { problemFromRecipe, type ProblemRecipe } from '../arbitraries/separableProblem.js';
import { probeAssumption, runClaimWithInput, type ProbeResult } from '../claims/runner.js';
import { eq8Check, type Eq8Report } from '../claims/ravi2024/appendixH.js';
import { maxStep, theorem34 } from '../claims/ravi2024/theorem34.js';
import { assumption41Certified } from '../claims/ravi2024/appendixH.js';
import { ass41Teacher, marginTieDataset } from '../claims/ravi2024/assumption41.js';
import type { Claim } from '../claims/types.js';
import { printable } from '../claims/inputs.js';
import type { Dataset } from '../data/dataset.js';
import { makeDataset } from '../data/dataset.js';
import { makeRng } from '../data/rng.js';
import type { LossName } from '../losses/index.js';
import { constantSchedule, gd, momentumGD, type Optimizer } from '../optimizers/index.js';
import { Problem } from '../problem.js';
import { ArgumentError } from '../errors.js';
import { runTrajectory, unitDistance } from '../trajectory/run.js';

export interface Finding {
  readonly id: string;
  readonly question: string;
  /** 'assumption-probe': drops a hypothesis of a theorem; 'conjecture': tests a conjecture; 'exploration': an open question, no theorem. */
  readonly kind: 'assumption-probe' | 'conjecture' | 'exploration';
  readonly examined: number;
  readonly summary: string;
  readonly counterexample?: string;
  readonly replay?: { readonly seed: number; readonly path: string };
  readonly data?: unknown;
}

/** Thm 3.4's step-size condition dropped: GD with η up to 100× the bound. */
export function stepSizeProbe(o: { numRuns?: number; seed?: number; losses?: readonly LossName[]; steps?: number } = {}): Finding[] {
  return (o.losses ?? ['ce', 'pll', 'exp']).map((loss) => {
    const p: ProbeResult = probeAssumption(theorem34(loss, o.steps !== undefined ? { steps: o.steps } : {}), 'step-below-bound', { numRuns: o.numRuns ?? 8, ...(o.seed !== undefined ? { seed: o.seed } : {}) });
    return {
      id: `ravi2024/probe-step-size-${loss}`,
      question: `Thm 3.4 (${loss}) with the step above 2β⁻¹σ_max⁻²: does a check of the theorem fail?`,
      kind: 'assumption-probe',
      examined: p.runs,
      summary:
        p.verdict === 'none-found'
          ? `none found in ${p.runs} runs`
          : p.violatesAssumption
            ? 'a run with a step above the bound fails a check of the theorem'
            : 'a check fails with the step BELOW the bound: a failure of the claim itself at this horizon (see counterexample)',
      ...(p.counterexample ? { counterexample: p.counterexample, replay: { seed: p.seed, path: p.path ?? '' } } : {}),
    };
  });
}

/** One GD run's trace at decades: e_t, e_t·log t, e_t·log t / log log t and ‖ρ_t‖ = ‖W_t − Ŵ log t‖. */
export interface RateTrace {
  readonly data: string;
  readonly certified: boolean;
  readonly theta: number;
  readonly trace: readonly { t: number; e: number; eLog: number; eLogOverLogLog: number; rho: number }[];
}

function rateTrace(text: string, pb: Problem, certified: boolean, theta: number, loss: LossName, T: number): RateTrace {
  const cps = [...[100, 1000, 10000, 100000, 1000000].filter((t) => t < T), T];
  const tr = runTrajectory({ problem: pb, optimizer: gd(constantSchedule(0.5 * maxStep(pb, loss))), steps: T, loss, checkpoints: cps });
  const normHat = 1 / pb.margin(2).gamma;
  return {
    data: text,
    certified,
    theta,
    trace: tr.checkpoints.map((c) => {
      const lt = Math.log(c.t);
      const w = c.norm['2'];
      const e = unitDistance(c.cosine['2']);
      const rho = Math.sqrt(Math.max(0, w * w - 2 * lt * c.cosine['2'] * w * normHat + lt * lt * normHat * normHat));
      return { t: c.t, e, eLog: e * lt, eLogOverLogLog: (e * lt) / Math.log(lt), rho };
    }),
  };
}

/** Rise of y per decade over the last two decades of a trace: [early, late]. */
const lastRises = (y: readonly number[]): [number, number] => [y[y.length - 2]! - y[y.length - 3]!, y[y.length - 1]! - y[y.length - 2]!];

/**
 * Thm 3.4 with Assumption 4.1 dropped: the claim is run on margin-tie datasets (a point on the
 * margin whose dual weight is forced to 0, Soudry's degenerate case) through the assumption
 * probe, and the rate is recorded as data on pairs of datasets (the same teacher with and
 * without the tie): under Ass. 4.1, e_t·log t = O(1); without it Soudry et al. predict
 * e_t ~ log log t / log t, i.e. e_t·log t still rising, by about log(1 + log 10/log t) per decade.
 */
export function assumption41Probe(o: { numRuns?: number; seed?: number; losses?: readonly LossName[]; steps?: number; traceSteps?: number; datasets?: number } = {}): Finding[] {
  const T = o.traceSteps ?? 1000000;
  const sets = Array.from({ length: o.datasets ?? 3 }, (_, i) => ({ K: 3, d: 3, n: 8 + 3 * i, seed: 37 + 101 * i }));
  const traces: RateTrace[] = sets.flatMap(({ K, d, n, seed }) => {
    const tie = marginTieDataset(K, d, n, seed);
    const base = ass41Teacher(K, d, n, seed);
    return [
      rateTrace(tie.text, new Problem(tie.dataset), assumption41Certified(tie.eq8), tie.eq8.theta, 'ce', T),
      rateTrace(base.text, new Problem(base.dataset), assumption41Certified(base.eq8), base.eq8.theta, 'ce', T),
    ];
  });
  const fmt = (r: RateTrace) => {
    const [early, late] = lastRises(r.trace.map((p) => p.eLog));
    const last = r.trace[r.trace.length - 1]!;
    return `${r.certified ? 'Ass. 4.1' : 'no Ass. 4.1'} (θ = ${r.theta.toFixed(3)}): e_T·log T = ${last.eLog.toFixed(3)}, rise per decade ${early.toFixed(3)} → ${late.toFixed(3)}, e·log t/log log t = ${last.eLogOverLogLog.toFixed(3)}`;
  };
  const probes = (o.losses ?? ['ce', 'pll', 'exp']).map((loss): Finding => {
    const p: ProbeResult = probeAssumption(theorem34(loss, o.steps !== undefined ? { steps: o.steps } : {}), 'ass-4.1', { numRuns: o.numRuns ?? 8, ...(o.seed !== undefined ? { seed: o.seed } : {}) });
    return {
      id: `ravi2024/probe-ass-4.1-${loss}`,
      question: `Thm 3.4 (${loss}) with Assumption 4.1 dropped (margin-tie datasets among the inputs): does a check of the claim fail?`,
      kind: 'assumption-probe',
      examined: p.runs,
      summary:
        p.verdict === 'none-found'
          ? `none found in ${p.runs} runs: the finite-window checks do not separate log log t / log t from 1/log t at T = ${o.steps ?? 100000}`
          : p.violatesAssumption
            ? 'a run on a dataset outside Ass. 4.1 fails a check of the claim'
            : 'a check fails on a dataset satisfying Ass. 4.1: a failure of the claim itself (see counterexample)',
      ...(p.counterexample ? { counterexample: p.counterexample, replay: { seed: p.seed, path: p.path ?? '' } } : {}),
    };
  });
  return [
    ...probes,
    {
      id: 'ravi2024/probe-ass-4.1-rate',
      question: `GD (CE, η = η_max/2) to T = ${T} on margin-tie datasets (Ass. 4.1 fails) and on the same teachers without the tie: how does e_t·log t behave?`,
      kind: 'assumption-probe',
      examined: traces.length,
      summary: traces.map((r) => `${r.data}: ${fmt(r)}`).join('; '),
      data: traces,
    },
  ];
}

/** Recipes of separable datasets, generic and degenerate (ties, mirrors, lattices). */
export type Eq8Recipe = ProblemRecipe | { readonly recipe: 'lattice'; readonly k: number; readonly d: number; readonly n: number; readonly seed: number };

/**
 * Small-integer points x ∈ {−3..3}^d labelled by an integer teacher T ∈ {−2..2}^{k×d}, kept when
 * the teacher's argmax is unique with gap ≥ 1: many points share margin hyperplanes. At most
 * 50n draws. A degenerate T (e.g. equal rows) may accept none; then T is replaced by the signed
 * axes (±e_1, ±e_2, ...), whose classes each get the point x = 2T_c first (scores 2 for c, −2 or
 * 0 for the others: gap 2), so the dataset is never empty and is separated by T.
 */
function latticeDataset(r: { k: number; d: number; n: number; seed: number }): Dataset {
  if (r.k > 2 * r.d) throw new ArgumentError(`lattice: k = ${r.k} classes need d ≥ k/2 = ${r.k / 2} signed axes, got d = ${r.d}`);
  const rng = makeRng(`lattice:${r.seed}`);
  const X: number[][] = [];
  const y: number[] = [];
  const fill = (T: number[][]): void => {
    for (let tries = 0; X.length < r.n && tries < 50 * r.n; tries++) {
      const x = Array.from({ length: r.d }, () => rng.integer(-3, 3));
      const s = T.map((w) => w.reduce((a, wj, j) => a + wj * x[j]!, 0));
      const best = Math.max(...s);
      if (s.filter((v) => v === best).length > 1 || best - Math.max(...s.filter((v) => v !== best), -Infinity) < 1) continue;
      X.push(x);
      y.push(s.indexOf(best));
    }
  };
  fill(Array.from({ length: r.k }, () => Array.from({ length: r.d }, () => rng.integer(-2, 2))));
  if (X.length === 0) {
    const axes = Array.from({ length: r.k }, (_, c) => Array.from({ length: r.d }, (_, j) => (j === c >> 1 ? (c % 2 === 0 ? 1 : -1) : 0)));
    for (let c = 0; c < r.k && X.length < r.n; c++) {
      X.push(axes[c]!.map((v) => 2 * v));
      y.push(c);
    }
    fill(axes);
  }
  return makeDataset(X, y, { k: r.k, allowEmptyClasses: true, source: `lattice(${JSON.stringify(r)})` });
}

export function eq8Dataset(r: Eq8Recipe): Dataset {
  return r.recipe === 'lattice' ? latticeDataset(r) : problemFromRecipe(r).dataset;
}

export function eq8Recipes(includeDegenerate: boolean): fc.Arbitrary<Eq8Recipe> {
  const seed = fc.nat({ max: 10000 });
  const generic = fc.oneof(
    fc.record({ recipe: fc.constant('teacher' as const), k: fc.integer({ min: 2, max: 5 }), d: fc.integer({ min: 2, max: 6 }), n: fc.integer({ min: 6, max: 40 }), seed }),
    fc.record({ recipe: fc.constant('clusters' as const), k: fc.integer({ min: 2, max: 5 }), d: fc.integer({ min: 2, max: 6 }), nPerClass: fc.integer({ min: 1, max: 8 }), sigma: fc.constantFrom(0.1, 0.5), seed }),
  );
  if (!includeDegenerate) return generic;
  return fc.oneof(
    generic,
    fc.record({ recipe: fc.constant('edge' as const), name: fc.constantFrom('duplicates', 'on-margin', 'binary-mirror', 'one-per-class', 'single-point-binary' as const), seed, d: fc.integer({ min: 2, max: 4 }) }),
    fc.record({ recipe: fc.constant('lattice' as const), k: fc.integer({ min: 2, max: 4 }), d: fc.integer({ min: 2, max: 3 }), n: fc.integer({ min: 4, max: 20 }), seed }),
  );
}

function eq8Claim(includeDegenerate: boolean, which: 'sufficientCondition' | 'solvableForAlpha'): Claim<{ recipe: Eq8Recipe; report: Eq8Report }> {
  return {
    id: `ravi2024/app-H-${which}`,
    paper: 'ravi2024',
    ref: 'Assumption 4.1 / Eq. (8), App. H',
    title: which === 'sufficientCondition' ? 'support-vector design has full rank' : 'Eq. (8) solvable for the SVM dual',
    statement: which === 'sufficientCondition' ? 'rank{a_p : p active} = #active' : '∃W̃: ⟨a_p, W̃⟩ = log(η/α_p) on the support',
    assumptions: [],
    inputs: () =>
      eq8Recipes(includeDegenerate).map((recipe) => {
        // Every recipe yields a valid separable dataset (by construction), so any error here
        // is a bug to see, not a case to skip.
        const report = eq8Check(eq8Dataset(recipe));
        return printable({ recipe, report }, () => `${recipe.recipe === 'lattice' ? 'lattice' : 'problemFromRecipe'}(${JSON.stringify(recipe)})`);
      }),
    check: (x) => ({ ok: x.report[which], lhs: x.report.rankActive, rhs: x.report.active, ratio: NaN, note: JSON.stringify(x.report) }),
    kind: 'exact-inequality',
    runs: 200,
    confidence: 'low',
    tight: false,
  };
}

/**
 * App. H conjecture: Eq. (8) (through its sufficient condition) holds for almost every separable
 * dataset. Random datasets: counted. Adversarial ones (ties, mirrors, duplicates, lattices):
 * fast-check searches for a failure and shrinks it.
 */
export function appendixHProbe(o: { numRuns?: number; seed?: number } = {}): Finding[] {
  const runs = o.numRuns ?? 200;
  const opts = { numRuns: runs, ...(o.seed !== undefined ? { seed: o.seed } : {}) };
  const out: Finding[] = [];
  for (const [degenerate, label] of [[false, 'random'], [true, 'adversarial']] as const) {
    for (const which of ['sufficientCondition', 'solvableForAlpha'] as const) {
      const { result: r } = runClaimWithInput(eq8Claim(degenerate, which), opts);
      // The search stops at its first counterexample; count the failures over a full sample too.
      let examined = 0;
      let failing = 0;
      for (const recipe of fc.sample(eq8Recipes(degenerate), { numRuns: runs, ...(o.seed !== undefined ? { seed: o.seed } : {}) })) {
        const rep = eq8Check(eq8Dataset(recipe));
        examined++;
        if (!rep[which]) failing++;
      }
      out.push({
        id: `ravi2024/probe-app-H-${which}-${label}`,
        question: `${which === 'sufficientCondition' ? 'App. H sufficient condition (support-vector design of full rank = #SV)' : 'Eq. (8) solvable for the dual α the solver returns'} on ${label} separable datasets`,
        kind: 'conjecture',
        examined,
        summary: `${r.status === 'pass' ? 'search: none found' : 'search: a counterexample, shrunk'}; sample: fails on ${failing} of ${examined} separable datasets`,
        ...(r.counterexample ? { counterexample: `${r.counterexample} → ${r.failure?.outcome?.note ?? ''}`, replay: { seed: r.seed, path: r.path ?? '' } } : {}),
      });
    }
  }
  return out;
}

/** Direction error to Ŵ along a run, at decades. */
function directionTrace(pb: Problem, opt: Optimizer<unknown>, loss: LossName, T: number): { t: number; directionError: number; gap2: number; logLoss: number }[] {
  const cps = [...[10, 100, 1000, 10000, 100000, 1000000].filter((t) => t < T), T];
  const tr = runTrajectory({ problem: pb, optimizer: opt, steps: T, loss, checkpoints: cps });
  return tr.checkpoints.map((c) => ({ t: c.t, directionError: unitDistance(c.cosine['2']), gap2: c.gap['2'], logLoss: c.logLoss }));
}

/**
 * Open questions 2 and 3 of the summary, as exploration: GD on a polynomial-tailed PERM loss,
 * and GD with heavy-ball momentum. Does the direction approach the SVM's?
 */
export function openQuestionProbes(o: { steps?: number; datasets?: number } = {}): Finding[] {
  const T = o.steps ?? 100000;
  const sets = Array.from({ length: o.datasets ?? 3 }, (_, i) => new Problem(problemFromRecipe({ recipe: 'teacher', k: 3, d: 3, n: 20, seed: 100 + i }).dataset));
  const runs = (name: string, make: (pb: Problem) => Optimizer<unknown>, loss: LossName) =>
    sets.map((pb) => ({ data: pb.dataset.source, trace: directionTrace(pb, make(pb), loss, T) }));
  const ce = runs('GD, CE', (pb) => gd(constantSchedule(0.5 * maxStep(pb, 'ce'))), 'ce');
  const poly = runs('GD, polynomial tail', (pb) => gd(constantSchedule(0.5 * maxStep(pb, 'poly'))), 'poly');
  const mom = runs('GD + momentum 0.9, CE', (pb) => momentumGD(constantSchedule(0.05 * maxStep(pb, 'ce')), 0.9), 'ce');
  const last = (r: typeof ce) => r.map((x) => x.trace[x.trace.length - 1]!.directionError);
  const fmt = (v: number[]) => v.map((x) => x.toExponential(2)).join(', ');
  return [
    {
      id: 'ravi2024/probe-open-q2-non-ET',
      question: 'Open question 2: does GD on a PERM loss without an exponential tail (φ(z) = (√(z²+1) − z)², tail ~ 1/(4z²)) still converge in direction to the SVM?',
      kind: 'exploration',
      examined: sets.length,
      summary: `direction error to Ŵ at T = ${T}: polynomial tail ${fmt(last(poly))}; CE (reference) ${fmt(last(ce))}`,
      data: { ce, poly },
    },
    {
      id: 'ravi2024/probe-open-q3-momentum',
      question: 'Open question 3: does GD with heavy-ball momentum (μ = 0.9) converge in direction to the SVM?',
      kind: 'exploration',
      examined: sets.length,
      summary: `direction error to Ŵ at T = ${T}: momentum ${fmt(last(mom))}; plain GD ${fmt(last(ce))}`,
      data: { momentum: mom, gd: ce },
    },
  ];
}
