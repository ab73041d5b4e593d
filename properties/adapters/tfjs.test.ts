/**
 * The TensorFlow.js adapter (src/adapters/tfjs.ts) against the reference optimizers under
 * teacher forcing (same gradient, parameters and t fed to both), up to the float32 horizon.
 * Skipped, with a notice, when the optional dependency @tensorflow/tfjs-core is not installed.
 *
 * Tolerance: a first-order forward error analysis of tfjs's own float32 arithmetic, entry by
 * entry, with u = 2^-24 (float32 unit roundoff) and s = 2^-150 (half the smallest float32
 * subnormal: the absolute error of a rounding into the subnormal range). The CPU backend
 * stores float32 and computes each op in float64 before rounding, so each op contributes one
 * float32 rounding (double rounding adds at most 2^-53 relative; covered by the factor 1.01,
 * which also covers second-order terms, O((k·u)²) ≤ 1e-6 relative for k ≤ 10⁴ steps).
 * - SGD: δ = fl(fl(−η)·fl(g)): |δ + ηg| ≤ 3u·η|g|.
 * - Momentum (acc ← μacc + g, δ = −η acc): the accumulator's error e obeys
 *   |e_k| ≤ μ|e_{k−1}| + 3u·A_k, A_k = μA_{k−1} + |g_k| (roundings of μ, μ·acc, g, the sum);
 *   then |δ + ηacc| ≤ η(|e_k| + 2u|acc|).
 * - Adam (m ← β₁m + (1−β₁)g, v ← β₂v + (1−β₂)g², δ = −η m̂/(√v̂ + ε), m̂ = m/(1 − β₁^{k+1})):
 *   |e^m_k| ≤ β₁|e^m_{k−1}| + 4u·A_k + 6s, A_k = β₁A_{k−1} + (1−β₁)|g_k| (the EMA of |g|);
 *   |e^v_k| ≤ β₂|e^v_{k−1}| + 6u·v_k + 6s; tfjs keeps β^{k+1} as a float32 variable multiplied
 *   by fl(β) each step, so 1 − β^{k+1} has relative error r_k ≤ (2k+1)u·β^{k+1}/(1 − β^{k+1}) + u
 *   (≈ 2u/(1 − β) at the first steps: 1.2e-4 for β₂ = 0.999, tfjs's own cancellation);
 *   then m̂, v̂, √v̂, + ε, the division and the product with fl(−η) each add their rounding
 *   (the chain written out in `adamTolerance`).
 */
import fc from 'fast-check';
import { readFileSync } from 'node:fs';
import { beforeAll, describe, expect, test } from 'vitest';
import { fromTfjs, type TfModuleLike } from '../../src/adapters/tfjs.js';
import { separableProblem } from '../../src/arbitraries/index.js';
import { divideFeatures } from '../../src/data/dataset.js';
import { ArgumentError } from '../../src/errors.js';
import { zeros } from '../../src/linalg/matrix.js';
import { plainGradient } from '../../src/linalg/scaled.js';
import { adam, gd, momentumGD } from '../../src/optimizers/optimizers.js';
import { constantSchedule, polynomialSchedule, type Schedule } from '../../src/optimizers/schedule.js';
import { Problem } from '../../src/problem.js';
import { runs } from '../support.js';
import { teacherForce, type ForcedStep } from './teacherForcing.js';

interface TfFull extends TfModuleLike {
  train: {
    sgd(lr: number): ReturnType<Parameters<typeof fromTfjs>[1]>;
    momentum(lr: number, m: number, nesterov?: boolean): ReturnType<Parameters<typeof fromTfjs>[1]>;
    adam(lr: number, b1?: number, b2?: number, eps?: number): ReturnType<Parameters<typeof fromTfjs>[1]>;
    rmsprop(lr: number, decay?: number, momentum?: number): ReturnType<Parameters<typeof fromTfjs>[1]>;
  };
  memory(): { numTensors: number };
}

