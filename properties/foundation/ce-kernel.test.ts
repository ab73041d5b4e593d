/**
 * The WebAssembly cross-entropy kernel (wasm/ceStep.ts → src/losses/kernel/ceStepWasm.ts), which
 * Objective uses for crossEntropy, against the TypeScript reference path (Objective with
 * kernel 'reference': PermLoss.sample + gradient.ts, itself checked against the mpmath oracle in
 * gradient-paths.test.ts, which now runs the kernel too).
 *
 * The tolerance, derived. ε = 2^-53. The logits V are bit-identical (same summation order); the
 * kernel's exp, log and log1p differ from Math's by ≤ 2 ulp (each ≤ 1 ulp from the truth, the
 * first test). Per sample, lse, r, softplus(r), log σ(r), log a_ic are sums and differences of
 * at most 8 such values or roundings, each of magnitude ≤ Λ = 2 + 7·max|v| + 3·log k
 * (|lse| ≤ max|v| + log k, |r| ≤ 2max|v| + log k, |softplus| ≤ |r| + log 2, |log a| ≤
 * 2max|v| + |softplus|): the two paths' log weights differ by ≤ 8ε·Λ each, so a row-scaled
 * weight e^{log a − S_c} (two of them, plus the exp's 2 ulp) by a relative τ_w = 16εΛ + 4ε.
 * Each path sums its n weighted terms in the same order with relative rounding ≤ (n + 1)ε of
 * Σ|w x|. Hence per entry, in units of the row scale e^{S_c}/n:
 *   |ĝ_fast − ĝ_ref| ≤ τ·Σ_i |w_ic x_ij| + n·2^-1022·max|x|,  τ = τ_w + 2(n + 1)ε,
 * the last term for the kernel's exponentials flushed below 2^-1022 (documented in ceStep.ts). The
 * same τ bounds log L, log G and max log G_i (log-sum-exps of such values). Every sign is thus
 * exact wherever the reference entry exceeds that bound: at L = e^{−4000} (Λ ≈ 10⁵) the
 * relative magnitudes agree to ~10⁻¹⁰.
 */
import { readFileSync } from 'node:fs';
import fc from 'fast-check';
import { describe, expect, test } from 'vitest';
import { buildKernel, moduleText, OUTPUT, sha256, SOURCE } from '../../scripts/build-wasm.js';
import { separableProblem } from '../../src/arbitraries/separableProblem.js';
import { makeDataset } from '../../src/data/dataset.js';
import { fromRows, multiplyABt, zeros, type Matrix } from '../../src/linalg/matrix.js';
import { rowScales } from '../../src/losses/gradient.js';
import { crossEntropy, exponential } from '../../src/losses/index.js';
import { CrossEntropyKernel, kernelMath, kernelModule, type KernelMath } from '../../src/losses/kernel/ceKernel.js';
import { SOURCE_SHA256, WASM_BASE64, WASM_SHA256 } from '../../src/losses/kernel/ceStepWasm.js';
import { Objective } from '../../src/losses/objective.js';
import { Problem } from '../../src/problem.js';
import { expectCaught, runs } from '../support.js';

const EPS = 2 ** -53;
const MIN_NORMAL = 2 ** -1022;
const source = readFileSync(SOURCE, 'utf8');

/** One ulp of a double (the spacing at |x|; subnormal spacing below the normal range). */
function ulp(x: number): number {
  const a = Math.abs(x);
  if (a === 0 || !Number.isFinite(a)) return Number.MIN_VALUE;
  return 2 ** (Math.max(Math.floor(Math.log2(a)), -1022) - 52);
}

/** Kernel exp/log/log1p within 2 ulp of Math's on random arguments over their whole range; null or a description of the first miss. */
function mathMiss(m: KernelMath, seed: number): string | null {
  let x = seed + 1;
  const rnd = (): number => (x = (x * 16807) % 2147483647) / 2147483647;
  for (let i = 0; i < 20000; i++) {
    const a = -708 + 1417 * rnd();
    const b = Math.exp(1400 * (rnd() - 0.5));
    const u = rnd() < 0.5 ? rnd() : (rnd() < 0.2 ? -1 : 1) * Math.exp(-40 * rnd());
    for (const [name, got, want] of [
      ['exp', m.exp(a), Math.exp(a)],
      ['log', m.log(b), Math.log(b)],
      ['log1p', m.log1p(u), Math.log1p(u)],
    ] as const) {
      if (!(Math.abs(got - want) <= 2 * ulp(want))) return `${name}: ${got} vs Math ${want}`;
    }
  }
  return null;
}

