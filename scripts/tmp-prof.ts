import { gaussianClusters } from '../src/data/samplers.js';
import { Problem } from '../src/problem.js';
import { runTrajectory } from '../src/trajectory/run.js';
import { signGD, polynomialSchedule } from '../src/optimizers/index.js';
const pb = new Problem(gaussianClusters({ k: 10, d: 25, nPerClass: 50, sigma: 0.1, seed: 0 }));
pb.margin(Infinity); pb.margin(2); pb.margin(1);
const T = 5000;
const tr = runTrajectory({ problem: pb, optimizer: signGD(polynomialSchedule(1, 0.5)), steps: T });
console.log((T / tr.seconds).toFixed(0), 'steps/s');
