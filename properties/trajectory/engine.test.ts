/** The trajectory engine (issue #4): checkpoints, gaps and cosines, determinism, and where plain float64 freezes. */
import { describe, expect, test } from 'vitest';
import { problemFromRecipe } from '../../src/arbitraries/index.js';
import { ArgumentError } from '../../src/errors.js';
import { multiplyABt, zeros, type Matrix } from '../../src/linalg/matrix.js';
import { constantSchedule, gd, nsd, polynomialSchedule, signGD } from '../../src/optimizers/index.js';
import { logSpacedSteps } from '../../src/trajectory/checkpoints.js';
import { continueTrajectory, runTrajectory } from '../../src/trajectory/run.js';
import { adam } from '../../src/optimizers/index.js';
import { minMargin } from '../../src/losses/objective.js';
import { entrywiseNorm } from '../../src/linalg/norms.js';
import type { Problem } from '../../src/problem.js';
import { beyondHorizon } from '../../src/trajectory/horizon.js';

const pb = problemFromRecipe({ recipe: 'clusters', k: 3, d: 4, nPerClass: 5, sigma: 0.1, seed: 7 });

/** SignGD on plain float64, the way a naive implementation writes it (pitfalls P1, P2). */
function naiveSignGD(problem: Problem, eta: (t: number) => number, T: number): { frozenAt: number | null; W: Matrix } {
  const { X, y, k } = problem.dataset;
  const n = X.rows;
  const d = X.cols;
  let W: Matrix = zeros(k, d);
  for (let t = 0; t < T; t++) {
    const V = multiplyABt(X, W);
    const g = new Float64Array(k * d);
    for (let i = 0; i < n; i++) {
      let mx = -Infinity;
      for (let c = 0; c < k; c++) mx = Math.max(mx, V.data[i * k + c]!);
      let z = 0;
      for (let c = 0; c < k; c++) z += Math.exp(V.data[i * k + c]! - mx);
      for (let c = 0; c < k; c++) {
        const s = Math.exp(V.data[i * k + c]! - mx) / z - (c === y[i] ? 1 : 0);
        for (let j = 0; j < d; j++) g[c * d + j] += (s * X.data[i * d + j]!) / n;
      }
    }
    if (g.every((v) => v === 0)) return { frozenAt: t, W };
    W = { ...W, data: W.data.map((w, e) => w - eta(t) * Math.sign(g[e]!)) };
  }
  return { frozenAt: null, W };
}

