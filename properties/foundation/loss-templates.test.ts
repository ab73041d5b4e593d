/**
 * Every PERM loss the harness knows (CE, exponential, PairLogLoss and the polynomial-tailed
 * probe loss), one sample at a time: the template ψ against its definition, −∇ψ against central
 * differences of ψ, and the per-sample evaluation (log ℓ, log a_c, log G, Hessian form) against
 * the template at the relative margins z_c = v_y − v_c (R-templates: ℓ(v, y) = ψ(D_y v)).
 * The fast suites otherwise reach the probe loss and the templates only through long claims.
 */
import fc from 'fast-check';
import { describe, expect, test } from 'vitest';
import { ArgumentError } from '../../src/errors.js';
import { ALL_LOSSES, LOSSES, lossByName, type LossName, type PermLoss } from '../../src/losses/index.js';
import { close, expectCaught, runs } from '../support.js';

/** ψ by its definition in plain float64, exact to rounding at moderate margins (|z| ≤ 5). */
const DEFINITION: Record<LossName, (z: number[]) => number> = {
  ce: (z) => Math.log(1 + z.reduce((s, v) => s + Math.exp(-v), 0)),
  exp: (z) => z.reduce((s, v) => s + Math.exp(-v), 0),
  pll: (z) => z.reduce((s, v) => s + Math.log(1 + Math.exp(-v)), 0),
  poly: (z) => z.reduce((s, v) => s + (Math.sqrt(v * v + 1) - v) ** 2, 0),
};

const margins = fc.array(fc.double({ min: -5, max: 5, noNaN: true }), { minLength: 1, maxLength: 5 });
/** Logits, a label and a direction u for one sample with k classes. */
const sample = fc.integer({ min: 2, max: 6 }).chain((k) =>
  fc.record({
    v: fc.array(fc.double({ min: -4, max: 4, noNaN: true }), { minLength: k, maxLength: k }),
    y: fc.integer({ min: 0, max: k - 1 }),
    u: fc.array(fc.double({ min: -1, max: 1, noNaN: true }), { minLength: k, maxLength: k }),
  }),
);
const relMargins = (v: number[], y: number): number[] => v.flatMap((vc, c) => (c === y ? [] : [v[y]! - vc]));

/** −∂_jψ(z) by central differences. */
function fdNegGradient(loss: PermLoss, z: number[]): number[] {
  const h = 1e-6;
  return z.map((_, j) => {
    const zp = [...z];
    const zm = [...z];
    zp[j]! += h;
    zm[j]! -= h;
    return -(loss.template(zp) - loss.template(zm)) / (2 * h);
  });
}

describe.each(Object.values(ALL_LOSSES))('$title ($name)', (loss) => {
  test('template ψ(z) equals its definition', () => {
    fc.assert(fc.property(margins, (z) => close(loss.template(z), DEFINITION[loss.name](z), 1e-12)), { numRuns: runs(200) });
  });

  test('−∇ψ equals central differences of ψ (rel 1e-6)', () => {
    fc.assert(
      fc.property(margins, (z) => {
        const g = loss.templateNegGradient(z, new Float64Array(z.length));
        const fd = fdNegGradient(loss, z);
        return z.every((_, j) => close(g[j]!, fd[j]!, 1e-6, 1e-9)) && g.every((v) => v > 0);
      }),
      { numRuns: runs(200) },
    );
  });

  test('one sample: log ℓ = log ψ(z), log a_c = log(−∂_cψ(z)), log G = log Σ_c a_c', () => {
    fc.assert(
      fc.property(sample, ({ v, y }) => {
        const k = v.length;
        const z = relMargins(v, y);
        // the sample sits at an offset inside a longer buffer, as in the evaluator
        const off = 2 * k;
        const V = new Float64Array(4 * k);
        V.set(v, off);
        const logA = new Float64Array(4 * k).fill(7);
        const logL = loss.sample(V, off, k, y, logA);
        const a = loss.templateNegGradient(z, new Float64Array(k - 1));
        const okA = z.every((_, j) => close(logA[off + (j < y ? j : j + 1)]!, Math.log(a[j]!), 1e-12, 1e-12));
        const okG = close(logA[off + y]!, Math.log(a.reduce((s, t) => s + t, 0)), 1e-12, 1e-12);
        const untouched = [...logA.subarray(0, off), ...logA.subarray(off + k)].every((t) => t === 7);
        return close(logL, Math.log(loss.template(z)), 1e-12, 1e-12) && okA && okG && untouched;
      }),
      { numRuns: runs(200) },
    );
  });

  test('one sample: the Hessian form uᵀ∇²ℓ u equals the second difference of ψ along u (rel 1e-5)', () => {
    fc.assert(
      fc.property(sample, ({ v, y, u }) => {
        const k = v.length;
        const V = Float64Array.from(v);
        const logA = new Float64Array(k);
        loss.sample(V, 0, k, y, logA);
        const form = Math.exp(loss.logHessianForm(V, 0, k, y, logA, Float64Array.from(u)));
        const psiAt = (t: number): number => loss.template(relMargins(v.map((vc, c) => vc + t * u[c]!), y));
        const h = 1e-4;
        const fd = (psiAt(h) - 2 * psiAt(0) + psiAt(-h)) / (h * h);
        return close(form, fd, 1e-5, 1e-6 * psiAt(0));
      }),
      { numRuns: runs(200) },
    );
  });

  test('a direction that moves every logit alike (u = c·1) leaves the loss flat: form exactly 0 (log −Infinity)', () => {
    const v = Float64Array.of(0.5, -1, 2);
    const logA = new Float64Array(3);
    loss.sample(v, 0, 3, 1, logA);
    expect(loss.logHessianForm(v, 0, 3, 1, logA, Float64Array.of(0.3, 0.3, 0.3))).toBe(-Infinity);
  });
});

