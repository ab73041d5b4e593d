import { loadRealDataset } from '../src/data/real.js';
import { Problem } from '../src/problem.js';
import { gd, signGD, adam, constantSchedule, polynomialSchedule } from '../src/optimizers/index.js';
import { trackRun } from '../src/probes/realdata/track.js';
import { maxStep } from '../src/claims/ravi2024/theorem34.js';
const pb = new Problem(loadRealDataset(process.argv[2] ?? 'digits').dataset).normalisedB();
const T = Number(process.argv[3] ?? 2000);
const mi = pb.margin(Infinity), m2 = pb.margin(2);
console.log('B0', 'gInf', mi.gamma, 'g2', m2.gamma, 'maxStep ce', maxStep(pb, 'ce'), 'pll', maxStep(pb, 'pll'));
const refs = [{ p: Infinity, W: mi.W, gamma: mi.gamma }, { p: 2, W: m2.W, gamma: m2.gamma }];
for (const [name, opt, loss] of [['gd-ce', gd(constantSchedule(0.5*maxStep(pb,'ce'))), 'ce'], ['gd-pll', gd(constantSchedule(0.5*maxStep(pb,'pll'))), 'pll'], ['sign', signGD(polynomialSchedule(1/mi.gamma, 0.5)), 'ce'], ['adam', adam(polynomialSchedule(1/mi.gamma,0.5)), 'ce']] as const) {
  const r = trackRun({ dataset: pb.dataset, optimizer: opt as never, loss, steps: T, refs, checkpoints: [10, 100, 1000, 10000, 30000].filter(t => t < T) });
  console.log(name, r.seconds.toFixed(1));
  for (const p of r.points) console.log('  ', p.t, p.logLoss.toFixed(3), p.logGradNorm.toFixed(3), p.accuracy.toFixed(4), 'gap', p.gap.max!.toExponential(2), p.gap['2']!.toExponential(2), 'cos', p.cosine.max!.toFixed(4), p.cosine['2']!.toFixed(4));
}