async function loadTf(): Promise<TfFull | null> {
  try {
    // Specifiers in variables, so the type checker does not need the optional package either.
    const coreName = '@tensorflow/tfjs-core';
    const cpuName = '@tensorflow/tfjs-backend-cpu';
    const core: unknown = await import(coreName);
    await import(cpuName);
    return core as TfFull;
  } catch {
    return null;
  }
}

const tf = await loadTf();
if (!tf) console.warn('properties/adapters/tfjs.test.ts: @tensorflow/tfjs-core / @tensorflow/tfjs-backend-cpu are not installed (optional dependency): the TensorFlow.js adapter tests are SKIPPED');

const U = 2 ** -24;
const SUB = 2 ** -150;
const SAFETY = 1.01;

/** Generated problems, some with large-norm or small-norm data. */
// divideFeatures divides x_i by its argument: ×30 is large-norm data (×10³ leaves float32's
// loss range after one step), ×10⁻³ small gradients.
const problems = fc.record({ pb: separableProblem({ maxK: 4, maxD: 5, maxPerClass: 3 }), scale: fc.constantFrom(1, 1, 30, 1e-3) }).map(({ pb, scale }) => (scale === 1 ? pb : new Problem(divideFeatures(pb.dataset, 1 / scale))));
const schedules = fc.oneof(
  fc.constantFrom(1e-3, 1e-2, 0.1, 1).map((e) => constantSchedule(e)),
  fc.tuple(fc.constantFrom(0.1, 1), fc.constantFrom(0.5, 1)).map(([e, a]) => polynomialSchedule(e, a, 2)),
);

interface Worst {
  ratio: number;
  rel: number;
  /** max |Δ_e|/(|u_ref,e| + s_t): the error in the gate's tier-1 units (s_t = η_t for Adam, ‖u_ref,t‖_∞ otherwise). */
  gate: number;
  steps: number;
  horizons: number[];
}
const fmt = (w: Worst): string => `max |Δ|/tol = ${w.ratio.toPrecision(3)}, max |Δ|/|u_ref| = ${w.rel.toExponential(2)}, max |Δ|/(|u_ref| + s_t) = ${w.gate.toExponential(2)} over ${w.steps} steps; horizons reached at ${w.horizons.length ? w.horizons.join(', ') : 'none'}`;

/** Runs and compares, recording the worst ratio to the tolerance and the worst relative error. */
function compare(worst: Worst, tol: (s: ForcedStep, e: number) => number, stepScale: 'eta' | 'max' = 'max', schedule?: Schedule) {
  return (s: ForcedStep): void => {
    let st = 0;
    if (stepScale === 'eta') st = schedule!(s.t);
    else for (const v of s.ref.data) st = Math.max(st, Math.abs(v));
    for (let e = 0; e < s.ref.data.length; e++) {
      const r = s.ref.data[e]!;
      const c = s.cand.data[e]!;
      const d = Math.abs(c - r);
      const bound = tol(s, e);
      if (!(d <= bound)) throw new Error(`step ${s.t}, entry ${e}: tfjs ${c} vs reference ${r}, |Δ| = ${d} > tolerance ${bound}`);
      worst.ratio = Math.max(worst.ratio, bound > 0 ? d / bound : 0);
      if (r !== 0) worst.rel = Math.max(worst.rel, d / Math.abs(r));
      if (st > 0) worst.gate = Math.max(worst.gate, d / (Math.abs(r) + st));
    }
  };
}

