/**
 * The optimizer zoo (fixtures/optimizers/zoo.json): user modules, plain float64, no imports.
 * Every module loads and its default export builds an optimizer; the correct ones produce the
 * reference optimizer's updates (src/optimizers) under teacher forcing on generated problems;
 * every bug differs from the reference on at least one generated input (fast-check finds it),
 * which proves each bug is observable. The gate's own verdicts on the zoo are tested where the
 * gate is (integration).
 *
 * Inputs: separable problems (k ≤ 3, so half are binary, whose two gradient rows are exact
 * negatives: ties for CD), optionally with a constant-zero feature (exact zero gradient
 * entries), optionally scaled ×10⁴ (large-norm data: gradient entries above 10³) or ×10⁻³, W₀ = 0 or
 * perturbed, a constant or decaying schedule, 3 or 120 steps (past a reset every 100 steps).
 *
 * CD (greedy coordinate descent) is compared as "one steepest 1-norm step": any coordinate tied
 * (within 1e-9) at the max |∂L/∂W_e| is correct, as the theorems allow.
 *
 * Tolerance for "same updates": a correct float64 implementation differs from the log-domain
 * reference by rounding only: a few ulps per operation, amplified at most by the moment
 * recursions' 1/(1 − β) ≤ 100 window, so |Δ_e| ≤ 1e-9·(|u_ref,e| + |u_cand,e| + max_e' |u_ref,e'|)
 * (the last term for entries whose moment cancels to ≈ 0) is ≥ 10⁴ times the rounding and
 * ≤ 1e-9 relative, far below the smallest bug effect that matters (a 1% step).
 */
import fc from 'fast-check';
import { readdirSync, readFileSync } from 'node:fs';
import { isDeepStrictEqual } from 'node:util';
import { pathToFileURL } from 'node:url';
import { describe, expect, test } from 'vitest';
import { perturbationFromSpec, separableProblem } from '../../src/arbitraries/index.js';
import { makeDataset, divideFeatures } from '../../src/data/dataset.js';
import { zeros, type Matrix } from '../../src/linalg/matrix.js';
import { plainGradient } from '../../src/linalg/scaled.js';
import { adam, coordinateDescent, gd, normalizedGD, nsd, signGD, signum } from '../../src/optimizers/optimizers.js';
import { constantSchedule, polynomialSchedule, type Schedule } from '../../src/optimizers/schedule.js';
import { exactMoments, type ExactMoments, type Optimizer, type OptimizerFactory, type SignedLog } from '../../src/optimizers/types.js';
import { Problem } from '../../src/problem.js';
import { runs } from '../support.js';
import { teacherForce } from './teacherForcing.js';

interface ZooEntry {
  file: string;
  family: string;
  hyperparameters: Record<string, number | boolean>;
  expected: 'accept' | 'reject';
  bug: string | null;
  why: string;
  tiers: string[];
  needs: string[];
  base: string | null;
}

const DIR = new URL('../../fixtures/optimizers/', import.meta.url);
const manifest = JSON.parse(readFileSync(new URL('zoo.json', DIR), 'utf8')) as { optimizers: ZooEntry[] };
const zoo = manifest.optimizers;

async function load(file: string): Promise<OptimizerFactory> {
  const mod: unknown = await import(pathToFileURL(new URL(file, DIR).pathname).href);
  if (typeof mod !== 'object' || mod === null || !('default' in mod) || typeof mod.default !== 'function') throw new Error(`${file}: no default export factory`);
  const f = mod.default;
  return (s: Schedule) => f(s) as Optimizer;
}

function reference(e: ZooEntry, s: Schedule): Optimizer {
  const h = e.hyperparameters;
  const num = (k: string): number => h[k] as number;
  switch (e.family) {
    case 'gd':
      return gd(s);
    case 'ngd':
      return normalizedGD(s);
    case 'signgd':
      return signGD(s);
    case 'cd':
      return coordinateDescent(s);
    case 'nsd:3':
      return nsd(3, s);
    case 'adam':
    case 'adam-eps':
      return adam(s, { beta1: num('beta1'), beta2: num('beta2'), eps: num('eps'), biasCorrection: h['biasCorrection'] === true });
    case 'signum':
      return signum(s, num('beta'));
    default:
      throw new Error(`zoo.json: unknown family ${e.family}`);
  }
}

