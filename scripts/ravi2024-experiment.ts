/**
 * Reproduces the experiments of Ravi et al. (2024), App. I (THEOREMS.md §10 R-exp), writing
 * reports/ravi2024/experiment.json and the page ravi2024.html in the report directory:
 * - 10 runs, N = 100, d = 10, K = 3, X ~ N(0, I), y = argmax_c (W*x)_c, W* ~ N(0, I),
 *   PairLogLoss as the authors code it (mean over all N·K pair terms, the y-term log 2
 *   included: our PLL mean over N divided by K), GD with lr 0.1, W(0) ~ N(0, 1) with the class
 *   mean removed; recorded at 10 log-spaced steps per decade: ‖W(t)‖_F/‖Ŵ‖_F, the direction
 *   error, the residual ‖W(t) − Ŵ log t‖_F and the 2-norm margin gap;
 * - the N = 10, d = 2 demo: agreement of the decision regions argmax_c (W(t)x)_c with the
 *   SVM's on a grid of [−3, 3]² at t = 100, 1000, 100000.
 *
 *   npm run ravi-experiment -- [--steps 100000] [--report DIR] [--from-json]
 *
 * --from-json skips the runs and rebuilds the page from reports/ravi2024/experiment.json.
 */
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { makeRng } from '../src/data/rng.js';
import { plantedTeacher } from '../src/data/samplers.js';
import { zeros, type Matrix } from '../src/linalg/matrix.js';
import { constantSchedule, gd } from '../src/optimizers/index.js';
import { Problem } from '../src/problem.js';
import { runTrajectory, type StepHook } from '../src/trajectory/run.js';
import { logSpacedSteps } from '../src/trajectory/checkpoints.js';
import { directionTrace } from '../src/figures/gdDirection.js';
import { raviPage, type RaviExperiment } from '../src/figures/raviPage.js';
import { DEFAULT_REPORT_DIR } from '../src/report/page.js';
import { writePage } from '../src/report/html.js';
import { flag, outDir, positiveInteger, scriptArgs, value } from '../src/cli/args.js';

// The report directory is checked (and created) before any run: a path that cannot be written fails at once.
const values = scriptArgs({
  name: 'ravi-experiment',
  invocation: 'npm run ravi-experiment --',
  summary: 'the App. I experiment of Ravi et al. (2024): reports/ravi2024/experiment.json and the page ravi2024.html',
  options: {
    steps: value({ placeholder: 'T', parse: positiveInteger, default: 100_000, help: 'GD steps of every run' }),
    report: outDir({ default: DEFAULT_REPORT_DIR, files: ['ravi2024.html'], help: 'report directory the page ravi2024.html is written to' }),
    'from-json': flag('rebuild the page from reports/ravi2024/experiment.json without running'),
  },
  examples: [{ cmd: 'npm run ravi-experiment -- --steps 10000', what: 'a shorter run' }],
});
const JSON_FILE = 'reports/ravi2024/experiment.json';
const T = values.steps;
const K = 3;

function centredInit(k: number, d: number, seed: number): Matrix {
  const rng = makeRng(`ravi-init:${seed}`);
  const W = zeros(k, d);
  for (let i = 0; i < W.data.length; i++) W.data[i] = rng.normal();
  for (let j = 0; j < d; j++) {
    let m = 0;
    for (let c = 0; c < k; c++) m += W.data[c * d + j]!;
    for (let c = 0; c < k; c++) W.data[c * d + j] = W.data[c * d + j]! - m / k;
  }
  return W;
}

function runExperiment(): RaviExperiment {
  const at = logSpacedSteps(T, 10).filter((t) => t >= 2);
  const runs = Array.from({ length: 10 }, (_, r) => {
    const pb = new Problem(plantedTeacher({ k: K, d: 10, n: 100, seed: 1000 + r }).dataset);
    const { points, trajectory } = directionTrace({ problem: pb, optimizer: gd(constantSchedule(0.1 / K)), steps: T, loss: 'pll', W0: centredInit(K, 10, r), at, checkpoints: at });
    const gap2 = new Map(trajectory.checkpoints.map((c) => [c.t, c.gap['2']]));
    return { data: pb.dataset.source ?? '', gamma2: pb.margin(2).gamma, points: points.map((p) => ({ ...p, gap2: gap2.get(p.t) ?? NaN })) };
  });

  // The decision-region demo (N = 10, d = 2).
  const demo = new Problem(plantedTeacher({ k: K, d: 2, n: 10, seed: 7 }).dataset);
  const What = demo.margin(2).W;
  const snapshots = new Map<number, Matrix>();
  const snapAt = new Set([100, 1000, 100000].filter((t) => t <= T));
  const hook: StepHook<unknown> = { onStep: (c) => void (snapAt.has(c.t) && snapshots.set(c.t, c.W)) };
  const demoRun = runTrajectory({ problem: demo, optimizer: gd(constantSchedule(0.1 / K)), steps: T, loss: 'pll', W0: centredInit(K, 2, 99), hooks: [hook], checkpoints: [] });
  if (snapAt.has(T)) snapshots.set(T, demoRun.final.W); // hooks see steps t < T only
  const argmax = (W: Matrix, x: number[]): number => {
    let best = 0;
    let bv = -Infinity;
    for (let c = 0; c < K; c++) {
      const v = W.data[c * 2]! * x[0]! + W.data[c * 2 + 1]! * x[1]!;
      if (v > bv) {
        bv = v;
        best = c;
      }
    }
    return best;
  };
  const regions = [...snapshots.entries()].map(([t, W]) => {
    let agree = 0;
    let total = 0;
    for (let a = -3; a <= 3 + 1e-9; a += 0.05) {
      for (let b = -3; b <= 3 + 1e-9; b += 0.05) {
        total++;
        if (argmax(W, [a, b]) === argmax(What, [a, b])) agree++;
      }
    }
    return { t, agreement: agree / total };
  });

  return { steps: T, runs, regions };
}

const experiment: RaviExperiment = values['from-json'] ? (JSON.parse(readFileSync(JSON_FILE, 'utf8')) as RaviExperiment) : runExperiment();
if (!values['from-json']) {
  mkdirSync('reports/ravi2024', { recursive: true });
  writeFileSync(JSON_FILE, JSON.stringify(experiment, null, 2) + '\n');
}
const file = await writePage(values.report, raviPage(experiment, [`npm run ravi-experiment -- ${process.argv.slice(2).join(' ')}`.trim(), `record: ${JSON_FILE}`, `written ${new Date().toISOString().slice(0, 10)}`]));
process.stdout.write(`page: ${file}\n`);
