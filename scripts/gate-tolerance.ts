/**
 * Tier 1 tolerance measurement (src/gate/equivalence.ts, TOLERANCE): the largest error
 * |u − r|/(|r| + s_t) of correct plain implementations of every family against the reference,
 * over SEEDS seeds of 100 generated cases each.
 *   npx tsx scripts/gate-tolerance.ts float64|float32 [SEEDS]
 */
import type { OptimizerFactory } from "../src/optimizers/types.js";
import { parseFamily, type FamilyOptions } from '../src/gate/families.js';
import { referenceEquivalence } from '../src/gate/equivalence.js';
import { plainGD, plainNSD, plainAdam, plainSignum, type Arith } from '../properties/gate/plain.js';
const arith = (process.argv[2] ?? 'float64') as Arith;
const seeds = Number(process.argv[3] ?? 3);
const fams: [string, OptimizerFactory, FamilyOptions][] = [
  ['gd', plainGD(arith), {}], ['ngd', plainNSD(2, arith), {}], ['signgd', plainNSD(Infinity, arith), {}], ['cd', plainNSD(1, arith), {}], ['nsd:3', plainNSD(3, arith), {}],
  ['adam', plainAdam({}, arith), {}], ['adam-eps', plainAdam({ eps: 1e-8 }, arith), { eps: 1e-8 }], ['adam', plainAdam({ biasCorrection: true }, arith), { biasCorrection: true }], ['signum', plainSignum(0.9, arith), {}],
];
for (const [f, fac, o] of fams) {
  const spec = parseFamily(f, o);
  let worst = 0; const t0 = performance.now(); let fails = 0; let reached = 0, earliest = Infinity;
  for (let seed = 1; seed <= seeds; seed++) {
    const r = referenceEquivalence(fac, spec, arith, { seed });
    worst = Math.max(worst, r.maxRelError);
    reached += r.horizon.reached; if (r.horizon.earliest !== null) earliest = Math.min(earliest, r.horizon.earliest);
    if (r.status !== 'pass') { fails++; console.log(f, seed, r.detail.slice(0, 400)); }
  }
  console.log(`${spec.label} ${arith}: worst ${worst.toExponential(2)} fails ${fails}/${seeds} horizon reached ${reached} earliest ${earliest} ${((performance.now()-t0)/1000).toFixed(1)}s`);
}
