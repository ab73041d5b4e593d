/** Optimizers (issue #4): schedules, exact log-domain moments, scale-freeness, purity, determinism. */
import fc from 'fast-check';
import { describe, expect, test } from 'vitest';
import { ArgumentError } from '../../src/errors.js';
import { zeros, type Matrix } from '../../src/linalg/matrix.js';
import { dualExponent, vectorNorm } from '../../src/linalg/norms.js';
import type { ScaledGradient } from '../../src/linalg/scaled.js';
import { adam, constantSchedule, exactMoments, nsd, polynomialSchedule, prefixSums, signGD, signum, type Optimizer } from '../../src/optimizers/index.js';
import { close, expectCaught, runs } from '../support.js';

/** A gradient given as plain values, in the harness's scaled form, shifted by e^{shift}. */
function scaled(values: readonly number[], shift = 0): ScaledGradient {
  const n = values.length;
  const logAbs = Float64Array.from(values, (v) => (v === 0 ? -Infinity : Math.log(Math.abs(v)) + shift));
  const sign = Int8Array.from(values, (v) => Math.sign(v));
  let mx = -Infinity;
  for (const l of logAbs) mx = Math.max(mx, l);
  const mantissa = { rows: 1, cols: n, data: Float64Array.from(values, (v, e) => (v === 0 ? 0 : sign[e]! * Math.exp(logAbs[e]! - mx))) };
  return { mantissa, logScale: mx, logAbs, sign };
}

function runSeq<S>(opt: Optimizer<S>, grads: readonly (readonly number[])[], shift = 0): Float64Array[] {
  const n = grads[0]!.length;
  let W: Matrix = zeros(1, n);
  let st = opt.init(W);
  const out: Float64Array[] = [];
  grads.forEach((g, t) => {
    const r = opt.update(scaled(g, shift), st, W, t);
    out.push(r.updates.data);
    st = r.state;
    W = { ...W, data: W.data.map((v, e) => v + r.updates.data[e]!) };
  });
  return out;
}

/** Plain float64 Adam, exactly as D-Adam writes it (the reference at moderate magnitudes). */
function plainAdam(grads: readonly (readonly number[])[], eta: (t: number) => number, b1: number, b2: number, eps: number, bias: boolean, offByOne = false): Float64Array[] {
  const n = grads[0]!.length;
  const m = new Float64Array(n);
  const v = new Float64Array(n);
  return grads.map((g, t) => {
    const u = new Float64Array(n);
    for (let e = 0; e < n; e++) {
      m[e] = b1 * m[e]! + (1 - b1) * g[e]!;
      v[e] = b2 * v[e]! + (1 - b2) * g[e]! * g[e]!;
      const k = offByOne ? t : t + 1;
      const mh = bias ? m[e]! / (1 - b1 ** k) : m[e]!;
      const vh = bias ? v[e]! / (1 - b2 ** k) : v[e]!;
      u[e] = mh === 0 ? 0 : (-eta(t) * mh) / (Math.sqrt(vh) + eps);
    }
    return u;
  });
}

const gradSeq = fc.array(fc.array(fc.double({ min: -5, max: 5, noNaN: true }).filter((x) => Math.abs(x) > 1e-3), { minLength: 4, maxLength: 4 }), { minLength: 1, maxLength: 30 });
const adamCfg = fc.record({ eps: fc.constantFrom(0, 1e-8, 1e-3), bias: fc.boolean(), b: fc.constantFrom<[number, number]>([0.9, 0.99], [0.9, 0.999], [0.5, 0.9]) });

function adamMatchesPlain(reference: typeof plainAdam) {
  return fc.property(gradSeq, adamCfg, (grads, { eps, bias, b }) => {
    const s = polynomialSchedule(0.1, 0.5);
    const ours = runSeq(adam(s, { beta1: b[0], beta2: b[1], eps, biasCorrection: bias }), grads);
    const ref = reference(grads, s, b[0], b[1], eps, bias);
    return ours.every((u, t) => u.every((x, e) => close(x, ref[t]![e]!, 1e-12, 1e-15)));
  });
}

describe('schedules', () => {
  test('η_t = η₀(t + t_off)^{−a}, its η₀ and prefix sums', () => {
    const s = polynomialSchedule(2, 0.5, 4);
    expect(s(0)).toBe(1);
    expect(s(12)).toBe(0.5);
    expect(s.eta0).toBe(1);
    expect(Array.from(prefixSums(constantSchedule(0.25), 4))).toEqual([0, 0.25, 0.5, 0.75, 1]);
  });

  test.each([
    [() => polynomialSchedule(1, 0), /decay exponent a must be in \(0, 1\]/],
    [() => polynomialSchedule(1, 1.5), /decay exponent a must be in \(0, 1\]/],
    [() => polynomialSchedule(-1, 0.5), /η₀ must be positive/],
    [() => polynomialSchedule(1, 0.5, 0), /offset t_off must be ≥ 1/],
    [() => constantSchedule(Number.NaN), /constant step must be positive/],
    [() => adam(constantSchedule(1), { beta1: 1 }), /β₁, β₂ ∈ \[0, 1\)/],
    [() => nsd(0.5, constantSchedule(1)), /NSD norm p must be in \[1, ∞\]/],
  ])('a bad schedule or configuration is a clear ArgumentError (%#)', (f, msg) => {
    expect(f).toThrow(ArgumentError);
    expect(f).toThrow(msg);
  });
});

