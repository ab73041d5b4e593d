/**
 * Exact numerics (THEOREMS.md §1, §7, §9): the three PERM losses, their gradients and Hessian
 * forms, against finite differences and a plain float64 reference where that one is exact.
 */
import fc from 'fast-check';
import { describe, expect, test } from 'vitest';
import { separableProblem, weightSpec, weightFromSpec, perturbation } from '../../src/arbitraries/index.js';
import { LOSSES, type PermLoss } from '../../src/losses/index.js';
import { Objective } from '../../src/losses/objective.js';
import { axpy, inner, zeros, type Matrix } from '../../src/linalg/matrix.js';
import { entrywiseNorm, frobeniusNorm } from '../../src/linalg/norms.js';
import type { Problem } from '../../src/problem.js';
import { brokenGradient, naiveProxyCE, scaledHessian } from '../faults.js';
import { close, expectCaught, runs } from '../support.js';

const moderate = weightSpec({ regimes: ['small', 'aligned'] }).filter((s) => s.regime !== 'aligned' || s.scale <= 5);
const problems = separableProblem({ maxK: 4, maxD: 4, maxPerClass: 3 });

const unit = (D: Matrix): Matrix => {
  const n = frobeniusNorm(D);
  return n > 0 ? { ...D, data: D.data.map((v) => v / n) } : D;
};

/** ⟨∇L(W), Δ⟩ against the central difference (L(W+hΔ) − L(W−hΔ))/2h (A.1). */
function gradientMatchesFD(loss: PermLoss) {
  return fc.property(problems.chain((pb) => fc.tuple(fc.constant(pb), moderate, perturbation(pb.k, pb.d))), ([pb, spec, D0]) => {
    const obj = new Objective(pb.dataset, loss);
    const W = weightFromSpec(pb, spec);
    const D = unit(D0);
    const ev = obj.evaluate(W);
    const an = Math.exp(ev.gradient.logScale) * inner(ev.gradient.mantissa, D);
    const h = 1e-5;
    const Lp = Math.exp(obj.logLossAndProxy(axpy(W, h, D)).logLoss);
    const Lm = Math.exp(obj.logLossAndProxy(axpy(W, -h, D)).logLoss);
    const fd = (Lp - Lm) / (2 * h);
    return close(an, fd, 1e-6, 1e-9 * Math.exp(ev.logLoss));
  });
}

/** vec(Δ)ᵀ∇²L vec(Δ) against the second difference (A.2 (13)). */
function hessianMatchesFD(loss: PermLoss) {
  return fc.property(problems.chain((pb) => fc.tuple(fc.constant(pb), moderate, perturbation(pb.k, pb.d))), ([pb, spec, D0]) => {
    const obj = new Objective(pb.dataset, loss);
    const W = weightFromSpec(pb, spec);
    const D = unit(D0);
    const an = Math.exp(obj.logHessianForm(W, D));
    const h = 1e-3;
    const L0 = Math.exp(obj.logLossAndProxy(W).logLoss);
    const Lp = Math.exp(obj.logLossAndProxy(axpy(W, h, D)).logLoss);
    const Lm = Math.exp(obj.logLossAndProxy(axpy(W, -h, D)).logLoss);
    const fd = (Lp - 2 * L0 + Lm) / (h * h);
    return close(an, fd, 1e-4, 1e-7 * L0);
  });
}

/** Plain float64 reference: exact to rounding when nothing underflows or cancels. */
function plainReference(loss: PermLoss, pb: Problem, W: Matrix): { L: number; G: number; grad: Matrix } {
  const { X, y, k } = pb.dataset;
  const n = X.rows;
  const d = X.cols;
  let L = 0;
  let G = 0;
  const grad = zeros(k, d);
  for (let i = 0; i < n; i++) {
    const v = new Float64Array(k);
    for (let c = 0; c < k; c++) for (let j = 0; j < d; j++) v[c] = v[c]! + W.data[c * d + j]! * X.data[i * d + j]!;
    const yi = y[i]!;
    const a = new Float64Array(k);
    if (loss.name === 'ce') {
      let z = 0;
      for (let c = 0; c < k; c++) z += Math.exp(v[c]!);
      for (let c = 0; c < k; c++) a[c] = Math.exp(v[c]!) / z;
      L += -Math.log(a[yi]!);
      let g = 0;
      for (let c = 0; c < k; c++) if (c !== yi) g += a[c]!;
      G += g;
      a[yi] = -g;
    } else {
      let g = 0;
      for (let c = 0; c < k; c++) {
        if (c === yi) continue;
        const z = v[c]! - v[yi]!;
        if (loss.name === 'exp') {
          L += Math.exp(z);
          a[c] = Math.exp(z);
        } else {
          L += Math.log1p(Math.exp(z));
          a[c] = 1 / (1 + Math.exp(-z));
        }
        g += a[c]!;
      }
      G += g;
      a[yi] = -g;
    }
    for (let c = 0; c < k; c++) for (let j = 0; j < d; j++) grad.data[c * d + j] += (a[c]! * X.data[i * d + j]!) / n;
  }
  return { L: L / n, G: G / n, grad };
}