/** W = 0, a random W of entries in ±2, or c·W*_∞ with min margin `deep` (L ≈ e^{−deep}). */
const starts = fc.oneof(fc.constant({ kind: 'zero' as const, deep: 0 }), fc.constant({ kind: 'random' as const, deep: 0 }), fc.constantFrom(40, 700, 4000).map((deep) => ({ kind: 'deep' as const, deep })));
function startOf(pb: Problem, s: { kind: 'zero' | 'random' | 'deep'; deep: number }, seed: number): Matrix {
  if (s.kind === 'zero') return zeros(pb.k, pb.d);
  const { W, gamma } = pb.margin(Infinity);
  if (s.kind === 'deep') return { ...W, data: W.data.map((v) => (v * s.deep) / gamma) };
  let x = seed + 1;
  return { ...W, data: W.data.map(() => ((x = (x * 16807) % 2147483647) / 2147483647 - 0.5) * 4) };
}

/** The first difference between the kernel (module `mod`) and the reference beyond the derived bound, or null. */
function disagreement(pb: Problem, W: Matrix, mod: WebAssembly.Module): string | null {
  const fast = new Objective(pb.dataset, crossEntropy, { kernel: mod });
  const ref = new Objective(pb.dataset, crossEntropy, { kernel: 'reference' });
  if (fast.implementation !== 'wasm' || ref.implementation !== 'reference') return 'not the two paths';
  const a = fast.evaluate(W);
  const b = ref.evaluate(W);
  const { n, k, d } = ref;
  const X = pb.dataset.X.data;
  const logA = ref.logWeights(W);
  let maxV = 0;
  for (let i = 0; i < n; i++) for (let c = 0; c < k; c++) {
    let v = 0;
    for (let j = 0; j < d; j++) v += W.data[c * d + j]! * X[i * d + j]!;
    maxV = Math.max(maxV, Math.abs(v));
  }
  const lambda = 2 + 7 * maxV + 3 * Math.log(k);
  const tau = 16 * EPS * lambda + 4 * EPS + 2 * (n + 1) * EPS;
  for (const key of ['logLoss', 'logProxy', 'maxLogSampleProxy'] as const) {
    if (!(Math.abs(a[key] - b[key]) <= tau || a[key] === b[key])) return `${key}: ${a[key]} vs ${b[key]} (τ ${tau})`;
  }
  const S = rowScales({ X, y: pb.dataset.y, logA, n, k, d });
  let maxX = 0;
  for (const x of X) maxX = Math.max(maxX, Math.abs(x));
  const logN = Math.log(n);
  for (let c = 0; c < k; c++) {
    for (let j = 0; j < d; j++) {
      const e = c * d + j;
      if (S[c] === -Infinity) {
        if (a.gradient.sign[e] !== 0 || b.gradient.sign[e] !== 0) return `entry ${e}: nonzero in a row no sample weighs`;
        continue;
      }
      let mag = 0;
      for (let i = 0; i < n; i++) mag += Math.exp(logA[i * k + c]! - S[c]!) * Math.abs(X[i * d + j]!);
      const rel = (g: typeof a.gradient): number => (g.sign[e] === 0 ? 0 : g.sign[e]! * Math.exp(g.logAbs[e]! + logN - S[c]!));
      const [va, vb] = [rel(a.gradient), rel(b.gradient)];
      if (!(Math.abs(va - vb) <= tau * mag + n * MIN_NORMAL * maxX)) return `entry (${c}, ${j}): ${va} vs ${vb} in row-scale units, bound ${tau * mag} (τ ${tau})`;
    }
  }
  return null;
}