describe('Adam', () => {
  test('log-domain Adam equals the plain float64 definition (ε, bias correction, β) to 1e-12', () => {
    fc.assert(adamMatchesPlain(plainAdam), { numRuns: runs(200) });
  });

  test('planted fault: bias correction with 1 − β^t instead of 1 − β^{t+1} is caught', () => {
    expectCaught(() => fc.assert(adamMatchesPlain((g, e, b1, b2, eps, bias) => plainAdam(g, e, b1, b2, eps, bias, true)), { numRuns: runs(200) }));
  });

  test('ε = 0 Adam is scale-free: gradients e^{−1000} (zero in float64) give the same updates', () => {
    // Logs of magnitude ~1000 carry absolute rounding ~1000ε, so e^{−1000}-scale moments are
    // exact to ~2e-13 relative per operation; cancellation inside m_t amplifies that relative
    // to |m_t| but not relative to η_t·(EMA|g|)/√v_t ≤ η_t·α_D1: the tolerance is 1e-10·η_t.
    fc.assert(
      fc.property(gradSeq, (grads) => {
        const s = polynomialSchedule(0.1, 0.5);
        const a = runSeq(adam(s), grads);
        const b = runSeq(adam(s), grads, -1000);
        return a.every((u, t) => u.every((x, e) => close(x, b[t]![e]!, 1e-10, 1e-10 * s(t))));
      }),
      { numRuns: runs(100) },
    );
    // ... where the plain definition has nothing usable left: g² underflows, m/√v is 0, 0/0 or ±∞.
    const tiny = [[1e-300 * 1e-300, -1e-300 * 1e-300, 0, 1e-320]];
    expect(plainAdam(tiny, () => 0.1, 0.9, 0.99, 0, false)[0]!.every((u) => u === 0 || !Number.isFinite(u))).toBe(true);
  });

  test('the update never mutates the state it is given (pure, optax-style)', () => {
    const opt = adam(constantSchedule(0.1));
    const st = opt.init(zeros(1, 3));
    const snap = (): string => {
      const { m, logV } = exactMoments(opt.moments!(st));
      return JSON.stringify({ s: Array.from(m.sign), l: Array.from(m.log), v: Array.from(logV) });
    };
    const before = snap();
    opt.update(scaled([1, -2, 3]), st, zeros(1, 3), 0);
    expect(snap()).toBe(before);
  });
});

describe('normalized steepest descent', () => {
  test('each step has ‖Δ‖_p = η and descends at rate η‖g‖_q: ⟨g, −update⟩ = η‖g‖_q', () => {
    fc.assert(
      fc.property(fc.array(fc.double({ min: -3, max: 3, noNaN: true }), { minLength: 2, maxLength: 8 }).filter((g) => g.some((x) => Math.abs(x) > 1e-6)), fc.constantFrom(1, 2, Infinity, 3), (g, p) => {
        const opt = nsd(p, constantSchedule(0.3));
        const u = opt.update(scaled(g), opt.init(zeros(1, g.length)), zeros(1, g.length), 0).updates.data;
        const ip = -g.reduce((a, x, e) => a + x * u[e]!, 0);
        const sg = g.filter((x) => x !== 0).length;
        const pNorm = vectorNorm(u, p);
        return close(ip, 0.3 * vectorNorm(g, dualExponent(p)), 1e-12) && (p === Infinity ? close(pNorm, sg > 0 ? 0.3 : 0, 0) : close(pNorm, 0.3, 1e-12));
      }),
      { numRuns: runs(300) },
    );
  });

  test('SignGD moves every entry by ±η, even entries e^{−1000} below the largest', () => {
    const g = scaled([1, -1, 1, -1]);
    // entries 2 and 3 pushed 1000 nats down: the single-scale mantissa rounds them to 0
    g.logAbs[2] = -1000;
    g.logAbs[3] = -1000;
    g.mantissa.data[2] = 0;
    g.mantissa.data[3] = 0;
    const opt = signGD(constantSchedule(0.5));
    const u = opt.update(g, opt.init(zeros(1, 4)), zeros(1, 4), 0).updates.data;
    expect(Array.from(u)).toEqual([-0.5, 0.5, -0.5, 0.5]);
  });

  test('Signum steps along the sign of the momentum', () => {
    const u = runSeq(signum(constantSchedule(1), 0.9), [
      [1, -1],
      [-0.5, -1],
    ]);
    // m_1 = 0.9·0.1·(1, −1) + 0.1·(−0.5, −1) = (0.04, −0.19)
    expect(Array.from(u[1]!)).toEqual([-1, 1]);
  });
});
