import { gaussianClusters } from '../src/data/samplers.js';
import { lpMargin } from '../src/margins/lpMargin.js';
const [k,d,n] = process.argv.slice(2,5).map(Number);
const ds = gaussianClusters({k:k!,d:d!,nPerClass:n!/k!,sigma:0.1,seed:0});
for (const p of [Infinity, 1] as const) for (const initial of ['global','per-sample'] as const) for (const add of [50, 200, 1000]) for (const purge of [true,false]) {
  const a = lpMargin(ds, p, {initial, addPerRound: add, purge});
  console.log(p, initial, add, purge, a.gamma, a.certificate.relGap.toExponential(2), a.rounds, a.workingSetSize, a.seconds.toFixed(3));
}
