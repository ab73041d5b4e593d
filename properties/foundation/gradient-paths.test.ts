/**
 * The gradient's two routes (src/losses/gradient.ts), each on its own, against the mpmath oracle
 * (fixtures/oracle/logdomain.json) and against a plain float64 sum with a rounding bound.
 * A fast path that the fallback silently repairs is untested code: here the row-scaled sums are
 * compared without the fallback, and the term-by-term fallback on every entry, not only where
 * the fast path hands over.
 *
 * The fixture has d ≤ 3, below the fast path's 4-wide unrolled loop, so every case is also
 * widened exactly: X' = [X | −X | 2X], W' = [W | 0 | 0] gives the same logits (the zero columns
 * add exact zeros) and the oracle gradient [g | −g | 2g], at d' = 6 and 9.
 *
 * Tolerances: the oracle's (|Δ log|g|| ≤ 1e-10, signs equal). Against plain float64 sums:
 * |ĝ − g| ≤ 1e-12 · Σ_i |a_ic x_ij| / n, a bound on the rounding of either evaluation.
 */
import { readFileSync } from 'node:fs';
import fc from 'fast-check';
import { describe, expect, it, test } from 'vitest';
import { makeDataset } from '../../src/data/dataset.js';
import { fromRows, zeros, type Matrix } from '../../src/linalg/matrix.js';
import { rowScaledSums, rowScales, scaledGradient, termByTermEntry, TINY_MANTISSA, type GradientTerms } from '../../src/losses/gradient.js';
import { crossEntropy, exponential, pairLogLoss, type PermLoss } from '../../src/losses/index.js';
import { Objective } from '../../src/losses/objective.js';
import { expectCaught, runs } from '../support.js';

type LossKey = 'ce' | 'exp' | 'pll';
interface OracleCase {
  name: string;
  k: number;
  X: number[][];
  y: number[];
  W: number[][];
  losses: Record<LossKey, { logLoss: number; gradient: { sign: number[]; logAbs: (number | null)[] } }>;
}
const fixture = JSON.parse(readFileSync(new URL('../../fixtures/oracle/logdomain.json', import.meta.url), 'utf8')) as { cases: OracleCase[] };
const LOSSES: Record<LossKey, PermLoss> = { ce: crossEntropy, exp: exponential, pll: pairLogLoss };
const GRAD_LOG = 1e-10;

/** An oracle gradient entry: sign and log|g| (−Infinity for an exact zero). */
interface Entry {
  sign: number;
  logAbs: number;
}

interface Problem {
  name: string;
  terms: GradientTerms;
  oracle: Entry[];
  logLoss: number;
  obj: Objective;
  W: Matrix;
}

/** The case as given, and widened to [X | −X | 2X] with W' = [W | 0 | 0] (oracle [g | −g | 2g]). */
function problems(c: OracleCase, key: LossKey): Problem[] {
  const d = c.X[0]!.length;
  const g = c.losses[key].gradient;
  const entry = (e: number): Entry => ({ sign: g.sign[e]!, logAbs: g.logAbs[e] ?? -Infinity });
  const plain = { X: c.X, W: c.W, oracle: c.W.map((_, cl) => Array.from({ length: d }, (_, j) => entry(cl * d + j))).flat() };
  const mult = [1, -1, 2];
  const wide = {
    X: c.X.map((x) => mult.flatMap((m) => x.map((v) => m * v))),
    W: c.W.map((w) => [...w, ...w.map(() => 0), ...w.map(() => 0)]),
    oracle: c.W.map((_, cl) =>
      mult.flatMap((m) =>
        Array.from({ length: d }, (_, j) => {
          const o = entry(cl * d + j);
          return { sign: o.sign * Math.sign(m), logAbs: o.logAbs + Math.log(Math.abs(m)) };
        }),
      ),
    ).flat(),
  };
  return [
    { name: `${c.name} (d=${d})`, ...plain },
    { name: `${c.name} widened (d=${3 * d})`, ...wide },
  ].map((p) => {
    const ds = makeDataset(p.X, c.y, { k: c.k });
    const obj = new Objective(ds, LOSSES[key]);
    const W = fromRows(p.W);
    const logA = obj.logWeights(W);
    const terms: GradientTerms = { X: ds.X.data, y: ds.y, logA, n: ds.X.rows, k: c.k, d: ds.X.cols };
    return { name: p.name, terms, oracle: p.oracle, logLoss: c.losses[key].logLoss, obj, W };
  });
}

const logErr = (h: number, o: number): number => (h === o ? 0 : Math.abs(h - o));

