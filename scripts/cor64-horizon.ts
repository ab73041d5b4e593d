/**
 * Cor. 6.4's bounded-Q evidence on one problem at growing horizons T (a finding of session 5:
 * registry seed 417, `ibh replay --claim fan2025/cor-6.4 --seed 417 --path 0`, reads "growing" at
 * the claim's T = 2·10⁴ and "bounded" at 2·10⁵ and 2·10⁶: Q_t approaches its limit from below).
 *
 *   npx tsx scripts/cor64-horizon.ts
 */
import { problemFromRecipe } from '../src/arbitraries/separableProblem.js';
import { corollary64 } from '../src/claims/fan2025/rates.js';

const problem = problemFromRecipe({ recipe: 'clusters', k: 4, d: 2, nPerClass: 3, sigma: 1, seed: 1630 }, true);
for (const steps of [20_000, 200_000, 2_000_000]) {
  const t0 = performance.now();
  const outcomes = [corollary64({ steps, exponents: [0.8] }).check({ problem, steps })].flat();
  for (const o of outcomes) if (/bounded/.test(o.part ?? '')) process.stdout.write(`T = ${steps}: ${o.ok ? 'bounded' : 'FAILS'} (rise ratio ${o.lhs.toFixed(3)}); ${o.note ?? ''}\n`);
  process.stdout.write(`  ${((performance.now() - t0) / 1000).toFixed(1)} s\n`);
}
