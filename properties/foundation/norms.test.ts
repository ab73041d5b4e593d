/** Entrywise p-norms, duals and steepest-descent directions (D-norms, D-NSD). */
import fc from 'fast-check';
import { describe, expect, test } from 'vitest';
import { dualExponent, steepestDirection, vectorNorm } from '../../src/linalg/norms.js';
import { close, expectCaught, runs } from '../support.js';

const vec = fc.array(fc.double({ min: -1e3, max: 1e3, noNaN: true }), { minLength: 1, maxLength: 12 }).map((a) => Float64Array.from(a));
const pArb = fc.constantFrom(1, 2, Infinity, 1.5, 3, 7);

/** ⟨g, Δ⟩ = ‖g‖_q and ‖Δ‖_p = 1 (or Δ = 0 when g = 0): Δ attains the dual norm. */
function attainsDualNorm(direction: (g: Float64Array, p: number, out: Float64Array) => Float64Array) {
  return fc.property(vec, pArb, (g, p) => {
    const D = direction(g, p, new Float64Array(g.length));
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
    fc.assert(
      fc.property(vec, pArb, fc.constantFrom(1e300, 1e-300), (v, p, c) => {
        const base = vectorNorm(v, p);
        return close(vectorNorm(v.map((x) => x * c), p), c * base, 1e-12);
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
