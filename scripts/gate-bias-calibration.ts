/**
 * Tier 3 calibration (the gate's implicit-bias check, src/gate/bias.ts): for every problem of
 * the fixed set, the margin deficits of each norm's max-margin solution in the other norms (the
 * property the set is chosen for), then every family's reference optimizer through the check,
 * with the relative gaps it ends at. Every reference must pass.
 *   npx tsx scripts/gate-bias-calibration.ts
 */
import { biasProblems, deficit, distinctNorms, implicitBias } from '../src/gate/bias.js';
import { parseFamily } from '../src/gate/families.js';

const norms = [Infinity, 2, 1, 3];
biasProblems().forEach((pb, i) => {
  console.log(`problem ${i}: k = ${pb.k}, d = ${pb.d}, n = ${pb.n}, γ_∞, γ_2, γ_1, γ_3 = ${norms.map((p) => pb.margin(p).gamma.toPrecision(4)).join(', ')}`);
  for (const p of norms) console.log(`  deficit in the ${p}-norm of W*_q, q = ∞, 2, 1, 3: ${norms.map((q) => deficit(pb, p, q).toFixed(3)).join(' ')}; compared: ${distinctNorms(pb, p).join(', ')}`);
});
let failed = 0;
for (const [f, o] of [['gd', {}], ['ngd', {}], ['signgd', {}], ['cd', {}], ['nsd:3', {}], ['adam', {}], ['adam', { beta2: 0.999, biasCorrection: true }], ['adam-eps', { eps: 1e-8 }], ['signum', {}]] as const) {
  const spec = parseFamily(f, o);
  const t0 = performance.now();
  const r = implicitBias(spec.reference!, spec);
  if (r.status !== 'pass') failed++;
  console.log(`${r.status.toUpperCase()} ${spec.label} (${((performance.now() - t0) / 1000).toFixed(1)} s)\n  ${r.problems.map((p) => p.detail).join('\n  ')}`);
}
process.exitCode = failed ? 1 : 0;
