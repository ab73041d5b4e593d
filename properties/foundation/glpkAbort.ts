/**
 * Run as a child process by margins-scale.test.ts: feeds GLPK the LP of an entry 1e308 without
 * rescaling (GLPK aborts on it: an assertion in simplex/spxchuzc.c), then solves a γ_∞ with the
 * same GLPK instance, and prints one JSON line: {"name", "message"} of the error solveLp raised
 * and "after", the relGap of the second solve. A parent that finds anything else on this
 * process's stdout has caught GLPK (or its emscripten runtime) writing to stdout.
 */
import { makeDataset } from '../../src/data/dataset.js';
import { GLP, solveLp, type LP } from '../../src/margins/glpk.js';
import { margin } from '../../src/margins/index.js';

export function unscaledLp(): LP {
  const X = [[1e308, 0.2], [0.8, -0.3], [-0.5, 1], [-0.3, 0.9], [-0.4, -1], [-0.7, -0.8]];
  const y = [0, 0, 1, 1, 2, 2];
  const bounds = [{ name: 't', type: GLP.FR, lb: 0, ub: 0 }];
  for (let c = 0; c < 3; c++) for (let j = 0; j < 2; j++) bounds.push({ name: `w${c}_${j}`, type: GLP.DB, lb: -1, ub: 1 });
  const subjectTo = X.flatMap((x, i) =>
    [0, 1, 2]
      .filter((c) => c !== y[i])
      .map((c) => ({
        name: `p${i}_${c}`,
        vars: [{ name: 't', coef: -1 }, ...x.flatMap((v, j) => [{ name: `w${y[i]}_${j}`, coef: v }, { name: `w${c}_${j}`, coef: -v }])],
        bnds: { type: GLP.LO, lb: 0, ub: 0 },
      })),
  );
  return { name: 'unscaled', objective: { direction: GLP.MAX, name: 't', vars: [{ name: 't', coef: 1 }] }, subjectTo, bounds };
}

if (process.argv[1]?.endsWith('glpkAbort.ts')) {
  let report = { name: 'none', message: 'GLPK did not fail' };
  try {
    solveLp(unscaledLp(), 'unscaled LP');
  } catch (e) {
    report = { name: (e as Error).name, message: (e as Error).message };
  }
  const ds = makeDataset([[1, 0.2], [0.8, -0.3], [-0.5, 1], [-0.3, 0.9], [-0.4, -1], [-0.7, -0.8]], [0, 0, 1, 1, 2, 2]);
  process.stdout.write(JSON.stringify({ ...report, after: margin(ds, Infinity).certificate.relGap }) + '\n');
}