interface Scenario {
  readonly problem: Problem;
  readonly schedule: Schedule;
  readonly W0: Matrix;
  readonly steps: number;
  readonly text: string;
}

/** A dataset with one more, constant-zero, feature (every gradient entry in it is exactly 0). */
function withZeroFeature(pb: Problem): Problem {
  const { X, y, k } = pb.dataset;
  const d = X.cols + 1;
  const data = new Float64Array(X.rows * d);
  for (let i = 0; i < X.rows; i++) for (let j = 0; j < X.cols; j++) data[i * d + j] = X.data[i * X.cols + j]!;
  return new Problem(makeDataset({ rows: X.rows, cols: d, data }, y, { k, allowEmptyClasses: true }));
}

const scenarios: fc.Arbitrary<Scenario> = fc
  .record({
    pb: separableProblem({ maxK: 3, maxD: 4, maxPerClass: 3 }),
    zeroFeature: fc.boolean(),
    scale: fc.constantFrom(1, 1, 1e4, 1e-3),
    sched: fc.oneof(fc.constantFrom(0.01, 0.1, 1).map((e) => ({ kind: 'constant' as const, eta: e, a: 0 })), fc.record({ kind: fc.constant('poly' as const), eta: fc.constantFrom(0.1, 1), a: fc.constantFrom(0.5, 1) })),
    w0: fc.option(fc.record({ sigma: fc.constantFrom(0.1, 1), seed: fc.integer({ min: 0, max: 10_000 }) }), { nil: null }),
    steps: fc.constantFrom(3, 120),
  })
  .map(({ pb, zeroFeature, scale, sched, w0, steps }) => {
    let problem = zeroFeature ? withZeroFeature(pb) : pb;
    // divideFeatures divides x_i by its argument
    if (scale !== 1) problem = new Problem(divideFeatures(problem.dataset, 1 / scale));
    const schedule = sched.kind === 'constant' ? constantSchedule(sched.eta) : polynomialSchedule(sched.eta, sched.a, 2);
    const W0 = w0 ? perturbationFromSpec(problem.k, problem.d, w0) : zeros(problem.k, problem.d);
    const text = `${fc.stringify(pb)} zeroFeature=${zeroFeature} scale=${scale} ${schedule.description} W0=${w0 ? JSON.stringify(w0) : '0'} steps=${steps}`;
    return { problem, schedule, W0, steps, text };
  });

const snapshot = <T>(x: T): T => structuredClone(x);

/**
 * Teacher-forces the candidate against the reference on one scenario; returns the first
 * discrepancy (updates beyond the tolerance, a non-finite update, a throw, a mutated input,
 * moments that differ) or null.
 */