describe('the polynomial-tailed probe loss has a polynomial, not exponential, tail', () => {
  const poly = ALL_LOSSES.poly;
  test('φ(z)·4z² → 1 as z → ∞, and φ(z)·φ(−z) = 1 (h(z)h(−z) = 1) at any |z|', () => {
    for (const z of [1e3, 1e5, 1e7]) expect(close(poly.template([z]) * 4 * z * z, 1, 1e-5)).toBe(true);
    for (const z of [0, 0.5, 3, 1e4, 1e8, 1e150]) {
      expect(close(poly.template([z]) * poly.template([-z]), 1, 1e-14), `z = ${z}`).toBe(true);
    }
  });

  test('−φ′(z) = 2h(z)²/√(z²+1) and the sample weights keep relative precision at large margins', () => {
    for (const z of [-1e4, -3, 0, 2, 1e4, 1e8]) {
      const h = z > 0 ? 1 / (Math.sqrt(z * z + 1) + z) : Math.sqrt(z * z + 1) - z;
      const want = (2 * h * h) / Math.sqrt(z * z + 1);
      expect(close(poly.templateNegGradient([z], new Float64Array(1))[0]!, want, 1e-14), `z = ${z}`).toBe(true);
    }
  });
});

describe('loss registry', () => {
  test('each loss is registered under its own name, with a distinct title; LOSSES are the three ET losses', () => {
    for (const [key, loss] of Object.entries(ALL_LOSSES)) {
      expect(loss.name).toBe(key);
      expect(lossByName(key)).toBe(loss);
    }
    const titles = Object.values(ALL_LOSSES).map((l) => l.title);
    expect(new Set(titles).size).toBe(4);
    expect(titles.every((t) => t.length > 3)).toBe(true);
    expect(Object.keys(LOSSES)).toEqual(['ce', 'exp', 'pll']);
    expect(Object.keys(ALL_LOSSES)).toEqual(['ce', 'exp', 'pll', 'poly']);
  });

  test('an unknown loss name is an ArgumentError naming the choices', () => {
    expect(() => lossByName('hinge')).toThrow(ArgumentError);
    expect(() => lossByName('hinge')).toThrow('unknown loss "hinge": expected one of ce, exp, pll, poly');
  });

  test('planted fault: a template that drops one margin is caught by the definition check', () => {
    const dropped = { ...ALL_LOSSES.exp, template: (z: ArrayLike<number>) => ALL_LOSSES.exp.template(Array.from(z).slice(1)) };
    expectCaught(() => fc.assert(fc.property(margins, (z) => close(dropped.template(z), DEFINITION.exp(z), 1e-12)), { numRuns: runs(200) }));
  });
});
