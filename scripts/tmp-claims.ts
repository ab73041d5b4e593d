import { appendixE, normOrdering, inducedInfNorm, gammaNesting, lemmaE1 } from '../src/claims/fan2025/appendixE.js';
import { appendixF, sandwichF, hessianF, ratioF, lossBelowTwiceProxyPLL } from '../src/claims/fan2025/appendixF.js';
import { runClaim, formatFailure, probeAssumption } from '../src/claims/runner.js';
import type { Claim } from '../src/claims/types.js';
const cs: Claim<any>[] = [...appendixE(), ...appendixF(), normOrdering({maxNorm: inducedInfNorm}), gammaNesting({gamma: (pb, p) => pb.margin(p === 1 ? Infinity : p === Infinity ? 1 : p).gamma}), lemmaE1({useDual: false}),
 sandwichF('exp', {constant: 1.9}), sandwichF('pll', {constant: 1.9}), hessianF('exp', {constant: 3.9}), hessianF('pll', {constant: 3.9}), ratioF('exp', {constant: 1.9}), ratioF('pll', {constant: 1.9}), lossBelowTwiceProxyPLL({constant: 1.2})];
for (const c of cs) {
  const r = runClaim(c);
  console.log(c.id, r.status, r.runs, r.worstRatio, r.durationMs.toFixed(0), r.status !== 'pass' ? formatFailure(r).split('\n')[1] : '');
}