function discrepancy(entry: ZooEntry, factory: OptimizerFactory, sc: Scenario, opts: { ties?: 'any-maximizer' | 'reference' } = {}): string | null {
  const ties = opts.ties ?? (entry.family === 'cd' ? 'any-maximizer' : 'reference');
  const ref = reference(entry, sc.schedule);
  const cand = factory(sc.schedule);
  let found: string | null = null;
  // teacherForce hands both the same W; the candidate is called second, so a mutation of W by
  // it is detected against the snapshot taken here (and would not affect the reference).
  const wrapped: Optimizer = {
    name: cand.name,
    init: (p) => cand.init(p),
    update(g, s, p, t) {
      const before = { g: snapshot({ sign: g.sign, logAbs: g.logAbs, mantissa: g.mantissa.data }), p: snapshot(p.data), s: snapshot(s) };
      const r = cand.update(g, s, p, t);
      if (!isDeepStrictEqual(before.p, p.data)) found ??= `step ${t}: update mutated params`;
      if (!isDeepStrictEqual(before.g, { sign: g.sign, logAbs: g.logAbs, mantissa: g.mantissa.data })) found ??= `step ${t}: update mutated the gradient`;
      if (!isDeepStrictEqual(before.s, s)) found ??= `step ${t}: update mutated its state`;
      lastState = r.state;
      return r;
    },
  };
  let lastState: unknown;
  let refState: unknown;
  const refWrapped: Optimizer = {
    name: ref.name,
    init: (p) => ref.init(p),
    update(g, s, p, t) {
      const r = ref.update(g, s, p, t);
      refState = r.state;
      return r;
    },
  };
  try {
    teacherForce(
      sc.problem,
      refWrapped,
      wrapped,
      sc.steps,
      (st) => {
        if (found) return;
        const eta = sc.schedule(st.t);
        let maxRef = 0;
        for (const v of st.ref.data) maxRef = Math.max(maxRef, Math.abs(v));
        if (st.cand.rows !== st.ref.rows || st.cand.cols !== st.ref.cols || st.cand.data.length !== st.ref.data.length) {
          found = `step ${st.t}: updates are ${st.cand.rows}x${st.cand.cols}, expected ${st.ref.rows}x${st.ref.cols}`;
          return;
        }
        if (ties === 'any-maximizer') {
          found = notAMaximizer(st.gradient, st.cand, eta, st.t);
          return;
        }
        for (let e = 0; e < st.ref.data.length; e++) {
          const r = st.ref.data[e]!;
          const c = st.cand.data[e]!;
          if (!Number.isFinite(c)) {
            found = `step ${st.t}, entry ${e}: non-finite update ${c}`;
            return;
          }
          if (!(Math.abs(c - r) <= 1e-9 * (Math.abs(r) + Math.abs(c) + maxRef))) {
            found = `step ${st.t}, entry ${e}: update ${c} vs reference ${r} (η_t = ${eta})`;
            return;
          }
        }
        if (cand.moments && (entry.family === 'adam' || entry.family === 'adam-eps')) found = momentsDiffer(cand.moments(lastState), referenceMoments(ref, refState), st.t);
      },
      { W0: sc.W0, precision: cand.precision ?? 'float64' },
    );
  } catch (e) {
    return found ?? `throws: ${(e as Error).message}`;
  }
  return found;
}

/** The reference Adam's moments: through its accessor, or (before it had one) its state's {m, logV}. */
function referenceMoments(ref: Optimizer, state: unknown): ExactMoments {
  if (ref.moments) return exactMoments(ref.moments(state));
  if (typeof state === 'object' && state !== null && 'm' in state && 'logV' in state) return { m: state.m as SignedLog, logV: state.logV as Float64Array };
  throw new Error(`${ref.name}: no moments accessor and no {m, logV} state`);
}

function momentsDiffer(c: ReturnType<NonNullable<Optimizer['moments']>>, r: ExactMoments, t: number): string | null {
  const x = exactMoments(c);
  let maxM = 0;
  for (let e = 0; e < r.m.sign.length; e++) if (r.m.sign[e] !== 0) maxM = Math.max(maxM, Math.exp(r.m.log[e]!));
  for (let e = 0; e < r.m.sign.length; e++) {
    const rm = r.m.sign[e]! * Math.exp(r.m.log[e]!);
    const cm = x.m.sign[e]! * Math.exp(x.m.log[e]!);
    if (!(Math.abs(cm - rm) <= 1e-9 * (Math.abs(rm) + maxM))) return `step ${t}, entry ${e}: moments() m = ${cm} vs reference ${rm}`;
    const rv = r.logV[e]!;
    const cv = x.logV[e]!;
    if (!(rv === cv || Math.abs(cv - rv) <= 1e-9)) return `step ${t}, entry ${e}: moments() log v = ${cv} vs reference ${rv}`;
  }
  return null;
}

/**
 * For CD: the update must be −η·sign(g_e) at one entry e with |g_e| = max|g| (any maximizer:
 * on ties every tied signed one-hot is a steepest 1-norm direction). Ties are within a relative
 * 1e-9: a binary problem's two gradient rows are exact negatives, but their computed log-
 * magnitudes may differ in the last bits, and the plain values and the reference's mantissa may
 * then order them differently.
 */
function notAMaximizer(g: Parameters<Optimizer['update']>[0], u: Matrix, eta: number, t: number): string | null {
  const plain = plainGradient(g).data;
  let mx = 0;
  for (const v of plain) mx = Math.max(mx, Math.abs(v));
  const moved = [...u.data.keys()].filter((e) => u.data[e] !== 0);
  if (mx === 0) return moved.length === 0 ? null : `step ${t}: moved at a zero gradient`;
  if (moved.length !== 1) return `step ${t}: moved ${moved.length} coordinates`;
  const e = moved[0]!;
  if (Math.abs(plain[e]!) < mx * (1 - 1e-9) || u.data[e] !== -eta * Math.sign(plain[e]!)) return `step ${t}: moved entry ${e} (|g| = ${Math.abs(plain[e]!)}, max ${mx}) by ${u.data[e]}`;
  return null;
}

