import fc from 'fast-check';
import { separableProblem, type SeparableProblemConstraints } from '../arbitraries/separableProblem.js';
import { printable } from '../arbitraries/printable.js';
import { perturbationFromSpec, perturbationSpec, weightFromSpec, weightSpec, type WeightRegime, type WeightSpec } from '../arbitraries/weightMatrix.js';
import { logitsFromSpec, simplexSpec } from '../arbitraries/simplexPoint.js';
import { axpy, zeros, type Matrix } from '../linalg/matrix.js';
import { vectorNorm } from '../linalg/norms.js';
import type { LossName, PermLoss } from '../losses/index.js';
import { minMargin, Objective } from '../losses/objective.js';
import { ArgumentError, SolverError } from '../errors.js';
import { lossByName } from '../losses/index.js';
import { Problem } from '../problem.js';
import { makeDataset } from '../data/dataset.js';
import type { Dec } from '../exact/decimal.js';
import { dataBoundExact } from '../exact/norms.js';

export { printable } from '../arbitraries/printable.js';

/** Which norm of x_i a claim's B uses: 1 is the papers' (Ass. 3.5); 2 and ∞ only in probes. */
export type BNorm = 1 | 2 | typeof Infinity;

export function bOf(pb: Problem, bNorm: BNorm): number {
  if (bNorm === 1) return pb.B;
  const { X } = pb.dataset;
  let b = 0;
  for (let i = 0; i < X.rows; i++) b = Math.max(b, vectorNorm(X.data.subarray(i * X.cols, (i + 1) * X.cols), bNorm));
  return b;
}

/** bOf in high precision: max_i ‖x_i‖ of the float data, exactly (certification). */
export const bOfExact = (pb: Problem, bNorm: BNorm): Dec => dataBoundExact(pb.dataset.X, bNorm);

/** A problem, a point W and the B the claim is handed. */
export interface PointInput {
  readonly problem: Problem;
  readonly spec?: WeightSpec;
  readonly W: Matrix;
  readonly bNorm: BNorm;
  readonly B: number;
}

/** A hand-built point (tightness witnesses, replays). */
export function makePoint(problem: Problem, W: Matrix, bNorm: BNorm = 1): PointInput {
  return { problem, W, bNorm, B: bOf(problem, bNorm) };
}

/** A hand-built pair W, W' = W + Δ. */
export function makePair(problem: Problem, W: Matrix, delta: Matrix, bNorm: BNorm = 1): PairInput {
  return { ...makePoint(problem, W, bNorm), delta, Wp: axpy(W, 1, delta) };
}

export interface PointOptions {
  problems?: SeparableProblemConstraints;
  regimes?: readonly WeightRegime[];
  /** Also draw B from ‖x‖_2 and ‖x‖_∞ (probe of the B assumption). */
  relaxB?: boolean;
}

export function pointInput(o: PointOptions = {}): fc.Arbitrary<PointInput> {
  const bNorms: BNorm[] = o.relaxB ? [1, 2, Infinity] : [1];
  return fc
    .tuple(separableProblem(o.problems ?? {}), weightSpec(o.regimes ? { regimes: o.regimes } : {}), fc.constantFrom(...bNorms))
    .map(([problem, spec, bNorm]) =>
      printable({ problem, spec, W: weightFromSpec(problem, spec), bNorm, B: bOf(problem, bNorm) }, () => `{ problem: ${fc.stringify(problem)}, W: weightFromSpec(problem, ${JSON.stringify(spec)}), bNorm: ${bNorm} }`),
    );
}

/** Two points W and W' = W + Δ. */
export interface PairInput extends PointInput {
  readonly Wp: Matrix;
  readonly delta: Matrix;
}

/**
 * A perturbation: Gaussian (THEOREMS.md §9), or adversarial for pair (i, c):
 * Δ = δ (e_c − e_{y_i}) sign(x_i)ᵀ, the max-norm direction that lowers that pair's margin
 * fastest (the tight direction of Lemma 5.1 and B.2).
 */
export type DeltaSpec =
  | { readonly kind: 'gaussian'; readonly sigma: number; readonly seed: number }
  | { readonly kind: 'adversarial'; readonly i: number; readonly c: number; readonly delta: number; readonly sign: 1 | -1 };

