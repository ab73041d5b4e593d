/**
 * The log-domain helpers at the edges the random properties (logspace.test.ts) never draw:
 * ±Infinity, NaN, 0, subnormals, and both sides of every branch point (softplus at 0,
 * logSoftplus at −20, log1mexp at d = −ln 2), against values computed with mpmath.
 *
 * Tables: python3 with mpmath at 60 digits (exponent range unbounded, so e^{−800} is not 0):
 *   softplus(x) = log1p(exp(x)), log σ(x) = −log1p(exp(−x)), logSoftplus = log(softplus(x));
 *   log1mexp(δ) = log(1 − e^{−δ}) as log1p(−exp(−δ)) for δ > 1, log(−expm1(−δ)) below;
 * each rounded once to float64 (`float(mpf)`).
 * Tolerance: 2 ulps of the oracle (|h − o| ≤ 2^{−51}|o|), or exact where the oracle is 0 or
 * subnormal (there the helpers must round to the same subnormal).
 */
import fc from 'fast-check';
import { describe, expect, test } from 'vitest';
import { logAddExp, logSigmoid, logSoftplus, logSubExp, logSumExp, LogSumAccumulator, softplus } from '../../src/numerics/logspace.js';
import { close, runs } from '../support.js';

const SOFTPLUS: [number, number, number, number][] = [
  [0.0, 0.6931471805599453, -0.6931471805599453, -0.36651292058166435],
  [5e-324, 0.6931471805599453, -0.6931471805599453, -0.36651292058166435],
  [-5e-324, 0.6931471805599453, -0.6931471805599453, -0.36651292058166435],
  [2.2250738585072014e-308, 0.6931471805599453, -0.6931471805599453, -0.36651292058166435],
  [-2.2250738585072014e-308, 0.6931471805599453, -0.6931471805599453, -0.36651292058166435],
  [1e-300, 0.6931471805599453, -0.6931471805599453, -0.36651292058166435],
  [-1e-300, 0.6931471805599453, -0.6931471805599453, -0.36651292058166435],
  [1e-17, 0.6931471805599453, -0.6931471805599453, -0.3665129205816643],
  [-1e-17, 0.6931471805599453, -0.6931471805599453, -0.36651292058166435],
  [1e-08, 0.6931471855599454, -0.6931471755599453, -0.36651291336818914],
  [-1e-08, 0.6931471755599453, -0.6931471855599454, -0.36651292779513955],
  [0.5, 0.9740769841801067, -0.4740769841801067, -0.02626493926374671],
  [-0.5, 0.4740769841801067, -0.9740769841801067, -0.7463855565926856],
  [1.0, 1.3132616875182228, -0.3132616875182228, 0.2725138805025834],
  [-1.0, 0.3132616875182228, -1.3132616875182228, -1.1607163753888976],
  [19.99, 19.990000002081867, -2.0818685585631184e-09, 2.995232148616454],
  [-19.99, 2.0818685585631184e-09, -19.990000002081867, -19.990000001040933],
  [20.0, 20.000000002061153, -2.061153620314381e-09, 2.995732273657049],
  [-20.0, 2.061153620314381e-09, -20.000000002061153, -20.00000000103058],
  [20.01, 20.010000002040645, -2.040644799144671e-09, 2.9962321486976236],
  [-20.01, 2.040644799144671e-09, -20.010000002040645, -20.010000001020323],
  [36.7, 36.7, -1.1518409493076095e-16, 3.6027767550605247],
  [-36.7, 1.1518409493076095e-16, -36.7, -36.7],
  [40.0, 40.0, -4.248354255291589e-18, 3.6888794541139363],
  [-40.0, 4.248354255291589e-18, -40.0, -40.0],
  [100.0, 100.0, -3.720075976020836e-44, 4.605170185988092],
  [-100.0, 3.720075976020836e-44, -100.0, -100.0],
  [700.0, 700.0, -9.85967654375977e-305, 6.551080335043404],
  [-700.0, 9.85967654375977e-305, -700.0, -700.0],
  [709.9, 709.9, -4.947061357598873e-309, 6.56512411504534],
  [-709.9, 4.947061357598873e-309, -709.9, -709.9],
  [745.2, 745.2, -0, 6.613652638727434],
  [-745.2, 0.0, -745.2, -745.2],
  [746.0, 746.0, -0, 6.61472560020376],
  [-746.0, 0.0, -746.0, -746.0],
  [800.0, 800.0, -0, 6.684611727667927],
  [-800.0, 0.0, -800.0, -800.0],
  [100000.0, 100000.0, -0, 11.512925464970229],
  [-100000.0, 0.0, -100000.0, -100000.0],
  [1e+300, 1e+300, -0, 690.7755278982137],
  [-1e+300, 0.0, -1e+300, -1e+300],
];
const LOG1MEXP: [number, number][] = [
  [5e-324, -744.4400719213812],
  [1e-300, -690.7755278982137],
  [1e-17, -39.14394658089878],
  [1e-10, -23.025850929990458],
  [1e-05, -11.512930464966061],
  [0.1, -2.3521684610440907],
  [0.5, -0.9327521295671886],
  [0.69, -0.6963042971440567],
  [0.6931471805599453, -0.6931471805599453],
  [0.6931471805599454, -0.6931471805599452],
  [0.7, -0.6863410028083852],
  [1.0, -0.4586751453870819],
  [5.0, -0.006760749449488557],
  [20.0, -2.061153624562735e-09],
  [40.0, -4.248354255291589e-18],
  [100.0, -3.720075976020836e-44],
  [745.0, -5e-324],
  [800.0, -0.0],
];