const factories = new Map<string, OptimizerFactory>();
for (const e of zoo) factories.set(e.file, await load(e.file));

describe('the optimizer zoo (fixtures/optimizers)', () => {
  test('the manifest lists every module, each at least 8 correct and 20 buggy, with the fields the gate needs', () => {
    const files = new Set(zoo.map((e) => e.file));
    expect(files.size).toBe(zoo.length);
    expect(readdirSync(DIR).filter((f) => f.endsWith('.mjs')).sort()).toEqual([...files].sort());
    const correct = zoo.filter((e) => e.bug === null);
    expect(correct.map((e) => e.family).sort()).toEqual(['adam', 'adam-eps', 'cd', 'gd', 'ngd', 'nsd:3', 'signgd', 'signum']);
    expect(zoo.filter((e) => e.expected === 'reject').length).toBeGreaterThanOrEqual(21);
    for (const e of zoo) {
      expect(['accept', 'reject']).toContain(e.expected);
      if (e.bug !== null) {
        expect(e.why.length, e.file).toBeGreaterThan(10);
        expect(e.base, e.file).not.toBeNull();
        for (const tier of e.tiers) expect(['equivalence', 'theorem checks', 'bias']).toContain(tier);
      }
    }
  });

  test.each(zoo.map((e) => [e.file, e] as const))('%s loads: the default export builds an optimizer with init and update', (_f, e) => {
    const o = factories.get(e.file)!(constantSchedule(0.1));
    expect(typeof o.name).toBe('string');
    expect(typeof o.init).toBe('function');
    expect(typeof o.update).toBe('function');
    expect(o.precision ?? 'float64').toBe('float64');
  });

  test.each(zoo.filter((e) => e.bug !== null).map((e) => [e.file, e] as const))('%s is its base file changed in at most 4 lines (comments aside)', (_f, e) => {
    const code = (f: string) => readFileSync(new URL(f, DIR), 'utf8').split('\n').filter((l) => !l.trimStart().startsWith('//'));
    const a = code(e.base!);
    const b = code(e.file);
    expect(b.length).toBe(a.length);
    const changed = a.filter((l, i) => l !== b[i]).length;
    expect(changed).toBeGreaterThanOrEqual(1);
    expect(changed).toBeLessThanOrEqual(4);
  });

  test.each(zoo.filter((e) => e.bug === null).map((e) => [e.file, e] as const))('correct %s produces the reference updates under teacher forcing', (_f, e) => {
    const f = factories.get(e.file)!;
    fc.assert(
      fc.property(scenarios, (sc) => {
        const d = discrepancy(e, f, sc);
        if (d !== null) throw new Error(`${d} on ${sc.text}`);
      }),
      { numRuns: runs(40) },
    );
  });

  test('cd-last-on-ties.mjs differs from the reference only on ties, where it still takes a steepest 1-norm step', () => {
    const e = zoo.find((x) => x.file === 'cd-last-on-ties.mjs')!;
    const f = factories.get(e.file)!;
    fc.assert(fc.property(scenarios, (sc) => discrepancy(e, f, sc) === null), { numRuns: runs(40) });
    const r = fc.check(fc.property(scenarios, (sc) => discrepancy(e, f, sc, { ties: 'reference' }) === null), { numRuns: runs(200) });
    expect(r.failed, 'no generated input has a tie: the tie-breaking difference is not exercised').toBe(true);
  });

  test.each(zoo.filter((e) => e.expected === 'reject').map((e) => [e.file, e] as const))('bug %s differs from the reference on a generated input', (_f, e) => {
    const f = factories.get(e.file)!;
    let seen = '';
    const r = fc.check(
      fc.property(scenarios, (sc) => {
        const d = discrepancy(e, f, sc);
        if (d !== null) seen = `${d} on ${sc.text}`;
        return d === null;
      }),
      { numRuns: runs(300), endOnFailure: true },
    );
    expect(r.failed, `${e.file}: no generated input shows the bug (${e.bug})`).toBe(true);
    console.info(`${e.file}: ${seen}`);
  });
});
