import { gaussianClusters } from '../src/data/samplers.js';
import { lpMargin } from '../src/margins/lpMargin.js';
const [k,d,n] = process.argv.slice(2,5).map(Number);
const ds = gaussianClusters({k:k!,d:d!,nPerClass:n!/k!,sigma:0.1,seed:0});
for (const p of [Infinity, 1] as const) for (const add of [25, 50, 100]) {
  const a = lpMargin(ds, p, {addPerRound: add});
  console.log(p, add, a.gamma, a.certificate.relGap.toExponential(2), a.rounds, a.workingSetSize, a.seconds.toFixed(3));
}
