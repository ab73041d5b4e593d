import { RATE_PROBLEMS } from '../src/claims/fan2025/rates.js';
import { problemFromRecipe } from '../src/arbitraries/separableProblem.js';
import { minMargin } from '../src/losses/objective.js';
import { entrywiseNorm } from '../src/linalg/norms.js';
import { runTrajectory } from '../src/trajectory/run.js';
import { beyondHorizon } from '../src/trajectory/horizon.js';
import { gd, nsd, adam, signum, polynomialSchedule, constantSchedule } from '../src/optimizers/index.js';
const T = Number(process.argv[2] ?? 20000);
const norms = [Infinity, 2, 1, 3];
for (const [i, r] of RATE_PROBLEMS.entries()) {
  const pb = problemFromRecipe(r, true);
  const ms = norms.map((p) => pb.margin(p));
  console.log(`problem ${i}: B=${pb.B.toFixed(3)} n=${pb.n} γ=`, ms.map((m) => m.gamma.toPrecision(4)).join(' '));
  for (const [a, p] of norms.entries()) console.log('  deficit of W*_q in norm', p, norms.map((q, b) => (1 - minMargin(pb.dataset, ms[b].W) / entrywiseNorm(ms[b].W, p) / ms[a].gamma).toFixed(3)).join(' '));
  let maxx2 = 0; for (let i2 = 0; i2 < pb.n; i2++) { let s = 0; for (let j = 0; j < pb.d; j++) s += pb.dataset.X.data[i2*pb.d+j]**2; maxx2 = Math.max(maxx2, s); }
  const fams: [string, any][] = [
    ['gd', gd(constantSchedule(1 / maxx2))], ['ngd', nsd(2, polynomialSchedule(0.5, 0.5))], ['signgd', nsd(Infinity, polynomialSchedule(0.5, 0.5))], ['cd', nsd(1, polynomialSchedule(0.5, 0.5))], ['nsd3', nsd(3, polynomialSchedule(0.5, 0.5))],
    ['adam', adam(polynomialSchedule(0.1, 2 / 3))], ['signum', signum(polynomialSchedule(0.5, 0.5))],
  ];
  for (const [name, opt] of fams) {
    let h32 = -1, h64 = -1;
    const t0 = performance.now();
    const tr = runTrajectory({ problem: pb, optimizer: opt, steps: T, hooks: [{ onStep: (c) => { if (h64 < 0 && beyondHorizon(c.ev.gradient, c.ev.logLoss, 'float64')) h64 = c.t; if (h32 < 0 && beyondHorizon(c.ev.gradient, c.ev.logLoss, 'float32')) h32 = c.t; } }] });
    const at = (t: number) => tr.checkpoints.find((c) => c.t >= t)!;
    const rel = (c: any) => [c.gap.max / ms[0].gamma, c.gap['2'] / ms[1].gamma, c.gap['1'] / ms[2].gamma].map((x) => x.toExponential(2)).join(' ');
    console.log(`  ${name.padEnd(7)} T/100: ${rel(at(T / 100))} | T/10: ${rel(at(T / 10))} | T: ${rel(at(T))}  h64 ${h64} h32 ${h32} logL ${tr.final.ev.logLoss.toFixed(1)} ${((performance.now() - t0) / 1000).toFixed(1)}s`);
  }
}
