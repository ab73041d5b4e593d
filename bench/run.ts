/**
 * `npm run bench`: margin solve times and loss/gradient throughput. Not a test: it prints
 * numbers. Sizes from issue #2. Options: --quick (small sizes only), --full-limit SECONDS
 * (time limit for each full-LP solve, default 120).
 */
import { parseArgs } from 'node:util';
import { gaussianClusters } from '../src/data/samplers.js';
import { SolverError } from '../src/errors.js';
import { zeros } from '../src/linalg/matrix.js';
import { crossEntropy } from '../src/losses/index.js';
import { Objective } from '../src/losses/objective.js';
import { lpMargin } from '../src/margins/lpMargin.js';
import { svmMargin } from '../src/margins/svmMargin.js';

const { values } = parseArgs({ options: { quick: { type: 'boolean', default: false }, 'full-limit': { type: 'string', default: '120' } } });
const fullLimit = Number(values['full-limit']);

const row = (cells: (string | number)[]): void => console.log(cells.map((c) => String(c).padEnd(16)).join(''));

console.log(`# margin solves (gaussianClusters, σ = 0.1, seed 0; node ${process.version})`);
row(['(k, d, n)', 'norm', 'method', 'seconds', 'gamma', 'rounds', 'working set', 'cert. gap']);
const sizes: [number, number, number][] = values.quick ? [[10, 25, 500], [10, 50, 500]] : [[10, 50, 500], [10, 100, 2000], [20, 100, 2000]];
for (const [k, d, n] of sizes) {
  const ds = gaussianClusters({ k, d, nPerClass: n / k, sigma: 0.1, seed: 0 });
  const label = `(${k}, ${d}, ${n})`;
  for (const p of [Infinity, 1] as const) {
    const norm = p === Infinity ? 'max' : '1';
    const cg = lpMargin(ds, p);
    row([label, norm, 'constraint-gen', cg.seconds.toFixed(3), cg.gamma.toPrecision(12), cg.rounds, cg.workingSetSize, cg.certificate.relGap.toExponential(1)]);
    try {
      const full = lpMargin(ds, p, { method: 'full', timeLimitSeconds: fullLimit });
      row([label, norm, 'full LP', full.seconds.toFixed(3), full.gamma.toPrecision(12), full.rounds, full.workingSetSize, full.certificate.relGap.toExponential(1)]);
      row(['', '', 'speed-up', `${(full.seconds / cg.seconds).toFixed(1)}x`, `Δγ/γ ${(Math.abs(full.gamma - cg.gamma) / full.gamma).toExponential(1)}`]);
    } catch (e) {
      if (!(e instanceof SolverError)) throw e;
      row([label, norm, 'full LP', `> ${fullLimit} (stopped)`]);
    }
  }
  const svm = svmMargin(ds);
  row([label, '2', 'nnls-ldp', svm.seconds.toFixed(3), svm.gamma.toPrecision(12), svm.rounds, svm.workingSetSize, svm.certificate.relGap.toExponential(1)]);
}

console.log('\n# CE loss + scaled gradient evaluations (one optimizer step each)');
row(['(n, d, k)', 'steps', 'seconds', 'steps/s', 'ns/(n·k·d)']);
for (const [n, d, k] of [[500, 25, 10], [10000, 100, 10]] as [number, number, number][]) {
  const ds = gaussianClusters({ k, d, nPerClass: n / k, sigma: 0.1, seed: 0 });
  const obj = new Objective(ds, crossEntropy);
  const W = zeros(k, d);
  const grad = zeros(k, d);
  const target = 2; // seconds
  let steps = 0;
  const t0 = performance.now();
  while (performance.now() - t0 < target * 1000) {
    const ev = obj.evaluate(W, grad);
    // A SignGD step keeps W moving so the work is that of a real run.
    for (let i = 0; i < W.data.length; i++) W.data[i] = W.data[i]! - 0.01 * Math.sign(ev.gradient.mantissa.data[i]!);
    steps++;
  }
  const secs = (performance.now() - t0) / 1000;
  row([`(${n}, ${d}, ${k})`, steps, secs.toFixed(2), (steps / secs).toFixed(0), ((secs * 1e9) / steps / (n * k * d)).toFixed(2)]);
}
