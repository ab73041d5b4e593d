/** Entrywise p-norms, duals and steepest-descent directions (D-norms, D-NSD). */
import fc from 'fast-check';
import { describe, expect, test } from 'vitest';
import { ArgumentError } from '../../src/errors.js';
import { dualExponent, entrywiseNorm, halfSquaredNormDerivatives, steepestDirection, unitNormalised, vectorNorm } from '../../src/linalg/norms.js';
import { close, expectCaught, runs } from '../support.js';

const vec = fc.array(fc.double({ min: -1e3, max: 1e3, noNaN: true }), { minLength: 1, maxLength: 12 }).map((a) => Float64Array.from(a));
const pArb = fc.constantFrom(1, 2, Infinity, 1.5, 3, 7);

/** Smallest positive normal double: below it, values carry fewer bits (subnormals). */
const MIN_NORMAL = 2 ** -1022;

/**
 * ⟨g, Δ⟩ = ‖g‖_q and ‖Δ‖_p = 1 (or Δ = 0 when g = 0): Δ attains the dual norm. Δ is computed
 * from g itself; the identity is measured on g·2^600 when g is tiny (Δ is scale-free, and the
 * products g_iΔ_i would otherwise be subnormal, rounded to multiples of 2^−1074).
 */
function attainsDualNorm(direction: (g: Float64Array, p: number, out: Float64Array) => Float64Array) {
  return fc.property(vec, pArb, (raw, p) => {
    const D = direction(raw, p, new Float64Array(raw.length));
    const tiny = raw.every((x) => Math.abs(x) < 2 ** -500);
    const g = tiny ? raw.map((x) => x * 2 ** 600) : raw;
    const q = dualExponent(p);
    const gq = vectorNorm(g, q);
    if (gq === 0) return D.every((v) => v === 0);
    let ip = 0;
    for (let i = 0; i < g.length; i++) ip += g[i]! * D[i]!;
    return close(ip, gq, 1e-12) && close(vectorNorm(D, p), 1, 1e-12);
  });
}

describe('entrywise norms', () => {
  test('dual exponents: 1 ↔ ∞, 2 ↔ 2, 1/p + 1/q = 1', () => {
    expect(dualExponent(1)).toBe(Infinity);
    expect(dualExponent(Infinity)).toBe(1);
    expect(dualExponent(2)).toBe(2);
    fc.assert(fc.property(fc.double({ min: 1.01, max: 50, noNaN: true }), (p) => close(1 / p + 1 / dualExponent(p), 1, 1e-14)), { numRuns: runs(100) });
  });

  test('ordering ‖v‖_∞ ≤ ‖v‖_p ≤ ‖v‖_1 and Hölder ⟨a, b⟩ ≤ ‖a‖_p ‖b‖_q', () => {
    fc.assert(
      fc.property(vec, pArb, (a, p) => {
        const b = a.map((v, i) => Math.cos(i + v));
        const np = vectorNorm(a, p);
        let ip = 0;
        for (let i = 0; i < a.length; i++) ip += a[i]! * b[i]!;
        return (
          vectorNorm(a, Infinity) <= np * (1 + 1e-14) &&
          np <= vectorNorm(a, 1) * (1 + 1e-14) &&
          ip <= np * vectorNorm(b, dualExponent(p)) * (1 + 1e-12) + 1e-300
        );
      }),
      { numRuns: runs(200) },
    );
  });

  test('norms do not overflow or underflow: ‖c·v‖_p = |c|‖v‖_p at c = 1e±300', () => {
    // Where v and c·v are representable to full precision (entries normal or 0): a subnormal
    // entry is already rounded to a multiple of 2^−1074 before any norm sees it.
    const normal = (x: number): boolean => x === 0 || Math.abs(x) >= MIN_NORMAL;
    fc.assert(
      fc.property(vec, pArb, fc.constantFrom(1e300, 1e-300), (v, p, c) => {
        const cv = v.map((x) => x * c);
        fc.pre(v.every(normal) && cv.every(normal));
        return close(vectorNorm(cv, p), c * vectorNorm(v, p), 1e-12);
      }),
      { numRuns: runs(100) },
    );
  });

  test('the steepest-descent direction attains the dual norm (NSD, D-NSD)', () => {
    fc.assert(attainsDualNorm(steepestDirection), { numRuns: runs(300) });
  });

  test('planted fault: a direction built with exponent p − 1 instead of q − 1 is caught', () => {
    const wrong = (g: Float64Array, p: number, out: Float64Array): Float64Array => {
      const mx = Math.max(...g.map(Math.abs));
      if (mx === 0) return out.fill(0);
      const e = p === Infinity ? 0 : p - 1;
      for (let i = 0; i < g.length; i++) out[i] = Math.sign(g[i]!) * Math.pow(Math.abs(g[i]!) / mx, e);
      const n = vectorNorm(out, p);
      for (let i = 0; i < g.length; i++) out[i] = out[i]! / n;
      return out;
    };
    expectCaught(() => fc.assert(attainsDualNorm(wrong), { numRuns: runs(300) }));
  });
});

