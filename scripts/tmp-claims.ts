import { theorem34 } from '../src/claims/ravi2024/theorem34.js';
import { nsd, constantSchedule } from '../src/optimizers/index.js';
import { runClaim, formatFailure, probeAssumption } from '../src/claims/runner.js';
for (const c of [theorem34('ce'), theorem34('pll'), theorem34('exp'), theorem34('ce', { optimizer: (s) => nsd(Infinity, constantSchedule(s(0) / 10)) })]) {
  const r = runClaim(c as any);
  console.log(c.id, r.status, r.runs, r.worstRatio, (r.durationMs/1000).toFixed(1), r.status !== 'pass' ? formatFailure(r) : '');
}
console.log(probeAssumption(theorem34('ce') as any, 'step-below-bound'));