/** Within 2 ulps of the oracle; exact (same float, same sign of zero aside) at and below the normal range. */
function ulpClose(h: number, o: number): boolean {
  if (h === o) return true;
  if (Math.abs(o) < 2.2250738585072014e-308) return false;
  return Math.abs(h - o) <= 2 ** -51 * Math.abs(o);
}
const isZero = (v: number): boolean => v === 0;

describe('softplus, log σ and log softplus against mpmath (0, subnormals, ±20 branch, underflow, 1e±300)', () => {
  test.each(SOFTPLUS)('x = %s', (x, sp, lsig, lsp) => {
    expect(ulpClose(softplus(x), sp), `softplus(${x}) = ${softplus(x)}, oracle ${sp}`).toBe(true);
    expect(ulpClose(logSigmoid(x), lsig), `logSigmoid(${x}) = ${logSigmoid(x)}, oracle ${lsig}`).toBe(true);
    expect(ulpClose(logSoftplus(x), lsp), `logSoftplus(${x}) = ${logSoftplus(x)}, oracle ${lsp}`).toBe(true);
  });

  test('±Infinity and NaN', () => {
    expect(softplus(Infinity)).toBe(Infinity);
    expect(isZero(softplus(-Infinity))).toBe(true);
    expect(softplus(NaN)).toBeNaN();
    expect(isZero(logSigmoid(Infinity))).toBe(true);
    expect(logSigmoid(-Infinity)).toBe(-Infinity);
    expect(logSigmoid(NaN)).toBeNaN();
    expect(logSoftplus(Infinity)).toBe(Infinity);
    expect(logSoftplus(-Infinity)).toBe(-Infinity);
    expect(logSoftplus(NaN)).toBeNaN();
  });

  test('log softplus is continuous across its branch at −20: no jump beyond rounding between −20 ∓ 1e-12', () => {
    fc.assert(
      fc.property(fc.double({ min: -20.5, max: -19.5, noNaN: true }), (x) => {
        // d/dx log softplus(x) = σ(x)/softplus(x) ∈ (0.99, 1) here: a step of h moves it by ≤ h
        const h = 1e-9;
        const step = logSoftplus(x + h) - logSoftplus(x);
        return step >= 0 && step <= h * (1 + 1e-5) + 8e-15;
      }),
      { numRuns: runs(300) },
    );
  });
});

describe('log1mexp inside logSubExp: log(e^a − e^b) = a + log(1 − e^{−δ}), δ = a − b', () => {
  test.each(LOG1MEXP)('δ = %s, both sides of d = −ln 2', (delta, o) => {
    const h = logSubExp(0, -delta);
    expect(ulpClose(h, o), `logSubExp(0, ${-delta}) = ${h}, oracle ${o}`).toBe(true);
    // shifted: a + log1mexp(δ) rounds once more
    for (const a of [-1000, 3.5, 700]) {
      const b = a - delta;
      if (a - b !== delta) continue; // δ not representable at this offset
      expect(close(logSubExp(a, b), a + o, 2 ** -51, 0), `logSubExp(${a}, ${b})`).toBe(true);
    }
  });

  test('equal arguments give −Infinity (e^a − e^a = 0); b > a gives NaN; b = −Infinity gives a', () => {
    for (const a of [-1e300, -745.5, -1, 0, 5e-324, 1, 1e300]) {
      expect(logSubExp(a, a)).toBe(-Infinity);
      expect(logSubExp(a, -Infinity)).toBe(a);
      expect(logSubExp(a, a + Math.max(1, Math.abs(a) * 1e-15))).toBeNaN();
    }
    expect(logSubExp(-Infinity, -Infinity)).toBe(-Infinity);
    expect(logSubExp(Infinity, -Infinity)).toBe(Infinity);
    expect(logSubExp(Infinity, 5)).toBe(Infinity);
    expect(logSubExp(-Infinity, 0)).toBeNaN();
    expect(logSubExp(NaN, 0)).toBeNaN();
    expect(logSubExp(0, NaN)).toBeNaN();
    expect(logSubExp(NaN, -Infinity)).toBeNaN();
  });
});

