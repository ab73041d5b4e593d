import { gaussianClusters } from '../src/data/samplers.js';
import { lpMargin } from '../src/margins/lpMargin.js';
for (const [k,d,n] of [[3,4,5],[10,25,50],[10,50,50]]) {
  const ds = gaussianClusters({k,d,nPerClass:n,sigma:0.1,seed:0});
  for (const p of [Infinity, 1] as const) {
    const a = lpMargin(ds, p);
    const b = lpMargin(ds, p, {method:'full'});
    console.log(k,d,n,p, a.gamma, b.gamma, a.certificate.relGap, b.certificate.relGap, a.rounds, a.workingSetSize, a.seconds.toFixed(3), b.seconds.toFixed(3));
  }
}