/** Per-entry float64 shadows of tfjs Adam's quantities and its rounding-error envelopes. */
function adamTolerance(D: number, beta1: number, beta2: number, eps: number, schedule: Schedule) {
  const m = new Float64Array(D);
  const v = new Float64Array(D);
  const A = new Float64Array(D);
  const em = new Float64Array(D);
  const ev = new Float64Array(D);
  const tol = new Float64Array(D);
  let k = -1;
  return (s: ForcedStep, e: number): number => {
    if (s.t !== k) {
      k = s.t;
      const g = plainGradient(s.gradient).data;
      const c1 = 1 - Math.pow(beta1, k + 1);
      const c2 = 1 - Math.pow(beta2, k + 1);
      const r1 = ((2 * k + 1) * U * Math.pow(beta1, k + 1)) / c1 + U;
      const r2 = ((2 * k + 1) * U * Math.pow(beta2, k + 1)) / c2 + U;
      const eta = schedule(k);
      for (let i = 0; i < D; i++) {
        m[i] = beta1 * m[i]! + (1 - beta1) * g[i]!;
        v[i] = beta2 * v[i]! + (1 - beta2) * g[i]! * g[i]!;
        A[i] = beta1 * A[i]! + (1 - beta1) * Math.abs(g[i]!);
        em[i] = beta1 * em[i]! + 4 * U * A[i]! + 6 * SUB;
        ev[i] = beta2 * ev[i]! + 6 * U * v[i]! + 6 * SUB;
        const mh = m[i]! / c1;
        const vh = v[i]! / c2;
        const sq = Math.sqrt(vh);
        const d = sq + eps;
        const q = Math.abs(mh) / d;
        const errM = em[i]! / c1 + Math.abs(mh) * (r1 + U);
        const relV = vh > 0 ? ev[i]! / c2 / vh + r2 + U : 0;
        const errS = sq * (Math.max(Math.sqrt(1 + relV) - 1, 1 - Math.sqrt(Math.max(0, 1 - relV))) + U);
        const errD = errS + 2 * U * d;
        const errQ = errM / d + (q * errD) / d + U * q;
        tol[i] = SAFETY * eta * (errQ + 2 * U * q);
      }
    }
    return tol[e]!;
  };
}

function momentumTolerance(D: number, mu: number, schedule: Schedule) {
  const acc = new Float64Array(D);
  const A = new Float64Array(D);
  const err = new Float64Array(D);
  const tol = new Float64Array(D);
  let k = -1;
  return (s: ForcedStep, e: number): number => {
    if (s.t !== k) {
      k = s.t;
      const g = plainGradient(s.gradient).data;
      const eta = schedule(k);
      for (let i = 0; i < D; i++) {
        acc[i] = mu * acc[i]! + g[i]!;
        A[i] = mu * A[i]! + Math.abs(g[i]!);
        err[i] = mu * err[i]! + 3 * U * A[i]! + 3 * SUB;
        tol[i] = SAFETY * eta * (err[i]! + 2 * U * Math.abs(acc[i]!));
      }
    }
    return tol[e]!;
  };
}

const sgdTolerance = (schedule: Schedule) => (s: ForcedStep, e: number): number => SAFETY * 3 * U * schedule(s.t) * Math.exp(s.gradient.logAbs[e]!);

