/**
 * µs per engine step (CPU time of this process) for Adam (ε = 0) and SignGD at a small size
 * (k, d, n) = (4, 3, 8) and at the paper size (10, 25, 500), beside the floor: the evaluation
 * alone (Objective.evaluateInto into one buffer). Issue #11's before/after figures:
 * `npx tsx bench/perStep.ts [repeats]`.
 */
import { problemFromRecipe } from '../src/arbitraries/separableProblem.js';
import { gaussianClusters } from '../src/data/samplers.js';
import { zeros } from '../src/linalg/matrix.js';
import { crossEntropy } from '../src/losses/index.js';
import { EvaluationBuffers, Objective } from '../src/losses/objective.js';
import { adam, polynomialSchedule, signGD, type Optimizer } from '../src/optimizers/index.js';
import { Problem } from '../src/problem.js';
import { runTrajectory } from '../src/trajectory/run.js';

const cpuSeconds = (f: () => void): number => {
  const c0 = process.cpuUsage();
  f();
  const c = process.cpuUsage(c0);
  return (c.user + c.system) / 1e6;
};

const sizes: readonly { name: string; pb: () => Problem; steps: number }[] = [
  { name: '(k,d,n) = (4,3,8)', pb: () => problemFromRecipe({ recipe: 'clusters', k: 4, d: 3, nPerClass: 2, sigma: 1, seed: 10 }, true), steps: 200_000 },
  { name: '(k,d,n) = (10,25,500)', pb: () => new Problem(gaussianClusters({ k: 10, d: 25, nPerClass: 50, sigma: 0.1, seed: 0 })), steps: 10_000 },
];
const optimizers: readonly [string, () => Optimizer<unknown>][] = [
  ['Adam ε = 0', () => adam(polynomialSchedule(2, 0.8))],
  ['SignGD', () => signGD(polynomialSchedule(1, 0.5))],
];

const repeats = Number(process.argv[2] ?? 3);
for (const s of sizes) {
  const pb = s.pb();
  for (const p of [Infinity, 2, 1]) pb.margin(p);
  const obj = new Objective(pb.dataset, crossEntropy);
  const W = zeros(pb.k, pb.d);
  const buf = new EvaluationBuffers(pb.k, pb.d);
  const floor = Math.min(...Array.from({ length: repeats }, () => cpuSeconds(() => { for (let i = 0; i < s.steps; i++) obj.evaluateInto(W, buf); })));
  console.log(`${s.name}  evaluateInto alone: ${((floor / s.steps) * 1e6).toFixed(2)} µs/step`);
  for (const [name, make] of optimizers) {
    const best = Math.min(...Array.from({ length: repeats }, () => cpuSeconds(() => void runTrajectory({ problem: pb, optimizer: make(), steps: s.steps }))));
    console.log(`${s.name}  ${name.padEnd(10)}  ${((best / s.steps) * 1e6).toFixed(2)} µs/step`);
  }
}
