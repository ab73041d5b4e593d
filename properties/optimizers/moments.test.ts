/**
 * Adam's log-domain moment recursions (src/optimizers/logmoments.ts) and the steepest-descent
 * direction (src/optimizers/direction.ts) entry by entry, including the cases a stream of
 * random nonzero gradients never produces: zero entries, exact cancellation of the first
 * moment, β = 0, NaN, and entries e^{−1000} below the largest.
 * Reference: the plain float64 recursion at moderate magnitudes, with the rounding bound
 * |ŷ − y| ≤ 1e-13·(b|x| + (1 − b)|g|) (resp. (b·v + (1 − b)·g²) for the second moment).
 */
import fc from 'fast-check';
import { describe, expect, test } from 'vitest';
import { entrywiseNorm, dualExponent } from '../../src/linalg/norms.js';
import type { ScaledGradient } from '../../src/linalg/scaled.js';
import { steepestDescentDirection } from '../../src/optimizers/direction.js';
import { emaSigned, emaSquares, zeroSigned } from '../../src/optimizers/logmoments.js';
import type { SignedLog } from '../../src/optimizers/types.js';
import { expectCaught, runs } from '../support.js';

const signedLog = (xs: readonly number[]): SignedLog => ({
  sign: Int8Array.from(xs, (v) => Math.sign(v)),
  log: Float64Array.from(xs, (v) => Math.log(Math.abs(v))),
});
const plain = (s: SignedLog): number[] => Array.from(s.log, (l, e) => (s.sign[e] === 0 ? 0 : s.sign[e]! * Math.exp(l)));

// nonzero values above 1e-100, so that the plain reference's squares stay normal floats
const value = fc.oneof(fc.constant(0), fc.double({ min: -8, max: 8, noNaN: true }).filter((v) => Math.abs(v) > 1e-100));
const pairs = fc.array(fc.tuple(value, value), { minLength: 1, maxLength: 12 });
// β = 0 or β ≥ 1e-3 (a smaller β·v could underflow in the plain reference)
const beta = fc.oneof(fc.constantFrom(0, 0.5, 0.9, 0.99, 0.999), fc.double({ min: 1e-3, max: 0.9999, noNaN: true }));

/** A zero entry must be carried as (sign 0, log −Infinity), and only a zero. */
const wellFormed = (s: SignedLog): boolean => Array.from(s.sign).every((sg, e) => (sg === 0) === (s.log[e] === -Infinity));

describe('first moment m ← b·m + (1 − b)·g in signed logs', () => {
  test('equals the plain recursion within rounding, zeros and β = 0 included, and stays well formed', () => {
    fc.assert(
      fc.property(pairs, beta, (xg, b) => {
        const x = xg.map(([v]) => v);
        const g = xg.map(([, w]) => w);
        const gs = signedLog(g);
        const out = emaSigned(signedLog(x), gs.sign, gs.log, b);
        const got = plain(out);
        return wellFormed(out) && got.every((v, e) => Math.abs(v - (b * x[e]! + (1 - b) * g[e]!)) <= 1e-13 * (b * Math.abs(x[e]!) + (1 - b) * Math.abs(g[e]!)));
      }),
      { numRuns: runs(400) },
    );
  });

  test('exact cancellation: b·m = −(1 − b)·g gives exactly 0 (β = ½: m₁ = ½g, then g₂ = −m₁)', () => {
    // With β = ½, log β = log(1 − β) exactly, so equal magnitudes of opposite sign meet in the
    // log domain as exactly equal logs: the first moment must be an exact zero, not ±e^{−∞}.
    for (const g of [3, -0.25, 1e-300, -7e200]) {
      const m1 = emaSigned(zeroSigned(1), Int8Array.of(Math.sign(g)), Float64Array.of(Math.log(Math.abs(g))), 0.5);
      const m2 = emaSigned(m1, Int8Array.of(-m1.sign[0]!), Float64Array.from(m1.log), 0.5);
      expect(m2.sign[0]).toBe(0);
      expect(m2.log[0]).toBe(-Infinity);
      // and the zero moment then takes the next gradient alone: m₃ = ½g₃
      const m3 = emaSigned(m2, Int8Array.of(1), Float64Array.of(2), 0.5);
      expect(m3.sign[0]).toBe(1);
      expect(m3.log[0]).toBe(2 + Math.log1p(-0.5));
    }
  });

  test('one entry e^{−1000} below another keeps its own sign and exact log', () => {
    const x = { sign: Int8Array.of(1, -1), log: Float64Array.of(0, -1000) };
    const out = emaSigned(x, Int8Array.of(1, 1), Float64Array.of(0, -1001), 0.9);
    // b·e^{−1000} − (1 − b)·e^{−1001} = e^{−1000}(0.9 − 0.1/e) < 0
    expect(out.sign[1]).toBe(-1);
    expect(Math.abs(out.log[1]! - (-1000 + Math.log(0.9 - 0.1 / Math.E)))).toBeLessThanOrEqual(1e-12);
    expect(out.sign[0]).toBe(1);
    expect(Math.abs(out.log[0]!)).toBeLessThanOrEqual(1e-15);
  });

  test('β = 0 returns the gradient itself, bit for bit; a zero gradient leaves β·m', () => {
    const x = signedLog([2, -3, 0, 5]);
    const g = signedLog([-1, -4, 6, 0]);
    const out = emaSigned(x, g.sign, g.log, 0);
    expect(Array.from(out.sign)).toEqual([-1, -1, 1, 0]);
    expect(Array.from(out.log)).toEqual(Array.from(g.log));
    const keep = emaSigned(x, new Int8Array(4), new Float64Array(4).fill(-Infinity), 0.9);
    expect(Array.from(keep.sign)).toEqual([1, -1, 0, 1]);
    expect(Array.from(keep.log)).toEqual(Array.from(x.log, (l) => Math.log(0.9) + l));
  });

  test('a NaN magnitude propagates as NaN, it is not read as a cancellation', () => {
    const out = emaSigned(signedLog([1, 1]), Int8Array.of(-1, 1), Float64Array.of(NaN, NaN), 0.5);
    expect(out.log[0]).toBeNaN();
    expect(out.log[1]).toBeNaN();
  });

  test('planted fault: a first moment that adds magnitudes regardless of sign is caught', () => {
    const unsigned = (x: SignedLog, gs: Int8Array, gl: Float64Array, b: number): SignedLog => emaSigned({ sign: x.sign.map((s) => Math.abs(s)), log: x.log }, gs.map((s) => Math.abs(s)), gl, b);
    expectCaught(() =>
      fc.assert(
        fc.property(pairs, beta, (xg, b) => {
          const x = xg.map(([v]) => v);
          const g = xg.map(([, w]) => w);
          const gs = signedLog(g);
          const got = plain(unsigned(signedLog(x), gs.sign, gs.log, b));
          return got.every((v, e) => Math.abs(v - (b * x[e]! + (1 - b) * g[e]!)) <= 1e-13 * (b * Math.abs(x[e]!) + (1 - b) * Math.abs(g[e]!)));
        }),
        { numRuns: runs(400) },
      ),
    );
  });
});