describe('logAddExp at the edges', () => {
  test('±Infinity: +Infinity absorbs, −Infinity is the identity, (−∞, −∞) = −∞', () => {
    for (const x of [-Infinity, -1e300, -3, 0, 5e-324, 2, 1e300, Infinity]) {
      expect(logAddExp(Infinity, x)).toBe(Infinity);
      expect(logAddExp(x, Infinity)).toBe(Infinity);
      expect(logAddExp(-Infinity, x)).toBe(x);
      expect(logAddExp(x, -Infinity)).toBe(x);
    }
  });

  test('NaN in either place gives NaN, whatever the other argument', () => {
    for (const x of [-Infinity, -3, 0, Infinity, NaN]) {
      expect(logAddExp(NaN, x)).toBeNaN();
      expect(logAddExp(x, NaN)).toBeNaN();
    }
  });

  test('log(e^a + e^a) = a + ln 2 and log(e^a + e^b) for separated arguments, against log1p', () => {
    for (const a of [-1e300, -800, -1, 0, 5e-324, 3, 800, 1e300]) expect(ulpClose(logAddExp(a, a), a + Math.LN2) || logAddExp(a, a) === a).toBe(true);
    // log(1 + e^{-δ}) for δ = 40: e^{-40} survives only because it is added in log1p, not to 1
    expect(ulpClose(logAddExp(0, -40), 4.248354255291589e-18)).toBe(true);
    expect(ulpClose(logAddExp(-40, 0), 4.248354255291589e-18)).toBe(true);
    expect(logAddExp(-1, -1)).toBe(-1 + Math.LN2);
  });
});

describe('logSumExp and the streaming accumulator at the edges', () => {
  const seqs: [string, number[], number][] = [
    ['empty', [], -Infinity],
    ['one term', [-745.5], -745.5],
    ['all −∞', [-Infinity, -Infinity], -Infinity],
    ['−∞ then finite', [-Infinity, 2], 2],
    ['finite then −∞', [2, -Infinity], 2],
    ['+∞ among finite', [1, Infinity, -3], Infinity],
    ['+∞ twice', [Infinity, Infinity], Infinity],
    ['+∞ and −∞', [-Infinity, Infinity], Infinity],
    ['equal terms', [-1000, -1000, -1000, -1000], -1000 + Math.log(4)],
    ['subnormal terms', [5e-324, -5e-324, 0], Math.log(3)],
  ];
  test.each(seqs)('%s', (_, xs, want) => {
    const acc = new LogSumAccumulator();
    xs.forEach((v) => acc.add(v));
    for (const got of [logSumExp(xs), acc.value()]) {
      expect(got === want || ulpClose(got, want), `${got} vs ${want}`).toBe(true);
    }
  });

  test('NaN anywhere gives NaN, also next to ±Infinity and alone', () => {
    for (const xs of [[NaN], [NaN, 1], [1, NaN], [-Infinity, NaN], [NaN, -Infinity], [Infinity, NaN], [NaN, Infinity, 2], [3, NaN, -Infinity, 4]]) {
      const acc = new LogSumAccumulator();
      xs.forEach((v) => acc.add(v));
      expect(acc.value(), `accumulator ${xs}`).toBeNaN();
      expect(logSumExp(xs), `logSumExp ${xs}`).toBeNaN();
    }
  });

  test('offset, length and skip select exactly the intended terms', () => {
    const x = [100, -2, 7, 7, -Infinity, 3, 50];
    expect(logSumExp(x, 1, 5)).toBe(logSumExp([-2, 7, 7, -Infinity, 3]));
    expect(logSumExp(x, 1, 5, 2)).toBe(logSumExp([-2, 7, -Infinity, 3]));
    expect(logSumExp(x, 1, 5, 0)).toBe(logSumExp([-2, 7, 7, -Infinity, 3])); // skip outside the range
    expect(logSumExp(x, 2, 2, 3)).toBe(7);
    expect(logSumExp(x, 4, 1)).toBe(-Infinity);
    expect(logSumExp(x, 0, 1, 0)).toBe(-Infinity);
    expect(logSumExp(x, 6)).toBe(50);
  });

  test('reset empties the accumulator, NaN included', () => {
    const acc = new LogSumAccumulator();
    acc.add(NaN);
    acc.reset();
    expect(acc.value()).toBe(-Infinity);
    acc.add(-1);
    acc.add(-1);
    expect(acc.value()).toBe(-1 + Math.LN2);
  });
});

describe('planted fault', () => {
  test('log1mexp by one formula only is caught on one side of the branch: log(−expm1) far out, log1p(−exp) near 0', () => {
    const onlyExpm1 = (d: number): number => Math.log(-Math.expm1(-d));
    const onlyLog1p = (d: number): number => Math.log1p(-Math.exp(-d));
    expect(LOG1MEXP.some(([d, o]) => !ulpClose(onlyExpm1(d), o))).toBe(true);
    expect(LOG1MEXP.some(([d, o]) => !ulpClose(onlyLog1p(d), o))).toBe(true);
    expect(LOG1MEXP.every(([d, o]) => ulpClose(logSubExp(0, -d), o))).toBe(true);
  });
});