/** Mismatches of (sign, logAbs) against the oracle, as readable lines. */
function mismatches(oracle: Entry[], sign: ArrayLike<number>, logAbs: ArrayLike<number>, only?: (e: number) => boolean): string[] {
  const bad: string[] = [];
  oracle.forEach((o, e) => {
    if (only && !only(e)) return;
    const err = logErr(logAbs[e]!, o.logAbs);
    if (sign[e] !== o.sign || !(err <= GRAD_LOG)) bad.push(`entry ${e}: sign ${sign[e]} log ${logAbs[e]}, oracle sign ${o.sign} log ${o.logAbs}`);
  });
  return bad;
}

for (const c of fixture.cases) {
  for (const key of ['ce', 'exp', 'pll'] as const) {
    describe(`${c.name}/${key}`, () => {
      for (const p of problems(c, key)) {
        it(`${p.name}: the term-by-term fallback alone matches the oracle on every entry`, () => {
          const { k, d } = p.terms;
          const logAbs = new Float64Array(k * d).fill(NaN);
          const sign = new Int8Array(k * d).fill(7);
          for (let cl = 0; cl < k; cl++) for (let j = 0; j < d; j++) termByTermEntry(p.terms, cl, j, logAbs, sign);
          expect(mismatches(p.oracle, sign, logAbs)).toEqual([]);
        });

        it(`${p.name}: the row-scaled fast path alone matches the oracle wherever its row can hold the entry`, () => {
          const { k, d, n } = p.terms;
          const rowS = rowScales(p.terms);
          const sums = rowScaledSums(p.terms, rowS);
          // The fast path carries n·g_cj as e^{S_c}·sum: exact to rounding while the entry is within
          // float64's range below its row's scale (e^{-600} leaves ample room above subnormals).
          const inRange = (e: number): boolean => p.oracle[e]!.logAbs + Math.log(n) - rowS[Math.floor(e / d)]! > -600;
          const sign = Array.from(sums, (s) => Math.sign(s));
          const logAbs = Array.from(sums, (s, e) => rowS[Math.floor(e / d)]! + Math.log(Math.abs(s)) - Math.log(n));
          expect(mismatches(p.oracle, sign, logAbs, inRange)).toEqual([]);
          // not vacuous: the fast path is compared on most entries (all but the spread cases' far ones)
          expect(p.oracle.filter((_, e) => inRange(e)).length).toBeGreaterThanOrEqual(k * d - 2 * d);
        });

        it(`${p.name}: the whole gradient matches the oracle, and log L is unchanged by widening`, () => {
          const ev = p.obj.evaluate(p.W);
          expect(mismatches(p.oracle, ev.gradient.sign, ev.gradient.logAbs)).toEqual([]);
          expect(Math.abs(ev.logLoss - p.logLoss)).toBeLessThanOrEqual(1e-12 * Math.max(1, Math.abs(p.logLoss)));
          // same answer through the module API with fresh buffers
          const again = scaledGradient(p.terms, zeros(p.terms.k, p.terms.d));
          expect(Array.from(again.logAbs)).toEqual(Array.from(ev.gradient.logAbs));
          expect(Array.from(again.mantissa.data)).toEqual(Array.from(ev.gradient.mantissa.data));
        });
      }
    });
  }
}

/** Random terms at moderate scales, where a plain float64 sum is a valid reference. */
const moderateTerms = fc
  .record({ n: fc.integer({ min: 1, max: 9 }), k: fc.integer({ min: 2, max: 5 }), d: fc.integer({ min: 1, max: 11 }) })
  .chain(({ n, k, d }) =>
    fc.record({
      n: fc.constant(n),
      k: fc.constant(k),
      d: fc.constant(d),
      X: fc.array(fc.oneof(fc.constant(0), fc.double({ min: -4, max: 4, noNaN: true })), { minLength: n * d, maxLength: n * d }),
      y: fc.array(fc.integer({ min: 0, max: k - 1 }), { minLength: n, maxLength: n }),
      logA: fc.array(fc.oneof(fc.constant(-Infinity), fc.double({ min: -60, max: 5, noNaN: true })), { minLength: n * k, maxLength: n * k }),
    }),
  )
  .map((r): GradientTerms => ({ ...r, X: Float64Array.from(r.X), logA: Float64Array.from(r.logA) }));

/** Plain float64 n·g_cj = Σ_i ±a_ic x_ij and its rounding scale Σ_i |a_ic x_ij|. */
function plainSums(t: GradientTerms): { sum: Float64Array; mag: Float64Array } {
  const sum = new Float64Array(t.k * t.d);
  const mag = new Float64Array(t.k * t.d);
  for (let i = 0; i < t.n; i++) {
    for (let c = 0; c < t.k; c++) {
      const a = Math.exp(t.logA[i * t.k + c]!) * (t.y[i] === c ? -1 : 1);
      for (let j = 0; j < t.d; j++) {
        sum[c * t.d + j] += a * t.X[i * t.d + j]!;
        mag[c * t.d + j] += Math.abs(a * t.X[i * t.d + j]!);
      }
    }
  }
  return { sum, mag };
}