export function deltaSpec(): fc.Arbitrary<DeltaSpec> {
  return fc.oneof(
    perturbationSpec().map((p) => ({ kind: 'gaussian' as const, ...p })),
    fc.record({
      kind: fc.constant('adversarial' as const),
      i: fc.nat({ max: 1000 }),
      c: fc.nat({ max: 1000 }),
      delta: fc.constantFrom(1e-3, 0.01, 0.1, 1),
      sign: fc.constantFrom<1 | -1>(1, -1),
    }),
  );
}

export function deltaFromSpec(pb: Problem, s: DeltaSpec): Matrix {
  const { k, d } = pb;
  if (s.kind === 'gaussian') return perturbationFromSpec(k, d, s);
  const i = s.i % pb.n;
  const y = pb.dataset.y[i]!;
  const c = (y + 1 + (s.c % (k - 1))) % k;
  const D = zeros(k, d);
  for (let j = 0; j < d; j++) {
    const sg = Math.sign(pb.dataset.X.data[i * d + j]!);
    D.data[c * d + j] = s.sign * s.delta * sg;
    D.data[y * d + j] = -s.sign * s.delta * sg;
  }
  return D;
}

export function pairInput(o: PointOptions = {}): fc.Arbitrary<PairInput> {
  return fc.tuple(pointInput(o), deltaSpec()).map(([pt, ds]) => {
    const delta = deltaFromSpec(pt.problem, ds);
    return printable({ ...pt, delta, Wp: axpy(pt.W, 1, delta) }, () => `${fc.stringify(pt)} with W' = W + deltaFromSpec(problem, ${JSON.stringify(ds)})`);
  });
}

/** A point of the simplex (by its logits z), a vector v and an index c (Lemma 4.2, A.4, D.10). */
export interface SimplexInput {
  readonly z: Float64Array;
  readonly v: Float64Array;
  readonly c: number;
  /** Scale applied to s (1 = on the simplex; ≠ 1 only when the simplex assumption is relaxed). */
  readonly mass: number;
}

export function simplexInput(relaxSimplex = false): fc.Arbitrary<SimplexInput> {
  const maxK = 8;
  return fc
    .record({
      spec: simplexSpec({ maxK }),
      vKind: fc.constantFrom('adversarial', 'signs', 'real'),
      signs: fc.array(fc.constantFrom(1, -1), { minLength: maxK, maxLength: maxK }),
      reals: fc.array(fc.double({ min: -3, max: 3, noNaN: true }), { minLength: maxK, maxLength: maxK }),
      cKind: fc.constantFrom('argmax', 'any'),
      cAny: fc.nat({ max: maxK - 1 }),
      mass: relaxSimplex ? fc.constantFrom(1, 0.5, 2, 4) : fc.constant(1),
    })
    .map(({ spec, vKind, signs, reals, cKind, cAny, mass }) => {
      const z = logitsFromSpec(spec);
      const k = z.length;
      const argmax = z.indexOf(Math.max(...z));
      // adversarial v: +1 on the argmax, −1 elsewhere (the tight direction)
      const v =
        vKind === 'adversarial'
          ? Float64Array.from({ length: k }, (_, j) => (j === argmax ? 1 : -1))
          : Float64Array.from((vKind === 'signs' ? signs : reals).slice(0, k));
      const c = cKind === 'argmax' ? argmax : cAny % k;
      return { z, v, c, mass };
    });
}

/** Cached objective per (problem, loss): claims evaluate many points on one problem. */
const objectives = new WeakMap<Problem, Map<LossName | PermLoss, Objective>>();
export function objectiveOf(pb: Problem, loss: LossName | PermLoss = 'ce'): Objective {
  let m = objectives.get(pb);
  if (!m) {
    m = new Map();
    objectives.set(pb, m);
  }
  let o = m.get(loss);
  if (!o) {
    o = new Objective(pb.dataset, typeof loss === 'string' ? lossByName(loss) : loss);
    m.set(loss, o);
  }
  return o;
}

/** log of ‖g‖_p from the exact per-entry log-magnitudes of a gradient. */
export function logGradNorm(logAbs: Float64Array, p: number): number {
  let mx = -Infinity;
  for (const v of logAbs) if (v > mx) mx = v;
  if (mx === -Infinity || p === Infinity) return mx;
  let s = 0;
  for (const v of logAbs) s += Math.exp(p * (v - mx));
  return mx + Math.log(s) / p;
}

/** γ_p of a problem, or 0 when its data are not separable (D-γ: W = 0 gives 0). */
export function gammaOrZero(pb: Problem, p = Infinity): number {
  try {
    return pb.margin(p).gamma;
  } catch (e) {
    if ((e as Error).name === 'NotSeparableError') return 0;
    throw e;
  }
}

