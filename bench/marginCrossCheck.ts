/**
 * Cross-check of the LP margins across a change of lpMargin: γ_∞ and γ_1 of ~150 problems (the
 * real fixtures, clusters and planted teachers of several shapes, the arbitraries' recipes, the
 * edge cases), each a γ with its certificate gap or the error it raised.
 *   npx tsx bench/marginCrossCheck.ts write before.json    (on the old code)
 *   npx tsx bench/marginCrossCheck.ts compare before.json  (on the new: exit 1 on a difference)
 * A difference is a changed status (error class) or |Δγ|/γ > MARGIN_TOLERANCE; the totals of
 * seconds are printed beside it.
 */
import { readFileSync, writeFileSync } from 'node:fs';
import { problemFromRecipe } from '../src/arbitraries/index.js';
import type { Dataset } from '../src/data/dataset.js';
import { loadRealDataset } from '../src/data/real.js';
import { EDGE_CASES, gaussianClusters, plantedTeacher } from '../src/data/samplers.js';
import { lpMargin } from '../src/margins/lpMargin.js';
import { MARGIN_TOLERANCE } from '../src/margins/tolerance.js';

const [mode, file] = [process.argv[2], process.argv[3]];
if ((mode !== 'write' && mode !== 'compare') || !file) {
  console.error('usage: npx tsx bench/marginCrossCheck.ts write|compare FILE.json');
  process.exit(2);
}

const cases: { name: string; ds: () => Dataset }[] = [];
for (const name of ['iris', 'wine', 'digits']) cases.push({ name, ds: () => loadRealDataset(name).dataset });
for (let seed = 0; seed < 12; seed++) {
  const [k, d, nPer] = [2 + (seed % 6), 2 + ((seed * 7) % 30), 3 + ((seed * 5) % 40)];
  for (const sigma of [0.05, 0.3, 1]) cases.push({ name: `clusters k${k} d${d} n${nPer} s${sigma} seed${seed}`, ds: () => gaussianClusters({ k, d, nPerClass: nPer, sigma, seed }) });
  cases.push({ name: `teacher k${k} d${d} n${k * nPer} seed${seed}`, ds: () => plantedTeacher({ k, d, n: k * nPer, seed }).dataset });
}
for (const [k, d, n] of [[10, 25, 50], [10, 50, 50], [20, 100, 30], [5, 10, 200], [20, 100, 100]] as const) cases.push({ name: `clusters paper k${k} d${d} n${n}`, ds: () => gaussianClusters({ k, d, nPerClass: n, sigma: 0.1, seed: 0 }) });
for (let seed = 0; seed < 40; seed++) {
  const [k, d, nPer] = [2 + (seed % 4), 2 + (seed % 5), 1 + (seed % 4)];
  cases.push({ name: `recipe clusters k${k} d${d} n${nPer} seed${seed}`, ds: () => problemFromRecipe({ recipe: 'clusters', k, d, nPerClass: nPer, sigma: 0.5, seed }).dataset });
  cases.push({ name: `recipe teacher k${k} d${d} seed${seed}`, ds: () => problemFromRecipe({ recipe: 'teacher', k, d, n: k + seed % 7, seed }).dataset });
}
for (const name of EDGE_CASES) for (const seed of [0, 1, 2]) cases.push({ name: `edge ${name} ${seed}`, ds: () => problemFromRecipe({ recipe: 'edge', name, seed, d: 3 }).dataset });

type Row = { name: string; p: string; gamma?: number; relGap?: number; error?: string; seconds?: number; rounds?: number };
const rows: Row[] = [];
for (const c of cases) {
  const ds = c.ds();
  for (const p of [Infinity, 1] as const) {
    try {
      const r = lpMargin(ds, p);
      rows.push({ name: c.name, p: String(p), gamma: r.gamma, relGap: r.certificate.relGap, seconds: r.seconds, rounds: r.rounds });
    } catch (e) {
      rows.push({ name: c.name, p: String(p), error: e instanceof Error ? e.constructor.name : String(e) });
    }
  }
}
if (mode === 'write') {
  writeFileSync(file, JSON.stringify(rows, null, 1));
  console.log(`${rows.length} rows written`);
} else {
  const before: Row[] = JSON.parse(readFileSync(file, 'utf8'));
  if (before.length !== rows.length) throw new Error(`${file} has ${before.length} rows, this case list ${rows.length}`);
  let bad = 0;
  let maxRel = 0;
  let tb = 0;
  let ta = 0;
  before.forEach((b, i) => {
    const a = rows[i]!;
    if (a.name !== b.name || a.p !== b.p) throw new Error(`case ${i} is ${a.name} (p = ${a.p}) here, ${b.name} (p = ${b.p}) in ${file}`);
    tb += b.seconds ?? 0;
    ta += a.seconds ?? 0;
    if ((a.error ?? '') !== (b.error ?? '')) {
      bad++;
      console.log('STATUS', b.name, b.p, b.error ?? 'certified', '->', a.error ?? 'certified');
      return;
    }
    if (a.gamma === undefined || b.gamma === undefined) return;
    const rel = Math.abs(a.gamma - b.gamma) / Math.max(Math.abs(b.gamma), 1e-300);
    maxRel = Math.max(maxRel, rel);
    if (rel > MARGIN_TOLERANCE) {
      bad++;
      console.log('GAMMA', b.name, b.p, b.gamma, a.gamma, rel);
    }
  });
  console.log(`${rows.length} rows, ${bad} differ; max rel Δγ ${maxRel.toExponential(2)}; seconds before ${tb.toFixed(2)} after ${ta.toFixed(2)}`);
  if (bad > 0) process.exitCode = 1;
}