function agreesWithPlain(loss: PermLoss) {
  return fc.property(problems.chain((pb) => fc.tuple(fc.constant(pb), moderate)), ([pb, spec]) => {
    const W = weightFromSpec(pb, spec);
    const ref = plainReference(loss, pb, W);
    fc.pre(ref.G > 1e-6); // the plain reference is itself exact only away from underflow
    const ev = new Objective(pb.dataset, loss).evaluate(W);
    if (!close(Math.exp(ev.logLoss), ref.L, 1e-12)) return false;
    if (!close(Math.exp(ev.logProxy), ref.G, 1e-11)) return false;
    const s = Math.exp(ev.gradient.logScale);
    const scaleG = Math.max(...ref.grad.data.map(Math.abs));
    return ev.gradient.mantissa.data.every((m, i) => close(m * s, ref.grad.data[i]!, 1e-10, 1e-13 * scaleG));
  });
}

describe.each(Object.values(LOSSES))('$title', (loss) => {
  test('gradient matches central finite differences (rel 1e-6)', () => {
    fc.assert(gradientMatchesFD(loss), { numRuns: runs(60) });
  });
  test('Hessian form matches second differences (rel 1e-4)', () => {
    fc.assert(hessianMatchesFD(loss), { numRuns: runs(60) });
  });
  test('log L, log G and the scaled gradient equal a plain float64 reference where it is exact', () => {
    fc.assert(agreesWithPlain(loss), { numRuns: runs(60) });
  });
  test('planted fault: an off-class gradient weight 0.1% too large is caught by the FD check', () => {
    expectCaught(() => fc.assert(gradientMatchesFD(brokenGradient(loss)), { numRuns: runs(60) }));
  });
  test('planted fault: a Hessian form off by a factor 2 is caught', () => {
    expectCaught(() => fc.assert(hessianMatchesFD(scaledHessian(loss, 2)), { numRuns: runs(60) }));
  });
  test('planted fault: gradient weights off by 1e-9 relative are caught by the reference check', () => {
    expectCaught(() => fc.assert(agreesWithPlain(brokenGradient(loss, 1e-9)), { numRuns: runs(60) }));
  });
});

describe('low-loss regime (L down to e^{-4000})', () => {
  const lowLoss = weightSpec({ regimes: ['low-loss'] });
  test.each(Object.values(LOSSES))('$title: log L, log G and the scaled gradient stay finite and exact in sign', (loss) => {
    fc.assert(
      fc.property(problems.chain((pb) => fc.tuple(fc.constant(pb), lowLoss)), ([pb, spec]) => {
        const W = weightFromSpec(pb, spec);
        const ev = new Objective(pb.dataset, loss).evaluate(W);
        expect(Number.isFinite(ev.logLoss)).toBe(true);
        expect(Number.isFinite(ev.logProxy)).toBe(true);
        expect(Number.isFinite(ev.gradient.logScale)).toBe(true);
        // Every margin is ≥ g: so log L ≤ log(k−1) − g (each ℓ_i ≤ (k−1)e^{−m_i} for all 3 losses).
        expect(ev.logLoss).toBeLessThanOrEqual(Math.log(pb.k - 1) - spec.scale * (1 - 1e-9) + 1e-9);
        // The gradient columns sum to zero (1ᵀ∇L = 0, A.1), mantissa-wise. Each entry is e^{log}
        // of logs built from scores |v| ≤ ‖W‖_max·B, which carry an absolute rounding error of a
        // few ulps of |v|, i.e. a relative error ~u·|v| per entry: the slack is 10⁻¹² of that
        // scale (as for G = ΣG_c in sec-6-GcQc). Seed 3 needed it: |v| ≈ 10³, 2.55e-12 > 2e-12.
        const vScale = Math.max(1, entrywiseNorm(W, Infinity) * pb.B);
        const { mantissa } = ev.gradient;
        for (let j = 0; j < pb.d; j++) {
          let s = 0;
          let a = 0;
          for (let c = 0; c < pb.k; c++) {
            s += mantissa.data[c * pb.d + j]!;
            a += Math.abs(mantissa.data[c * pb.d + j]!);
          }
          expect(Math.abs(s)).toBeLessThanOrEqual(1e-12 * vScale * Math.max(a, 1e-300));
        }
      }),
      { numRuns: runs(60) },
    );
  });

  test('planted fault: the naive CE proxy log(1 − s_y) is −Infinity at low loss and is caught', () => {
    const pbArb = problems.chain((pb) => fc.tuple(fc.constant(pb), lowLoss));
    expectCaught(() =>
      fc.assert(
        fc.property(pbArb, ([pb, spec]) => {
          const ev = new Objective(pb.dataset, naiveProxyCE(LOSSES.ce)).evaluate(weightFromSpec(pb, spec));
          return Number.isFinite(ev.logProxy);
        }),
        { numRuns: runs(60) },
      ),
    );
  });
});
