/**
 * The Frobenius hard-margin multiclass SVM of Ravi et al. (2024) (R-SVM), verified by its KKT
 * conditions on the planted-teacher datasets of their experiments: primal feasibility
 * ⟨a_p, Ŵ⟩ ≥ 1, α ≥ 0, complementary slackness α_p(⟨a_p, Ŵ⟩ − 1) = 0, stationarity
 * Ŵ = Σ_p α_p a_p (in P2's notation Ŵ = Σ α_ij x_i(e_{y_i} − e_j)ᵀ). Ŵ1_K = 0 follows.
 */
import fc from 'fast-check';
import { plantedTeacher } from '../../data/samplers.js';
import { margin, svmKktResiduals } from '../../margins/index.js';
import type { MarginResult } from '../../margins/result.js';
import type { Dataset } from '../../data/dataset.js';
import { leq } from '../outcome.js';
import { printable } from '../inputs.js';
import type { Claim } from '../types.js';

export function svmKkt(p: { solve?: (ds: Dataset) => MarginResult } = {}): Claim<{ ds: Dataset }> {
  const solve = p.solve ?? ((ds: Dataset) => margin(ds, 2));
  return {
    id: 'ravi2024/svm-kkt',
    paper: 'ravi2024',
    ref: 'Sec. 3 (hard-margin multiclass SVM), KKT',
    title: 'The SVM solution meets its KKT conditions',
    statement: '⟨a_p, Ŵ⟩ ≥ 1, α ≥ 0, α_p(⟨a_p, Ŵ⟩ − 1) = 0, Ŵ = Σ_p α_p a_p, Ŵ1_K = 0 (to 1e-9; the last two relative to |Ŵ| + Σα_p|a_p|, the size of the summed terms)',
    assumptions: [],
    inputs: () =>
      fc
        .record({ K: fc.integer({ min: 2, max: 5 }), d: fc.integer({ min: 2, max: 10 }), n: fc.integer({ min: 10, max: 100 }), seed: fc.nat({ max: 10000 }) })
        .map(({ K, d, n, seed }) => printable({ ds: plantedTeacher({ k: K, d, n: Math.max(n, K), seed }).dataset }, () => `plantedTeacher({ k: ${K}, d: ${d}, n: ${Math.max(n, K)}, seed: ${seed} })`)),
    check({ ds }) {
      const r = solve(ds);
      const res = svmKktResiduals(ds, r.W, r.gamma, r.dual.pairs, r.dual.weights);
      return [
        leq(res.infeasibility, 1e-9, 'primal feasibility'),
        leq(-res.minAlpha, 0, 'α ≥ 0'),
        leq(res.slackness, 1e-9 * Math.max(1, res.maxAlpha), 'complementary slackness'),
        leq(res.stationarity, 1e-9 * res.termScale, 'stationarity Ŵ = Σ α a'),
        leq(res.columnSum, 1e-9 * res.termScale, 'Ŵ1_K = 0'),
      ];
    },
    runs: 60,
    confidence: 'high',
    kind: 'exact-inequality',
    tight: false,
  };
}