/**
 * A W with L(W) ≤ threshold (the "low loss" regime of Lemma 4.3 (iii), B.4, C.2). W itself is
 * doubled up to 40 times; a W that does not separate the data never gets there, and is then
 * replaced by t·W* with W* the max-norm maximiser and t from the bound below, so this never
 * throws on separable data. For CE, exp and PairLogLoss, ℓ_i ≤ Σ_{c≠y_i} e^{−m_ic} (log(1+u) ≤ u),
 * hence L(tW*) ≤ (k−1)·e^{−t·m} with m = min_{i,c} m_ic(W*) > 0, and
 * t = (log((k−1)/threshold) + 1)/m gives L(tW*) ≤ threshold/e: the factor e absorbs the
 * rounding of the evaluated log L (relative error ~1e-15), so the computed check passes too.
 */
export function scaleToLowLoss(pb: Problem, W: Matrix, threshold: number, loss: Exclude<LossName, 'poly'> = 'ce'): Matrix {
  if (!(threshold > 0)) throw new ArgumentError(`scaleToLowLoss: threshold must be > 0, got ${threshold}`);
  const obj = objectiveOf(pb, loss);
  const logT = Math.log(threshold);
  let cur = W;
  for (let j = 0; j < 40; j++) {
    if (obj.logLossAndProxy(cur).logLoss <= logT) return cur;
    cur = { ...cur, data: cur.data.map((v) => 2 * v) };
  }
  const star = pb.margin(Infinity).W;
  const m = minMargin(pb.dataset, star);
  if (!(m > 0)) throw new SolverError(`scaleToLowLoss: the max-norm maximiser W* has min margin ${m} ≤ 0 on data the solver certified as separable`);
  const t = Math.max(0, Math.log((pb.k - 1) / threshold) + 1) / m;
  return { ...star, data: star.data.map((v) => t * v) };
}

/** A point in the low-loss regime L ≤ log 2/n (unless relaxed: then any W of the regimes). */
export function lowLossInput(relax: boolean, o: PointOptions = {}): fc.Arbitrary<PointInput> {
  const base = pointInput({ regimes: relax ? ['small', 'aligned', 'misclassifying', 'low-loss'] : ['aligned', 'low-loss'], ...o });
  if (relax) return base;
  return base.map((x) => {
    const W = scaleToLowLoss(x.problem, x.W, Math.LN2 / x.problem.n);
    return printable({ ...x, W }, () => `${fc.stringify(x)}, W doubled until L ≤ log 2/n`);
  });
}

/**
 * Problems whose data may not be separable (for probes of Ass. 3.1): a separable problem with
 * the label of one point moved to the next class.
 */
export function possiblyInseparable(o: PointOptions = {}): fc.Arbitrary<PointInput> {
  return fc.tuple(pointInput({ ...o, regimes: ['small', 'aligned', 'misclassifying'] }), fc.boolean()).map(([x, corrupt]) => {
    if (!corrupt) return x;
    const { X, y, k } = x.problem.dataset;
    const labels = Array.from(y);
    labels[0] = (labels[0]! + 1) % k;
    const problem = new Problem(makeDataset(X, labels, { k, allowEmptyClasses: true, source: `${x.problem.dataset.source ?? ''} with y_0 moved` }));
    return printable({ ...x, problem, B: bOf(problem, x.bNorm) }, () => `${fc.stringify(x)} with y_0 → y_0 + 1 mod k`);
  });
}

/**
 * The second-order Taylor remainder R = L(W′) − L(W) − ⟨∇L(W), W′ − W⟩ of a pair (A.2 (14),
 * (18)), in plain arithmetic: used in moderate regimes, where L(W) and L(W′) are representable.
 */
export function taylorRemainder(obj: Objective, x: PairInput): { R: number; L0: number; L1: number } {
  const ev = obj.evaluate(x.W);
  const L0 = Math.exp(ev.logLoss);
  const L1 = Math.exp(obj.logLossAndProxy(x.Wp).logLoss);
  let dir = 0;
  for (let e = 0; e < x.delta.data.length; e++) dir += ev.gradient.sign[e]! * Math.exp(ev.gradient.logAbs[e]!) * x.delta.data[e]!;
  return { R: L1 - L0 - dir, L0, L1 };
}