describe('W/‖W‖_p (unitNormalised) and the derivatives of ½‖W‖_p²', () => {
  const mat = (v: Float64Array) => ({ rows: 1, cols: v.length, data: v });

  test('‖W/‖W‖_p‖_p = 1 in the same p, for every p, without overflow at 1e±300; the direction is kept', () => {
    fc.assert(
      fc.property(vec, fc.constantFrom(1, 2, 3, 4, 7, Infinity), fc.constantFrom(1, 1e300, 1e-300), (v, p, c) => {
        const w = mat(v.map((x) => x * c));
        const u = unitNormalised(w, p);
        if (entrywiseNorm(w, p) === 0) return u.data.every((x) => x === 0);
        const nrm = entrywiseNorm(w, p);
        return close(entrywiseNorm(u, p), 1, 1e-13) && u.data.every((x, i) => close(x * nrm, w.data[i]!, 1e-13, 1e-300 * c));
      }),
      { numRuns: runs(200) },
    );
  });

  /** ‖normalise(W, p)‖_p = 1 for W ≠ 0. */
  const unitInOwnNorm = (normalise: typeof unitNormalised) =>
    fc.property(vec.filter((v) => v.some((x) => x !== 0)), fc.constantFrom(1, 2, 3, 4, 7, Infinity), (v, p) => close(entrywiseNorm(normalise(mat(v), p), p), 1, 1e-13));

  test('planted fault: normalising in the Frobenius norm for every p > 2 (the old margin helper) is caught', () => {
    fc.assert(unitInOwnNorm(unitNormalised), { numRuns: runs(200) });
    const old: typeof unitNormalised = (w, p) => unitNormalised(w, p > 2 ? 2 : p);
    expectCaught(() => fc.assert(unitInOwnNorm(old), { numRuns: runs(200) }));
  });

  test('a non-finite entry is an ArgumentError', () => {
    expect(() => unitNormalised(mat(Float64Array.of(1, NaN)), 3)).toThrow(ArgumentError);
    expect(() => unitNormalised(mat(Float64Array.of(1, Infinity)), 3)).toThrow(ArgumentError);
  });

  /** ∇ and ∇² of ½‖w‖_p² against central differences (h relative to ‖w‖). */
  function matchesDifferences(derivs: typeof halfSquaredNormDerivatives) {
    const nonzero = fc.array(fc.double({ min: 0.1, max: 10, noNaN: true }), { minLength: 1, maxLength: 6 }).chain((mags) =>
      fc.array(fc.boolean(), { minLength: mags.length, maxLength: mags.length }).map((signs) => Float64Array.from(mags, (m, i) => (signs[i] ? m : -m))),
    );
    return fc.property(nonzero, fc.constantFrom(2, 3, 4, 7), (w, p) => {
      const D = w.length;
      const g = new Float64Array(D);
      const H = new Float64Array(D * D);
      derivs(w, p, g, H);
      const f = (v: Float64Array) => 0.5 * vectorNorm(v, p) ** 2;
      const h = 1e-5 * vectorNorm(w, Infinity);
      const g2 = new Float64Array(D);
      for (let e = 0; e < D; e++) {
        const a = w.slice();
        const b = w.slice();
        a[e] = a[e]! + h;
        b[e] = b[e]! - h;
        if (!close((f(a) - f(b)) / (2 * h), g[e]!, 1e-6, 1e-8 * f(w))) return false;
        derivs(a, p, g2, null);
        const up = g2.slice();
        derivs(b, p, g2, null);
        for (let k = 0; k < D; k++) if (!close((up[k]! - g2[k]!) / (2 * h), H[k * D + e]!, 1e-5, 1e-7 * (1 + Math.abs(H[e * D + e]!)))) return false;
      }
      return true;
    });
  }

  test('gradient and Hessian match central differences for p ∈ {2, 3, 4, 7}', () => {
    fc.assert(matchesDifferences(halfSquaredNormDerivatives), { numRuns: runs(100) });
  });

  test('planted fault: the rank-one term with the wrong sign ((p − 2) instead of (2 − p)) is caught', () => {
    const wrong: typeof halfSquaredNormDerivatives = (w, p, grad, hess) => {
      halfSquaredNormDerivatives(w, p, grad, hess);
      if (!hess) return;
      const D = w.length;
      const N = vectorNorm(w, p);
      const v = Array.from(w, (x) => Math.sign(x) * Math.pow(Math.abs(x) / N, p - 1));
      for (let e = 0; e < D; e++) for (let f = 0; f < D; f++) hess[e * D + f] = hess[e * D + f]! + 2 * (p - 2) * v[e]! * v[f]!;
    };
    expectCaught(() => fc.assert(matchesDifferences(wrong), { numRuns: runs(100) }));
  });
});
