import { lemmaB4, lemma43iii, lemma41 } from '../src/claims/fan2025/section4.js';
import { runClaim, formatFailure } from '../src/claims/runner.js';
const r = runClaim(lemmaB4());
console.log(r.status, r.status !== 'pass' ? formatFailure(r) : '');
const r2 = runClaim(lemma43iii());
console.log(r2.status, r2.status !== 'pass' ? formatFailure(r2) : '');
runClaim(lemma41({gradNorm: Infinity}));
const r3 = runClaim(lemmaB4());
console.log(r3.status, r3.status !== 'pass' ? formatFailure(r3) : '');