const problems = separableProblem({ maxK: 5, maxD: 11, maxPerClass: 6 });
const agreeWith = (mod: WebAssembly.Module) =>
  fc.property(problems, starts, fc.nat(), (pb, s, seed) => {
    const why = disagreement(pb, startOf(pb, s, seed), mod);
    if (why !== null) throw new Error(`${s.kind}${s.deep ? ` (margin ${s.deep})` : ''}: ${why}`);
  });

/** The kernel built from the source with one planted change (asserted to apply). */
async function plant(from: string, to: string): Promise<WebAssembly.Module> {
  expect(source.includes(from), `the planted fault's target is in ceStep.ts: ${from}`).toBe(true);
  return new WebAssembly.Module(await buildKernel(source.replace(from, to)));
}

const mod = kernelModule();
if (!mod) throw new Error('WebAssembly SIMD is missing: the kernel cannot be tested here');

describe('the checked-in binary', () => {
  test('is the build of the checked-in source (hashes, then a rebuild byte for byte)', async () => {
    expect(SOURCE_SHA256).toBe(sha256(source));
    expect(WASM_SHA256).toBe(sha256(Buffer.from(WASM_BASE64, 'base64')));
    expect(moduleText(await buildKernel(source), source)).toBe(readFileSync(OUTPUT, 'utf8'));
  });
});

describe('elementary functions', () => {
  test('exp, log and log1p within 2 ulp of Math', () => {
    const m = kernelMath(mod);
    for (const seed of [1, 2, 3]) expect(mathMiss(m, seed)).toBeNull();
  });

  test('edge values: ±∞, NaN, 0, the flush below 2^-1022 and overflow', () => {
    const m = kernelMath(mod);
    expect([m.exp(-Infinity), m.exp(Infinity), m.exp(NaN), m.exp(0), m.exp(-709), m.exp(710), m.exp(709.78)]).toEqual([0, Infinity, NaN, 1, 0, Infinity, Math.exp(709.78)]);
    expect(m.exp(-708.39)).toBeGreaterThanOrEqual(MIN_NORMAL);
    expect([m.log(0), m.log(-1), m.log(NaN), m.log(Infinity), m.log(1)]).toEqual([-Infinity, NaN, NaN, Infinity, 0]);
    expect([m.log1p(0), m.log1p(1e-300), m.log1p(-1e-18)]).toEqual([0, 1e-300, -1e-18]);
  });

  test('planted: an exp whose r⁴ coefficient is off by 1e-9 (relative) is caught', async () => {
    const bad = await plant('1.0 / 24.0, 1.0 / 24.0,', '(1.0 + 1e-9) / 24.0, (1.0 + 1e-9) / 24.0,');
    expect(mathMiss(kernelMath(bad), 1)).toMatch(/^exp/);
  });
});