describe('second moment v ← b·v + (1 − b)·g² in logs', () => {
  test('equals the plain recursion within rounding, zeros and β = 0 included', () => {
    fc.assert(
      fc.property(pairs, beta, (vg, b) => {
        const v = vg.map(([a]) => a * a);
        const g = vg.map(([, w]) => w);
        const out = emaSquares(Float64Array.from(v, Math.log), Float64Array.from(g, (w) => Math.log(Math.abs(w))), b);
        return Array.from(out).every((l, e) => {
          const want = b * v[e]! + (1 - b) * g[e]! * g[e]!;
          return want === 0 ? l === -Infinity : Math.abs(Math.exp(l) - want) <= 1e-13 * want;
        });
      }),
      { numRuns: runs(400) },
    );
  });

  test('β = 0 gives log g² exactly; v = 0 and g = 0 give −Infinity; g² of e^{−1000} is e^{−2000}, not 0', () => {
    const out = emaSquares(Float64Array.of(1, -Infinity, 3), Float64Array.of(-2, -Infinity, -1000), 0);
    expect(Array.from(out)).toEqual([-4, -Infinity, -2000]);
    const tiny = emaSquares(Float64Array.of(-Infinity), Float64Array.of(-1000), 0.999);
    expect(Math.abs(tiny[0]! - (-2000 + Math.log1p(-0.999)))).toBeLessThanOrEqual(1e-12);
  });
});

describe('steepest-descent direction from a scaled gradient', () => {
  /** A scaled gradient with one entry e^{−1000} below the rest (0 in the mantissa). */
  const g: ScaledGradient = {
    mantissa: { rows: 2, cols: 2, data: Float64Array.of(1, -0.5, 0, 0) },
    logScale: 3,
    logAbs: Float64Array.of(3, 3 + Math.log(0.5), -997, -Infinity),
    sign: Int8Array.of(1, -1, -1, 0),
  };

  test('p = ∞ (SignGD) takes every exact sign, also where the mantissa has underflowed; zero stays zero', () => {
    expect(Array.from(steepestDescentDirection(g, Infinity).data)).toEqual([1, -1, -1, 0]);
    const out = { rows: 2, cols: 2, data: new Float64Array(4).fill(9) };
    expect(steepestDescentDirection(g, Infinity, out)).toBe(out);
    expect(Array.from(out.data)).toEqual([1, -1, -1, 0]);
  });

  test('finite p: ‖Δ‖_p = 1 and ⟨g, Δ⟩ = ‖g‖_q (the dual norm), into a given buffer or a new one', () => {
    for (const p of [1, 2, 3, 7]) {
      const d = steepestDescentDirection(g, p);
      expect(d.rows).toBe(2);
      expect(d.cols).toBe(2);
      expect(Math.abs(entrywiseNorm(d, p) - 1)).toBeLessThanOrEqual(1e-14);
      const inner = Array.from(d.data).reduce((s, v, e) => s + v * g.mantissa.data[e]!, 0);
      expect(Math.abs(inner - entrywiseNorm(g.mantissa, dualExponent(p)))).toBeLessThanOrEqual(1e-14);
      const out = { rows: 2, cols: 2, data: new Float64Array(4).fill(9) };
      expect(steepestDescentDirection(g, p, out)).toBe(out);
      expect(Array.from(out.data)).toEqual(Array.from(d.data));
    }
  });
});
