import { gaussianClusters } from '../src/data/samplers.js';
import { lpMargin } from '../src/margins/lpMargin.js';
const [k,d,n] = process.argv.slice(2,5).map(Number);
const ds = gaussianClusters({k:k!,d:d!,nPerClass:n!/k!,sigma:0.1,seed:0});
for (const p of [Infinity, 1] as const) for (const diverse of [false, true]) for (const add of [25, 50, 100, 200]) for (const initial of ['global','per-sample'] as const) {
  const a = lpMargin(ds, p, {addPerRound: add, diverse, initial});
  console.log(p, diverse, add, initial, a.gamma, a.certificate.relGap.toExponential(1), a.rounds, a.workingSetSize, a.seconds.toFixed(3));
}