/**
 * ĝ (given as n·ĝ) within the rounding bound of the plain sum, exact zeros included. Below
 * the normal range a rounding is absolute (≤ 2^{−1075} per operation): a few subnormal steps
 * per term are allowed on top.
 */
function withinBound(t: GradientTerms, value: (e: number) => number): boolean {
  const { sum, mag } = plainSums(t);
  const subnormal = 8 * (t.n + 3) * Number.MIN_VALUE;
  for (let e = 0; e < t.k * t.d; e++) {
    if (!(Math.abs(value(e) - sum[e]!) <= 1e-12 * mag[e]! + subnormal)) return false;
  }
  return true;
}

describe('each route against plain float64 sums on random moderate terms (d from 1 to 11: both loop tails)', () => {
  test('fast path: e^{S_c}·rowScaledSums', () => {
    fc.assert(
      fc.property(moderateTerms, (t) => {
        const rowS = rowScales(t);
        const s = rowScaledSums(t, rowS);
        return withinBound(t, (e) => (s[e] === 0 ? 0 : Math.exp(rowS[Math.floor(e / t.d)]!) * s[e]!));
      }),
      { numRuns: runs(300) },
    );
  });

  test('fallback: termByTermEntry on every entry', () => {
    fc.assert(
      fc.property(moderateTerms, (t) => {
        const logAbs = new Float64Array(t.k * t.d);
        const sign = new Int8Array(t.k * t.d);
        for (let c = 0; c < t.k; c++) for (let j = 0; j < t.d; j++) termByTermEntry(t, c, j, logAbs, sign);
        return withinBound(t, (e) => sign[e]! * Math.exp(logAbs[e]! + Math.log(t.n)));
      }),
      { numRuns: runs(300) },
    );
  });

  test('whole: scaledGradient, and its mantissa is the same gradient at one scale with max |entry| = 1', () => {
    fc.assert(
      fc.property(moderateTerms, (t) => {
        const g = scaledGradient(t, zeros(t.k, t.d));
        const ok = withinBound(t, (e) => g.sign[e]! * Math.exp(g.logAbs[e]! + Math.log(t.n)));
        const mx = g.mantissa.data.reduce((m, v) => Math.max(m, Math.abs(v)), 0);
        // mantissa·e^{logScale} = g wherever the mantissa can hold the entry (normal range)
        const consistent = Array.from(g.mantissa.data).every((v, e) => {
          if (g.sign[e] === 0) return v === 0;
          if (g.logAbs[e]! - g.logScale < -700) return true;
          return Math.sign(v) === g.sign[e] && Math.abs(Math.log(Math.abs(v)) + g.logScale - g.logAbs[e]!) <= 1e-12;
        });
        return ok && consistent && (g.logScale === -Infinity ? mx === 0 : mx === 1);
      }),
      { numRuns: runs(300) },
    );
  });
});

