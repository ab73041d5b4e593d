/**
 * The scientific plots of `ibh verify`'s page, from short seeded runs (deterministic: the same
 * seed gives the same figures, bit for bit). Budget: quick mode runs 8 trajectories of 5·10³
 * steps on small problems (about 1 s of steps on one core); full mode 2·10⁴ steps (the rate
 * claims' own T, about 4 s). The long runs are on the pages of `npm run rates`, `probes` and
 * `ravi-experiment`.
 */
import { problemFromRecipe, type ProblemRecipe } from '../arbitraries/separableProblem.js';
import { ass41Teacher } from '../claims/ravi2024/assumption41.js';
import { maxStep } from '../claims/ravi2024/theorem34.js';
import { adam, constantSchedule, gd, polynomialSchedule } from '../optimizers/index.js';
import { Problem } from '../problem.js';
import type { Section } from '../report/page.js';
import { logSpacedSteps } from '../trajectory/checkpoints.js';
import { runTrajectory } from '../trajectory/run.js';
import { fig1Figures, type Fig1Run } from './fig1.js';
import { directionFigures, directionTrace, svmHat } from './gdDirection.js';
import { marginGapFigure } from './marginGap.js';
import { liveGapRun, type RateRunSpec } from './runs.js';
import { vectorNorm } from '../linalg/norms.js';

export interface VerifyFiguresOptions {
  readonly seed: number;
  readonly quick?: boolean;
}

export const VERIFY_FIGURE_STEPS = { quick: 5000, full: 20000 } as const;

/** The rate runs drawn: each optimizer in the norm of its theorem. */
export const VERIFY_RATE_RUNS: readonly RateRunSpec[] = [
  { id: 'gap-signgd', optimizer: 'SignGD', family: 'nsd', p: Infinity, a: 0.5 },
  { id: 'gap-ngd', optimizer: 'NGD (p = 2)', family: 'nsd', p: 2, a: 0.5 },
  { id: 'gap-cd', optimizer: 'NSD p = 1 (coordinate descent)', family: 'nsd', p: 1, a: 0.5 },
  { id: 'gap-adam', optimizer: 'Adam (ε = 0)', family: 'adam', p: Infinity, a: 2 / 3 },
];

/** A recipe seed from the harness seed (any 32-bit integer). */
const recipeSeed = (seed: number): number => Math.abs(Math.trunc(seed)) % 1_000_000;

/** The sections verify's index page includes (rates, Fig. 1, GD direction). */
export function verifyFigures(o: VerifyFiguresOptions): Section[] {
  const T = o.quick ? VERIFY_FIGURE_STEPS.quick : VERIFY_FIGURE_STEPS.full;
  const recipe: ProblemRecipe = { recipe: 'clusters', k: 3, d: 4, nPerClass: 4, sigma: 0.1, seed: recipeSeed(o.seed) };
  const pb = problemFromRecipe(recipe, true);
  const data = `problemFromRecipe(${JSON.stringify(recipe)}, true)`;
  const gapRuns = VERIFY_RATE_RUNS.map((s) => liveGapRun(pb, s, T));
  const gaps = gapRuns.map((r) => marginGapFigure(r));

  // Fig. 1: the claims' schedules (fig-1-bias, adam-eps-overlap): NSD 0.5(t+1)^{−1/2}, Adam 0.1(t+1)^{−2/3}.
  const byId = (id: string) => gapRuns.find((r) => r.id === id)!;
  const adamRuns: Fig1Run[] = [0, 1e-16, 1e-8].map((eps) => ({
    label: `Adam, ε = ${eps}`,
    checkpoints: runTrajectory({ problem: pb, optimizer: adam(polynomialSchedule(0.1, 2 / 3), { eps }), steps: T }).checkpoints,
  }));
  const fig1 = fig1Figures({
    id: 'fig1',
    gamma: { max: pb.margin(Infinity).gamma, '2': pb.margin(2).gamma },
    runs: [{ label: 'NGD', checkpoints: byId('gap-ngd').checkpoints }, { label: 'SignGD', checkpoints: byId('gap-signgd').checkpoints }, ...adamRuns],
    note: 'NGD, SignGD: η_t = 0.5(t+1)^−0.5; Adam: η_t = 0.1(t+1)^−2/3 (the schedules of fig-1-bias and adam-eps-overlap); the three Adam lines overlap while √v ≫ ε.',
  });

  // GD (CE, η = η_max/2) on a teacher with Assumption 4.1 certified and support gap θ ≥ 0.3.
  const teacher = ass41Teacher(3, 2, 12, recipeSeed(o.seed), 0.3);
  const tp = new Problem(teacher.dataset);
  const { points } = directionTrace({ problem: tp, optimizer: gd(constantSchedule(0.5 * maxStep(tp, 'ce'))), steps: T, loss: 'ce', at: logSpacedSteps(T, 10) });
  const dir = directionFigures('gd', [{ label: 'GD', points, normHat: vectorNorm(svmHat(tp).data, 2) }], 'CE, η = η_max/2.');

  const budget = `Seed ${o.seed}; ${o.quick ? 'quick' : 'full'} mode: T = ${T} steps per run (quick 5·10³, full 2·10⁴), ${gapRuns.length + adamRuns.length + 1} runs on small problems, a few seconds in all.`;
  const where = (d: string) => `Data: ${d}.`;
  return [
    {
      heading: 'Margin gap against t (Cor. 5.4, its NSD analogue, Cor. 6.4)',
      text: [
        'Each optimizer in the norm of its theorem, on B-normalised data, with the rate claims\' own evidence: the fitted exponent of the evidence series in S_t = Σ_{s<t}η_s over [T/100, T], the theorem\'s rate, and the explicit C.4 bound where it is reached. Short runs: the claims decide pass or fail; these plots show what they measured.',
        budget,
        where(data),
      ],
      figures: gaps.map((g) => g.figure),
    },
    { heading: 'Fan, Schmidt, Thrampoulidis (2025), Fig. 1', text: ['Normalised margins and the cosine with each max-margin solution: SignGD and Adam approach the max-norm solution, NGD the 2-norm one; Adam with ε ∈ {1e-16, 1e-8} follows ε = 0.', budget, where(data)], figures: fig1 },
    { heading: 'Ravi et al. (2024): GD\'s direction', text: ['Direction error against 1/log t with the exact bound of Thm 3.4\'s decomposition, and the residual ‖W_t − Ŵ log t‖.', budget, where(teacher.text)], figures: dir },
  ];
}