describe('kernel against the reference path', () => {
  test('within the derived bound on generated problems, from W = 0 to L ≈ e^{−4000}', () => {
    fc.assert(agreeWith(mod), { numRuns: runs(60) });
  });

  test('every sign and log-magnitude at L = e^{−4000}: a 4-class problem at margin 4000', () => {
    fc.assert(
      fc.property(separableProblem({ maxK: 4, maxD: 9, maxPerClass: 8 }), (pb) => {
        const W = startOf(pb, { kind: 'deep', deep: 4000 }, 0);
        const a = new Objective(pb.dataset, crossEntropy).evaluate(W);
        const b = new Objective(pb.dataset, crossEntropy, { kernel: 'reference' }).evaluate(W);
        expect(b.logLoss).toBeLessThan(-3999);
        expect(disagreement(pb, W, mod)).toBeNull();
        // where the reference entry is well inside its row (no cancellation to the bound), the
        // signs are equal and the logs agree to ~Λ·10⁻¹⁵ absolute
        let compared = 0;
        for (let e = 0; e < a.gradient.sign.length; e++) {
          if (b.gradient.sign[e] === 0) continue;
          if (b.gradient.logAbs[e]! < b.gradient.logScale - 30) continue;
          compared++;
          expect(a.gradient.sign[e]).toBe(b.gradient.sign[e]);
          expect(Math.abs(a.gradient.logAbs[e]! - b.gradient.logAbs[e]!)).toBeLessThan(1e-9);
        }
        expect(compared).toBeGreaterThan(0);
      }),
      { numRuns: runs(15) },
    );
  });

  test('the logits are bit-identical to multiplyABt (same partial sums), odd n, k and d included', () => {
    fc.assert(
      fc.property(problems, starts, fc.nat(), (pb, s, seed) => {
        const W = startOf(pb, s, seed);
        const kernel = new CrossEntropyKernel(mod, pb.dataset.X.data, pb.dataset.y, pb.dataset.X.rows, pb.d, pb.k);
        kernel.W.set(W.data);
        kernel.forward();
        const V = multiplyABt(pb.dataset.X, W).data;
        expect(Array.from(kernel.V).every((v, e) => Object.is(v, V[e]))).toBe(true);
      }),
      { numRuns: runs(60) },
    );
  });

  test('entries the kernel leaves to the term-by-term fallback (the oracle\'s spread and sparse cases) agree too', () => {
    const fx = JSON.parse(readFileSync(new URL('../../fixtures/oracle/logdomain.json', import.meta.url), 'utf8')) as { cases: { name: string; k: number; X: number[][]; y: number[]; W: number[][] }[] };
    let leftOver = 0;
    for (const c of fx.cases) {
      const pb = new Problem(makeDataset(c.X, c.y, { k: c.k }));
      const kernel = new CrossEntropyKernel(mod, pb.dataset.X.data, pb.dataset.y, pb.dataset.X.rows, pb.d, pb.k);
      kernel.W.set(fromRows(c.W).data);
      kernel.forward();
      leftOver += kernel.gradient();
      expect(disagreement(pb, fromRows(c.W), mod), c.name).toBeNull();
    }
    expect(leftOver).toBeGreaterThan(0);
  });

  test('deterministic: a second instance and a repeated call give the same bits', () => {
    fc.assert(
      fc.property(problems, starts, fc.nat(), (pb, s, seed) => {
        const W = startOf(pb, s, seed);
        const o1 = new Objective(pb.dataset, crossEntropy);
        const first = o1.evaluate(W);
        o1.evaluate(zeros(pb.k, pb.d));
        const again = o1.evaluate(W);
        const other = new Objective(pb.dataset, crossEntropy).evaluate(W);
        for (const ev of [again, other]) {
          expect(Object.is(ev.logLoss, first.logLoss) && Object.is(ev.logProxy, first.logProxy)).toBe(true);
          expect(Array.from(ev.gradient.logAbs)).toEqual(Array.from(first.gradient.logAbs));
          expect(Array.from(ev.gradient.sign)).toEqual(Array.from(first.gradient.sign));
          expect(Array.from(ev.gradient.mantissa.data)).toEqual(Array.from(first.gradient.mantissa.data));
        }
      }),
      { numRuns: runs(30) },
    );
  });

  test('only cross-entropy takes the kernel; kernel: reference forces the TypeScript path', () => {
    const pb = fc.sample(problems, { numRuns: 1, seed: 5 })[0]!;
    expect(new Objective(pb.dataset, crossEntropy).implementation).toBe('wasm');
    expect(new Objective(pb.dataset, exponential).implementation).toBe('reference');
    expect(new Objective(pb.dataset, crossEntropy, { kernel: 'reference' }).implementation).toBe('reference');
  });

  test('planted: a kernel that keeps the sign of the true-class weight is caught', async () => {
    const bad = await plant('store<f64>(yo, -load<f64>(yo));', 'store<f64>(yo, load<f64>(yo));');
    expectCaught(() => fc.assert(agreeWith(bad), { numRuns: runs(60) }));
  });

  test('planted: logits that drop the features past the last group of four are caught', async () => {
    const bad = await plant('for (let j = d4; j < d; j++) s0 +=', 'for (let j = d; j < d; j++) s0 +=');
    expectCaught(() => fc.assert(agreeWith(bad), { numRuns: runs(60) }));
  });

  test('planted: the exp off by 1e-9 in its r⁴ term is caught by the agreement bound too', async () => {
    const bad = await plant('1.0 / 24.0, 1.0 / 24.0,', '(1.0 + 1e-9) / 24.0, (1.0 + 1e-9) / 24.0,');
    expectCaught(() => fc.assert(agreeWith(bad), { numRuns: runs(60) }));
  });
});