describe.skipIf(!tf)('TensorFlow.js adapter (optional dependency installed)', () => {
  const t = tf!;
  const STEPS = 600;

  test('the adapter module does not import TensorFlow.js at load', () => {
    const src = readFileSync(new URL('../../src/adapters/tfjs.ts', import.meta.url), 'utf8');
    expect(src).not.toMatch(/^\s*import[^\n]*['"]@tensorflow/m);
    expect(src).not.toMatch(/\bimport\(\s*['"]@tensorflow/);
    expect(src).not.toMatch(/\brequire\(/);
  });

  test('tfjs SGD matches gd within 3u·η|g| (float32) up to the horizon', () => {
    const worst: Worst = { ratio: 0, rel: 0, gate: 0, steps: 0, horizons: [] };
    fc.assert(
      fc.property(problems, schedules, (pb, sch) => {
        const cand = fromTfjs(t, (lr) => t.train.sgd(lr))(sch);
        try {
          const run = teacherForce(pb, gd(sch), cand, STEPS, compare(worst, sgdTolerance(sch)));
          worst.steps += run.steps;
          if (run.horizon !== null) worst.horizons.push(run.horizon);
        } finally {
          cand.dispose();
        }
      }),
      { numRuns: runs(12) },
    );
    console.info(`tfjs SGD vs gd: ${fmt(worst)}`);
    expect(worst.steps).toBeGreaterThan(0);
  });

  test('tfjs Momentum matches momentumGD within its float32 error envelope', () => {
    const worst: Worst = { ratio: 0, rel: 0, gate: 0, steps: 0, horizons: [] };
    fc.assert(
      fc.property(problems, schedules, fc.constantFrom(0.5, 0.9, 0.99), (pb, sch, mu) => {
        const cand = fromTfjs(t, (lr) => t.train.momentum(lr, mu))(sch);
        expect(cand.tfjs).toMatchObject({ className: 'Momentum', family: 'momentum', momentum: mu });
        try {
          const run = teacherForce(pb, momentumGD(sch, mu), cand, STEPS, compare(worst, momentumTolerance(pb.k * pb.d, mu, sch)));
          worst.steps += run.steps;
          if (run.horizon !== null) worst.horizons.push(run.horizon);
        } finally {
          cand.dispose();
        }
      }),
      { numRuns: runs(8) },
    );
    console.info(`tfjs Momentum vs momentumGD: ${fmt(worst)}`);
  });

  test('tfjs Adam matches adam(schedule, {eps, beta1, beta2, biasCorrection: true}) within its float32 error envelope, up to the horizon', () => {
    const worst: Worst = { ratio: 0, rel: 0, gate: 0, steps: 0, horizons: [] };
    const hyper = fc.constantFrom<[number, number, number | undefined]>([0.9, 0.999, undefined], [0.9, 0.999, 1e-8], [0.9, 0.99, 1e-7], [0.5, 0.9, 1e-3]);
    fc.assert(
      fc.property(problems, schedules, hyper, (pb, sch, [b1, b2, epsIn]) => {
        const cand = fromTfjs(t, (lr) => t.train.adam(lr, b1, b2, epsIn))(sch);
        const opts = cand.tfjs.adam!;
        expect(opts).toEqual({ beta1: b1, beta2: b2, eps: epsIn ?? 1e-7, biasCorrection: true });
        expect(cand.tfjs.family).toBe('adam-eps');
        try {
          const run = teacherForce(pb, adam(sch, opts), cand, STEPS, compare(worst, adamTolerance(pb.k * pb.d, b1, b2, opts.eps, sch), 'eta', sch));
          worst.steps += run.steps;
          if (run.horizon !== null) worst.horizons.push(run.horizon);
        } finally {
          cand.dispose();
        }
      }),
      { numRuns: runs(16) },
    );
    console.info(`tfjs Adam vs adam-eps: ${fmt(worst)}`);
  });

  test('tfjs Adam with ε = 1e-30 (the paper\'s ε = 0 within float32): the comparison holds right up to the float32 horizon, which is reached', () => {
    // With tfjs's default ε = 1e-7 the horizon is out of reach: once |g| ≪ ε the update is
    // ≈ η·m̂/ε, GD with step η/ε, whose loss decays like 1/t (not e^{−ct}), so g² never gets
    // near 1.18e-38. A tiny ε keeps Adam sign-like. Adam at a constant η from W = 0 also
    // needs > 3·10⁴ steps to get there (log L ≈ −24 after 3·10⁴ steps on these problems), so
    // the run starts at W₀ = (35/γ_∞)·W*_∞ (loss ≈ e^{−35}): the last steps before the
    // horizon, where (1 − β₂)g² is subnormal in float32, are the ones this test is about.
    const worst: Worst = { ratio: 0, rel: 0, gate: 0, steps: 0, horizons: [] };
    fc.assert(
      fc.property(separableProblem({ maxK: 3, maxD: 4, maxPerClass: 3, recipes: ['clusters', 'teacher'] }), fc.constantFrom(0.1, 0.3), (pb, eta) => {
        const sch = constantSchedule(eta);
        const cand = fromTfjs(t, (lr) => t.train.adam(lr, 0.9, 0.999, 1e-30))(sch);
        try {
          const star = pb.margin(Infinity);
          const W0 = { ...star.W, data: star.W.data.map((v) => (v * 35) / star.gamma) };
          const run = teacherForce(pb, adam(sch, cand.tfjs.adam), cand, 30_000, compare(worst, adamTolerance(pb.k * pb.d, 0.9, 0.999, 1e-30, sch), 'eta', sch), { W0 });
          worst.steps += run.steps;
          expect(run.horizon, 'the float32 horizon was not reached in 30 000 steps').not.toBeNull();
          worst.horizons.push(run.horizon!);
        } finally {
          cand.dispose();
        }
      }),
      { numRuns: runs(10) },
    );
    console.info(`tfjs Adam (ε = 1e-30) to the horizon: ${fmt(worst)}`);
  });

  test('planted faults are caught: tfjs Adam at β₂ = 0.99 against the reference at 0.999; tfjs SGD at η(1 + 1e-5) against gd at η', () => {
    const pb = new Problem(separableProblemSample());
    const sch = constantSchedule(0.01);
    const cand = fromTfjs(t, (lr) => t.train.adam(lr, 0.9, 0.99))(sch);
    const worst: Worst = { ratio: 0, rel: 0, gate: 0, steps: 0, horizons: [] };
    expect(() => teacherForce(pb, adam(sch, { beta1: 0.9, beta2: 0.999, eps: 1e-7, biasCorrection: true }), cand, 50, compare(worst, adamTolerance(pb.k * pb.d, 0.9, 0.999, 1e-7, sch)))).toThrow(/tolerance/);
    cand.dispose();
    // and the SGD bound 3u·η|g| is tight enough to see a learning rate off by 1e-5
    const off = Object.assign((t: number) => sch(t) * (1 + 1e-5), { description: 'η(1 + 1e-5)', eta0: sch.eta0 * (1 + 1e-5) });
    const sgd = fromTfjs(t, (lr) => t.train.sgd(lr))(off);
    expect(() => teacherForce(pb, gd(sch), sgd, 5, compare(worst, sgdTolerance(sch)))).toThrow(/tolerance/);
    sgd.dispose();
  });

  test('update is a pure function of its arguments: the same state twice gives the same update, and branches replay', () => {
    const pb = new Problem(separableProblemSample());
    const sch = polynomialSchedule(0.5, 0.5, 2);
    const opt = fromTfjs(t, (lr) => t.train.adam(lr))(sch);
    const W = zeros(pb.k, pb.d);
    const gs: ForcedStep[] = [];
    teacherForce(pb, adam(sch, opt.tfjs.adam), opt, 30, (s) => gs.push(s));
    // replay from scratch along the same gradients: bit-identical updates
    let s0 = opt.init(W);
    const again: number[][] = [];
    for (const s of gs) {
      const r = opt.update(s.gradient, s0, s.W, s.t);
      again.push(Array.from(r.updates.data));
      s0 = r.state;
    }
    expect(again).toEqual(gs.map((s) => Array.from(s.cand.data)));
    // a branch: update from step 10's state twice with different gradients, then the first again
    let st = opt.init(W);
    for (let i = 0; i < 10; i++) st = opt.update(gs[i]!.gradient, st, gs[i]!.W, i).state;
    const a = opt.update(gs[10]!.gradient, st, gs[10]!.W, 10);
    opt.update(gs[20]!.gradient, st, gs[20]!.W, 10);
    const a2 = opt.update(gs[10]!.gradient, st, gs[10]!.W, 10);
    expect(Array.from(a2.updates.data)).toEqual(Array.from(a.updates.data));
    expect(Array.from(a.updates.data)).toEqual(Array.from(gs[10]!.cand.data));
    opt.dispose();
  });

  test('no tensor leak over 10⁴ steps (tf.memory().numTensors flat)', () => {
    const pb = new Problem(separableProblemSample());
    const sch = constantSchedule(0.01);
    for (const build of [(lr: number) => t.train.adam(lr), (lr: number) => t.train.sgd(lr), (lr: number) => t.train.momentum(lr, 0.9)]) {
      const before = t.memory().numTensors;
      const opt = fromTfjs(t, build)(sch);
      const W = zeros(pb.k, pb.d);
      let s = opt.init(W);
      const g = gradientAtZero(pb);
      let during = -1;
      for (let i = 0; i < 10_000; i++) {
        s = opt.update(g, s, W, i).state;
        if (i === 100) during = t.memory().numTensors;
      }
      expect(t.memory().numTensors, 'tensors grew between step 100 and step 10⁴').toBe(during);
      opt.dispose();
      expect(t.memory().numTensors, 'tensors left after dispose()').toBe(before);
    }
  });

  test('reports precision float32 and what the tfjs optimizer is; refuses bad input with a typed error', () => {
    const sch = constantSchedule(0.1);
    const a = fromTfjs(t, (lr) => t.train.adam(lr))(sch);
    expect(a.precision).toBe('float32');
    expect(a.moments).toBeUndefined();
    expect(a.tfjs).toMatchObject({ className: 'Adam', family: 'adam-eps', adam: { beta1: 0.9, beta2: 0.999, eps: 1e-7, biasCorrection: true } });
    a.dispose();
    const r = fromTfjs(t, (lr) => t.train.rmsprop(lr, 0.9, 0.5))(sch);
    expect(r.tfjs).toMatchObject({ className: 'RMSProp', family: null });
    r.dispose();
    expect(fromTfjs(t, (lr) => t.train.sgd(lr))(sch).tfjs.family).toBe('gd');
    expect(() => fromTfjs({} as TfModuleLike, (lr) => t.train.sgd(lr))).toThrow(ArgumentError);
    const bad = Object.assign((_t: number) => (_t > 2 ? NaN : 0.1), { description: 'NaN after 2', eta0: 0.1 });
    const o = fromTfjs(t, (lr) => t.train.sgd(lr))(bad);
    const pb = new Problem(separableProblemSample());
    const W = zeros(pb.k, pb.d);
    expect(() => o.update(gradientAtZero(pb), o.init(W), W, 3)).toThrow(/η_3 = NaN/);
    expect(() => o.update(gradientAtZero(pb), o.init(W), zeros(pb.k + 1, pb.d), 0)).toThrow(ArgumentError);
    o.dispose();
  });
});

/** One fixed small problem for the structural tests (not a pass/fail sample of the comparison). */
function separableProblemSample() {
  return fc.sample(separableProblem({ maxK: 3, maxD: 4, recipes: ['clusters'] }), { seed: 1, numRuns: 1 })[0]!.dataset;
}

function gradientAtZero(pb: Problem) {
  return teacherGradient(pb);
}

function teacherGradient(pb: Problem) {
  let g: ForcedStep['gradient'] | null = null;
  teacherForce(pb, gd(constantSchedule(1)), gd(constantSchedule(1)), 1, (s) => {
    g = s.gradient;
  });
  return g!;
}

describe.skipIf(!tf)('examples/tfjs-adam.mjs (a user module through the package entry)', () => {
  test('loads, reports its adam-eps hyperparameters and matches the reference under teacher forcing', async () => {
    // It imports 'implicit-bias-harness' as a user would: the package's self-reference, i.e. the
    // built dist (npm install builds it through `prepare`).
    const mod = (await import(new URL('../../examples/tfjs-adam.mjs', import.meta.url).href)) as { default: ReturnType<typeof fromTfjs>; gate: unknown };
    expect(mod.gate).toEqual({ beta1: 0.9, beta2: 0.999, eps: 1e-7, biasCorrection: true });
    const sch = polynomialSchedule(0.1, 0.5, 2);
    const opt = mod.default(sch);
    expect(opt.precision).toBe('float32');
    const pb = new Problem(separableProblemSample());
    const worst: Worst = { ratio: 0, rel: 0, gate: 0, steps: 0, horizons: [] };
    const run = teacherForce(pb, adam(sch, opt.tfjs.adam), opt, 200, compare(worst, adamTolerance(pb.k * pb.d, 0.9, 0.999, 1e-7, sch)));
    expect(run.steps).toBe(200);
    opt.dispose();
  });
});