describe('trajectory engine', () => {
  test('log-spaced checkpoints: every step to 10, then ~20 per decade, always T', () => {
    const cps = logSpacedSteps(1000);
    expect(cps.slice(0, 11)).toEqual([0, 1, 2, 3, 4, 5, 6, 7, 8, 9, 10]);
    expect(cps[cps.length - 1]).toBe(1000);
    expect(cps.length).toBeGreaterThan(50);
    expect(cps.length).toBeLessThan(80);
  });

  test('records gaps γ_p − m/‖W‖_p ≥ 0 and cosines in [−1, 1]; runs are bit-for-bit deterministic', () => {
    const a = runTrajectory({ problem: pb, optimizer: signGD(polynomialSchedule(0.5, 0.5)), steps: 2000 });
    const b = runTrajectory({ problem: pb, optimizer: signGD(polynomialSchedule(0.5, 0.5)), steps: 2000 });
    expect(JSON.stringify(a.checkpoints)).toBe(JSON.stringify(b.checkpoints));
    for (const c of a.checkpoints.filter((x) => x.t > 0)) {
      for (const key of ['max', '2', '1'] as const) {
        expect(c.gap[key]).toBeGreaterThanOrEqual(-1e-12);
        expect(Math.abs(c.cosine[key])).toBeLessThanOrEqual(1 + 1e-12);
      }
    }
    // SignGD approaches the max-norm solution: its max-norm gap shrinks.
    const first = a.checkpoints.find((c) => c.t === 10)!;
    const last = a.checkpoints[a.checkpoints.length - 1]!;
    expect(last.gap.max).toBeLessThan(first.gap.max / 5);
  });

  test('keeps exact, finite numbers long after plain float64 freezes, and reports where it would have', () => {
    const eta = polynomialSchedule(5, 0.5);
    const tr = runTrajectory({ problem: pb, optimizer: signGD(eta), steps: 10000 });
    const naive = naiveSignGD(pb, eta, 10000);
    expect(tr.frozen.naiveLossZeroAt).not.toBeNull();
    expect(tr.frozen.plainGradientZeroAt).not.toBeNull();
    // The naive implementation gets wrong signs once 1 − s_y rounds to 0 (P1), leaves the exact
    // path, and later stops dead (P2); the exact run ends far closer to the max-margin direction.
    expect(naive.frozenAt).not.toBeNull();
    const naiveGap = pb.margin(Infinity).gamma - minMargin(pb.dataset, naive.W) / entrywiseNorm(naive.W, Infinity);
    expect(tr.checkpoints[tr.checkpoints.length - 1]!.gap.max).toBeLessThan(naiveGap / 3);
    const last = tr.final.ev;
    expect(Number.isFinite(last.logLoss)).toBe(true);
    expect(last.logLoss).toBeLessThan(-745);
    // ... and the margin keeps converging after the freeze.
    const atFreeze = tr.checkpoints.find((c) => c.t >= tr.frozen.plainGradientZeroAt!)!;
    expect(tr.checkpoints[tr.checkpoints.length - 1]!.gap.max).toBeLessThan(atFreeze.gap.max);
  });

  test('GD with a fixed step never freezes on this horizon (its loss decays like 1/t)', () => {
    const tr = runTrajectory({ problem: pb, optimizer: gd(constantSchedule(0.5)), steps: 3000 });
    expect(tr.frozen.plainGradientZeroAt).toBeNull();
    expect(tr.final.ev.logLoss).toBeLessThan(tr.checkpoints[1]!.logLoss);
  });

  test('a continued run is the run to the longer horizon, bit for bit (Adam: its moments and t carry on)', () => {
    const s = polynomialSchedule(2, 0.8);
    const opt = adam(s);
    const whole = runTrajectory({ problem: pb, optimizer: opt, steps: 3000 });
    const first = runTrajectory({ problem: pb, optimizer: opt, steps: 300 });
    const joined = continueTrajectory(first, { problem: pb, optimizer: opt, steps: 3000 });
    expect(Array.from(joined.final.W.data)).toEqual(Array.from(whole.final.W.data));
    expect(joined.final.ev.logLoss).toBe(whole.final.ev.logLoss);
    expect(joined.steps).toBe(3000);
    expect(joined.reached).toBe(3000);
    const ts = joined.checkpoints.map((c) => c.t);
    expect(ts).toEqual([...logSpacedSteps(300), ...logSpacedSteps(3000).filter((t) => t > 300)]);
    const byT = new Map(whole.checkpoints.map((c) => [c.t, c]));
    for (const c of joined.checkpoints) if (byT.has(c.t)) expect(c).toEqual(byT.get(c.t));
    // A fresh Adam from W_300 (moments reset) is a different run: the state really is carried.
    const restarted = runTrajectory({ problem: pb, optimizer: opt, steps: 3000, start: { t: 300, W: first.final.W, state: opt.init(first.final.W) } });
    expect(Array.from(restarted.final.W.data)).not.toEqual(Array.from(whole.final.W.data));
    expect(() => continueTrajectory(whole, { problem: pb, optimizer: opt, steps: 300 })).toThrow(/cannot continue a run of 3000 steps to 300/);
    expect(() => runTrajectory({ problem: pb, optimizer: opt, steps: 30, start: { t: 31, W: first.final.W, state: first.final.state } })).toThrow(/start.t must be an integer in \[0, steps = 30\]/);
  });

  test('bad arguments are clear errors', () => {
    expect(() => runTrajectory({ problem: pb, optimizer: nsd(2, constantSchedule(1)), steps: -1 })).toThrow(ArgumentError);
    expect(() => runTrajectory({ problem: pb, optimizer: nsd(2, constantSchedule(1)), steps: 5, W0: zeros(2, 2) })).toThrow(/W0 must be 3x4/);
  });

  describe('precision horizon', () => {
    const eta = polynomialSchedule(5, 0.5);
    /** Our SignGD declared as plain float64 (the same updates, a different arithmetic claimed). */
    const asPrecision = (precision: 'float64' | 'float32') => ({ ...signGD(eta), precision });

    test('a log-domain optimizer runs to T; a float64/float32 one stops at the first step beyond its range, with no update there', () => {
      const exact = runTrajectory({ problem: pb, optimizer: signGD(eta), steps: 10000 });
      expect(exact.horizon).toBeNull();
      expect(exact.reached).toBe(10000);
      for (const precision of ['float64', 'float32'] as const) {
        const seen: number[] = [];
        const tr = runTrajectory({ problem: pb, optimizer: asPrecision(precision), steps: 10000, hooks: [{ onStep: (c) => void seen.push(c.t) }] });
        expect(tr.horizon).not.toBeNull();
        const h = tr.horizon!.step;
        expect(tr.horizon!.precision).toBe(precision);
        expect(tr.reached).toBe(h);
        expect(h).toBeGreaterThan(0);
        expect(h).toBeLessThan(10000);
        // Hooks saw every step before h and no update at h; checkpoints stop at h.
        expect(seen).toEqual(Array.from({ length: h }, (_, t) => t));
        expect(Math.max(...tr.checkpoints.map((c) => c.t))).toBeLessThanOrEqual(h);
        // The iterate at h is the exact run's W_h (same updates up to there), and h is the first step beyondHorizon names.
        const upTo = runTrajectory({ problem: pb, optimizer: signGD(eta), steps: h, checkpoints: [] });
        expect([...tr.final.W.data]).toEqual([...upTo.final.W.data]);
        expect(beyondHorizon(tr.final.ev.gradient, tr.final.ev.logLoss, precision)).toBe(tr.horizon!.reason);
        const before = runTrajectory({ problem: pb, optimizer: signGD(eta), steps: h - 1, checkpoints: [] });
        expect(beyondHorizon(before.final.ev.gradient, before.final.ev.logLoss, precision)).toBeNull();
      }
      // float32 runs out of range first.
      const f32 = runTrajectory({ problem: pb, optimizer: asPrecision('float32'), steps: 10000 }).horizon!.step;
      const f64 = runTrajectory({ problem: pb, optimizer: asPrecision('float64'), steps: 10000 }).horizon!.step;
      expect(f32).toBeLessThan(f64);
    });

    test('an optimizer that declares no precision is taken as float64', () => {
      const { precision: _p, ...plain } = signGD(eta);
      const tr = runTrajectory({ problem: pb, optimizer: plain, steps: 10000 });
      expect(tr.horizon?.precision).toBe('float64');
    });
  });
});
