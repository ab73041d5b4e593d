/**
 * Inputs for Ravi et al. (2024) Theorem 3.4 under its Assumption 4.1 / Eq. (8) (THEOREMS.md
 * §10 R-Ass 4.1), and degenerate ones outside it for the assumption probe.
 *
 * Certified datasets: planted-teacher data, redrawn deterministically (seed, seed + 7919, …,
 * at most REDRAWS times) until `assumption41Certified`; generic Gaussian data satisfy it with
 * probability 1 (App. H), so the redraw almost never runs. If every redraw fails, the fallback
 * is one point per class at x_c = e_c, which satisfies the assumption by construction: the
 * K(K−1) pairs are all active, their designs a_{cj} = (e_c − e_j)e_cᵀ are linearly independent
 * (distinct columns c, and {e_c − e_j}_{j≠c} independent within a column), and by symmetry every
 * α_{cj} is the same positive number. The generator therefore terminates and never throws.
 */
import { ArgumentError } from '../../errors.js';
import { makeDataset, type Dataset } from '../../data/dataset.js';
import { makeRng } from '../../data/rng.js';
import { plantedTeacher } from '../../data/samplers.js';
import { margin } from '../../margins/index.js';
import { pairMargins } from '../../margins/pairs.js';
import { assumption41Certified, eq8Check, type Eq8Report } from './appendixH.js';

export const REDRAWS = 16;

export interface Ass41Data {
  readonly dataset: Dataset;
  readonly eq8: Eq8Report;
  /** How the dataset was made, as a call that rebuilds it. */
  readonly text: string;
}

/** One point per class at e_c ∈ R^K: Assumption 4.1 holds by construction (module comment). */
export function simplexDataset(K: number): Dataset {
  const X = Array.from({ length: K }, (_, c) => Array.from({ length: K }, (_, j) => (j === c ? 1 : 0)));
  return makeDataset(X, Array.from({ length: K }, (_, c) => c), { k: K, source: `simplex(${K})` });
}

function teacherOrNull(k: number, d: number, n: number, seed: number): Dataset | null {
  try {
    return plantedTeacher({ k, d, n, seed, minMargin: 0.2 }).dataset;
  } catch (e) {
    // plantedTeacher gives up (ArgumentError) when its draws miss a class: redraw instead.
    if (e instanceof ArgumentError) return null;
    throw e;
  }
}

/**
 * A planted-teacher dataset on which Assumption 4.1 is certified, and whose support gap θ is at
 * least `minTheta` (deterministic redraw; the simplex fallback has every pair active, θ = ∞).
 */
export function ass41Teacher(k: number, d: number, n: number, seed: number, minTheta = 0): Ass41Data {
  for (let j = 0; j < REDRAWS; j++) {
    const s = seed + 7919 * j;
    const ds = teacherOrNull(k, d, n, s);
    if (!ds) continue;
    const eq8 = eq8Check(ds);
    if (assumption41Certified(eq8) && eq8.theta >= minTheta) return { dataset: ds, eq8, text: `plantedTeacher({ k: ${k}, d: ${d}, n: ${n}, seed: ${s}, minMargin: 0.2 })` };
  }
  const ds = simplexDataset(k);
  return { dataset: ds, eq8: eq8Check(ds), text: `simplexDataset(${k})` };
}

/**
 * Soudry's degenerate case, multiclass: a planted-teacher dataset plus one extra point
 * x' = x_i + v of label y_i, with x_i a support vector and v ≠ 0 in the null space of Ŵ. Then
 * Ŵx' = Ŵx_i, so Ŵ stays feasible and optimal, x' has a pair exactly on the margin, and when
 * that pair's design is independent of the other active pairs' its dual weight is forced to
 * 0: Eq. (8) asks η e^{−⟨a, W̃⟩} = 0 there and has no solution. Needs d ≥ K (Ŵ has rank ≤ K − 1).
 * Whether the result really violates the assumption is decided by `eq8Check`, not assumed.
 */
export function marginTieDataset(k: number, d: number, n: number, seed: number, minTheta = 0): Ass41Data {
  const base = ass41Teacher(k, d, n, seed, minTheta);
  const ds = base.dataset;
  const dd = ds.X.cols;
  const r = margin(ds, 2);
  const m = pairMargins(ds, { ...r.W, data: r.W.data.map((v) => v / r.gamma) });
  let i = -1;
  for (let p = 0; p < m.length && i < 0; p++) if (m[p]! <= 1 + 1e-9) i = Math.floor(p / (ds.k - 1));
  // v: a random vector with the row space of Ŵ projected out (Gram–Schmidt on Ŵ's rows).
  const rng = makeRng(`margin-tie:${seed}`);
  const v = Array.from({ length: dd }, () => rng.normal());
  const basis: number[][] = [];
  for (let c = 0; c < ds.k; c++) {
    const w = Array.from(r.W.data.subarray(c * dd, (c + 1) * dd));
    for (const b of basis) {
      const ip = w.reduce((s, x, j) => s + x * b[j]!, 0);
      w.forEach((_, j) => (w[j] = w[j]! - ip * b[j]!));
    }
    const nw = Math.hypot(...w);
    if (nw > 1e-10) basis.push(w.map((x) => x / nw));
  }
  for (const b of basis) {
    const ip = v.reduce((s, x, j) => s + x * b[j]!, 0);
    v.forEach((_, j) => (v[j] = v[j]! - ip * b[j]!));
  }
  const nv = Math.hypot(...v);
  if (i < 0 || !(nv > 1e-6)) return base;
  const xi = Array.from(ds.X.data.subarray(i * dd, (i + 1) * dd));
  const scale = Math.hypot(...xi) / nv;
  const rows = Array.from({ length: ds.X.rows }, (_, t) => Array.from(ds.X.data.subarray(t * dd, (t + 1) * dd)));
  rows.push(xi.map((x, j) => x + scale * v[j]!));
  const out = makeDataset(rows, [...Array.from(ds.y), ds.y[i]!], { k: ds.k, source: `marginTie(${base.text})` });
  const eq8 = eq8Check(out);
  // The tie point must not create a near-active pair below the requested gap.
  if (eq8.theta < minTheta) return base;
  return { dataset: out, eq8, text: `marginTieDataset(${k}, ${d}, ${n}, ${seed}${minTheta > 0 ? `, ${minTheta}` : ''})` };
}
