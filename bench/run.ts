/**
 * `npm run bench`: margin solve times, loss/gradient throughput, optimizer steps per second
 * and the time to 10⁶ SignGD steps at the paper scale. Not a test: it prints numbers.
 * Options: --quick (small sizes), --full-limit SECONDS (each full-LP solve, default 120),
 * --only margins,gradient,optimizers,million, --million-steps N (default 10⁶).
 */
import { parseArgs } from 'node:util';
import { gaussianClusters } from '../src/data/samplers.js';
import { SolverError } from '../src/errors.js';
import { zeros } from '../src/linalg/matrix.js';
import { crossEntropy } from '../src/losses/index.js';
import { Objective } from '../src/losses/objective.js';
import { lpMargin } from '../src/margins/lpMargin.js';
import { svmMargin } from '../src/margins/svmMargin.js';
import { adam, constantSchedule, coordinateDescent, gd, normalizedGD, polynomialSchedule, signGD, signum, type Optimizer } from '../src/optimizers/index.js';
import { Problem } from '../src/problem.js';
import { runTrajectory } from '../src/trajectory/run.js';

const { values } = parseArgs({
  options: {
    quick: { type: 'boolean', default: false },
    'full-limit': { type: 'string', default: '120' },
    'million-steps': { type: 'string', default: '1000000' },
    only: { type: 'string' },
  },
});
const want = (section: string): boolean => !values.only || values.only.split(',').includes(section);
const fullLimit = Number(values['full-limit']);

const row = (cells: (string | number)[]): void => console.log(cells.map((c) => String(c).padEnd(16)).join(''));

if (want('margins')) benchMargins();
if (want('gradient')) benchGradient();
if (want('optimizers')) benchOptimizers();
if (want('million')) benchMillion();

function benchMargins(): void {
console.log(`# margin solves (gaussianClusters, σ = 0.1, seed 0; node ${process.version})`);
row(['(k, d, n)', 'norm', 'method', 'seconds', 'gamma', 'rounds', 'working set', 'cert. gap']);
const sizes: [number, number, number][] = values.quick ? [[10, 25, 500], [10, 50, 500]] : [[10, 50, 500], [10, 100, 2000], [20, 100, 2000]];
for (const [k, d, n] of sizes) {
  const ds = gaussianClusters({ k, d, nPerClass: n / k, sigma: 0.1, seed: 0 });
  const label = `(${k}, ${d}, ${n})`;
  for (const p of [Infinity, 1] as const) {
    const norm = p === Infinity ? 'max' : '1';
    const cg = lpMargin(ds, p);
    row([label, norm, 'constraint-gen', cg.seconds.toFixed(3), cg.gamma.toPrecision(12), cg.rounds, cg.workingSetSize, cg.certificate.relGap.toExponential(1)]);
    try {
      const full = lpMargin(ds, p, { method: 'full', timeLimitSeconds: fullLimit });
      row([label, norm, 'full LP', full.seconds.toFixed(3), full.gamma.toPrecision(12), full.rounds, full.workingSetSize, full.certificate.relGap.toExponential(1)]);
      row(['', '', 'speed-up', `${(full.seconds / cg.seconds).toFixed(1)}x`, `Δγ/γ ${(Math.abs(full.gamma - cg.gamma) / full.gamma).toExponential(1)}`]);
    } catch (e) {
      if (!(e instanceof SolverError)) throw e;
      row([label, norm, 'full LP', `> ${fullLimit} (stopped)`]);
    }
  }
  const svm = svmMargin(ds);
  row([label, '2', 'nnls-ldp', svm.seconds.toFixed(3), svm.gamma.toPrecision(12), svm.rounds, svm.workingSetSize, svm.certificate.relGap.toExponential(1)]);
}

}

function benchGradient(): void {
console.log('\n# CE loss + scaled gradient evaluations (one optimizer step each)');
row(['(n, d, k)', 'steps', 'seconds', 'steps/s', 'ns/(n·k·d)']);
for (const [n, d, k] of [[500, 25, 10], [10000, 100, 10]] as [number, number, number][]) {
  const ds = gaussianClusters({ k, d, nPerClass: n / k, sigma: 0.1, seed: 0 });
  const obj = new Objective(ds, crossEntropy);
  const W = zeros(k, d);
  const grad = zeros(k, d);
  const target = 2; // seconds
  let steps = 0;
  const t0 = performance.now();
  while (performance.now() - t0 < target * 1000) {
    const ev = obj.evaluate(W, grad);
    // A SignGD step keeps W moving so the work is that of a real run.
    for (let i = 0; i < W.data.length; i++) W.data[i] = W.data[i]! - 0.01 * Math.sign(ev.gradient.mantissa.data[i]!);
    steps++;
  }
  const secs = (performance.now() - t0) / 1000;
  row([`(${n}, ${d}, ${k})`, steps, secs.toFixed(2), (steps / secs).toFixed(0), ((secs * 1e9) / steps / (n * k * d)).toFixed(2)]);
}
}

function paperProblem(): Problem {
  const pb = new Problem(gaussianClusters({ k: 10, d: 25, nPerClass: 50, sigma: 0.1, seed: 0 }));
  for (const p of [Infinity, 2, 1]) pb.margin(p);
  return pb;
}

function benchOptimizers(): void {
  console.log('\n# optimizer steps per second at the paper scale (k = 10, d = 25, n = 500; engine with checkpoints)');
  row(['optimizer', 'steps', 'seconds', 'steps/s']);
  const pb = paperProblem();
  const s = () => polynomialSchedule(0.1, 0.5);
  const opts: [string, Optimizer<unknown>][] = [
    ['GD', gd(constantSchedule(0.1))],
    ['NGD', normalizedGD(s())],
    ['SignGD', signGD(s())],
    ['CD (NSD p = 1)', coordinateDescent(s())],
    ['Adam (ε = 0)', adam(s())],
    ['Adam (ε = 1e-8, bias corr.)', adam(s(), { eps: 1e-8, biasCorrection: true })],
    ['Signum', signum(s())],
  ];
  for (const [name, opt] of opts) {
    const T = values.quick ? 500 : 3000;
    const tr = runTrajectory({ problem: pb, optimizer: opt, steps: T });
    row([name, T, tr.seconds.toFixed(2), (T / tr.seconds).toFixed(0)]);
  }
}

function benchMillion(): void {
  const T = Number(values['million-steps']);
  console.log(`\n# ${T} SignGD steps at the paper scale (η_t = (t + 1)^-1/2), log-domain throughout`);
  const pb = paperProblem();
  const tr = runTrajectory({ problem: pb, optimizer: signGD(polynomialSchedule(1, 0.5)), steps: T });
  const last = tr.checkpoints[tr.checkpoints.length - 1]!;
  row(['steps', 'seconds', 'steps/s', 'log L(W_T)', 'max-norm gap', 'finite']);
  row([T, tr.seconds.toFixed(1), (T / tr.seconds).toFixed(0), last.logLoss.toFixed(1), last.gap.max.toExponential(3), String(Number.isFinite(last.logLoss) && Number.isFinite(last.gap.max))]);
  console.log(`plain float64 would have frozen at: loss (1 − s_y = 0 for every sample) t = ${tr.frozen.naiveLossZeroAt}, gradient (every entry < 5e-324) t = ${tr.frozen.plainGradientZeroAt}`);
}
