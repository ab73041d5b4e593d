import { gaussianClusters, plantedTeacher } from '../src/data/samplers.js';
import { svmMargin } from '../src/margins/svmMargin.js';
import { lpMargin } from '../src/margins/lpMargin.js';
for (const [k,d,n] of [[3,4,15],[10,25,500],[10,50,500],[10,100,2000],[20,100,2000]]) {
  const ds = gaussianClusters({k:k!,d:d!,nPerClass:n!/k!,sigma:0.1,seed:0});
  const a = svmMargin(ds);
  console.log(k,d,n,'svm', a.gamma, a.certificate.relGap.toExponential(2), a.rounds, a.workingSetSize, a.seconds.toFixed(3));
}
const t = plantedTeacher({k:3,d:10,n:100,seed:1});
console.log(svmMargin(t.dataset).gamma, lpMargin(t.dataset, Infinity).gamma);