describe('edge values', () => {
  /** Two samples of class 0 with equal weights and opposite features: every class-1 entry cancels exactly. */
  const cancel: GradientTerms = {
    X: Float64Array.from([1.5, -2, 3, 0.25, 7, -1.5, 2, -3, -0.25, 7]),
    y: [0, 0],
    logA: Float64Array.from([-3, -2.5, -3, -2.5]),
    n: 2,
    k: 2,
    d: 5,
  };

  test('exact cancellation and an all-zero feature give an exact zero: sign 0, log −Infinity, mantissa 0', () => {
    const g = scaledGradient(cancel, zeros(2, 5));
    // column 4 does not cancel (7 + 7), columns 0–3 do, in both rows
    expect(Array.from(g.sign)).toEqual([0, 0, 0, 0, -1, 0, 0, 0, 0, 1]);
    expect(Array.from(g.logAbs.subarray(0, 4))).toEqual([-Infinity, -Infinity, -Infinity, -Infinity]);
    expect(g.logAbs[4]).toBeCloseTo(-3 + Math.log(7), 14);
    expect(g.logAbs[9]).toBeCloseTo(-2.5 + Math.log(7), 14);
    expect(g.logScale).toBe(g.logAbs[9]);
    expect(Array.from(g.mantissa.data, (v, e) => (e === 4 ? 0 : v))).toEqual([0, 0, 0, 0, 0, 0, 0, 0, 0, 1]);
    expect(g.mantissa.data[4]).toBeCloseTo(-Math.exp(-0.5), 14);
    // the fallback on its own says the same for the cancelling entries
    const la = new Float64Array(10);
    const sg = new Int8Array(10).fill(5);
    for (let j = 0; j < 4; j++) termByTermEntry(cancel, 1, j, la, sg);
    expect(Array.from(sg.subarray(5, 9))).toEqual([0, 0, 0, 0]);
    expect(Array.from(la.subarray(5, 9))).toEqual([-Infinity, -Infinity, -Infinity, -Infinity]);
  });

  test('a class no sample weighs (log a = −Infinity throughout) has row scale −Infinity and a zero row on both routes', () => {
    const t: GradientTerms = { X: Float64Array.from([1, 2, 3, 4, 5, -1, 0.5, 2, -3, 1]), y: [0, 1], logA: Float64Array.from([-1, -2, -Infinity, -0.5, -1.5, -Infinity]), n: 2, k: 3, d: 5 };
    const rowS = rowScales(t);
    expect(Array.from(rowS)).toEqual([-0.5, -1.5, -Infinity]);
    const s = rowScaledSums(t, rowS, new Float64Array(15).fill(9));
    expect(Array.from(s.subarray(10))).toEqual([0, 0, 0, 0, 0]);
    const g = scaledGradient(t, zeros(3, 5));
    expect(Array.from(g.sign.subarray(10))).toEqual([0, 0, 0, 0, 0]);
    expect(Array.from(g.logAbs.subarray(10))).toEqual([-Infinity, -Infinity, -Infinity, -Infinity, -Infinity]);
  });

  test('an all-zero gradient has logScale −Infinity and a zero mantissa', () => {
    const t: GradientTerms = { ...cancel, X: new Float64Array(10) };
    const g = scaledGradient(t, zeros(2, 5));
    expect(g.logScale).toBe(-Infinity);
    expect(Array.from(g.mantissa.data)).toEqual(new Array(10).fill(0));
  });

  test('an entry e^{-2000} below its row (beyond any float64 ratio) is taken by the fallback, exactly', () => {
    // class 1: sample 0 weighs 1 on feature 0 only, sample 1 weighs e^{-2000} on feature 1 only
    const t: GradientTerms = { X: Float64Array.from([1, 0, 0, 1]), y: [0, 0], logA: Float64Array.from([0, 0, -2000, -2000]), n: 2, k: 2, d: 2 };
    const rowS = rowScales(t);
    const s = rowScaledSums(t, rowS);
    expect(Math.abs(s[3]!)).toBeLessThan(TINY_MANTISSA); // the fast path cannot hold it
    const g = scaledGradient(t, zeros(2, 2));
    expect(Array.from(g.sign)).toEqual([-1, -1, 1, 1]);
    expect(g.logAbs[3]).toBe(-2000 - Math.log(2));
    expect(g.logAbs[1]).toBe(-2000 - Math.log(2));
  });
});

describe('planted faults on each route', () => {
  test('a fast path whose unrolled loop reads its features backwards is caught against the plain sums', () => {
    const backwards = (t: GradientTerms, rowS: Float64Array): Float64Array => {
      const out = rowScaledSums(t, rowS);
      // the fault: within each group of four, feature j+3−r lands on column j+r
      for (let c = 0; c < t.k; c++) {
        for (let j = 0; j + 3 < t.d; j += 4) {
          const o = c * t.d + j;
          [out[o], out[o + 3]] = [out[o + 3]!, out[o]!];
          [out[o + 1], out[o + 2]] = [out[o + 2]!, out[o + 1]!];
        }
      }
      return out;
    };
    expectCaught(() =>
      fc.assert(
        fc.property(moderateTerms, (t) => {
          const rowS = rowScales(t);
          const s = backwards(t, rowS);
          return withinBound(t, (e) => (s[e] === 0 ? 0 : Math.exp(rowS[Math.floor(e / t.d)]!) * s[e]!));
        }),
        { numRuns: runs(300) },
      ),
    );
  });

  test('a fallback that drops the sign of the true-class weight is caught against the plain sums', () => {
    const flipped = (t: GradientTerms): GradientTerms => ({ ...t, y: Array.from({ length: t.n }, () => -1) });
    expectCaught(() =>
      fc.assert(
        fc.property(moderateTerms, (t) => {
          const logAbs = new Float64Array(t.k * t.d);
          const sign = new Int8Array(t.k * t.d);
          for (let c = 0; c < t.k; c++) for (let j = 0; j < t.d; j++) termByTermEntry(flipped(t), c, j, logAbs, sign);
          return withinBound(t, (e) => sign[e]! * Math.exp(logAbs[e]! + Math.log(t.n)));
        }),
        { numRuns: runs(300) },
      ),
    );
  });
});
