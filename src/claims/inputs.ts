import fc from 'fast-check';
import { separableProblem, type SeparableProblemConstraints } from '../arbitraries/separableProblem.js';
import { perturbationFromSpec, perturbationSpec, weightFromSpec, weightSpec, type WeightRegime, type WeightSpec } from '../arbitraries/weightMatrix.js';
import { logitsFromSpec, simplexSpec } from '../arbitraries/simplexPoint.js';
import { axpy, type Matrix } from '../linalg/matrix.js';
import { vectorNorm } from '../linalg/norms.js';
import type { LossName } from '../losses/index.js';
import { Objective } from '../losses/objective.js';
import { lossByName } from '../losses/index.js';
import type { Problem } from '../problem.js';

/** Prints `value` as `text` in counterexamples (fc.toStringMethod). */
export function printable<T extends object>(value: T, text: () => string): T {
  Object.defineProperty(value, fc.toStringMethod, { value: text, enumerable: false });
  return value;
}

/** Which norm of x_i a claim's B uses: 1 is the papers' (Ass. 3.5); 2 and ∞ only in probes. */
export type BNorm = 1 | 2 | typeof Infinity;

export function bOf(pb: Problem, bNorm: BNorm): number {
  if (bNorm === 1) return pb.B;
  const { X } = pb.dataset;
  let b = 0;
  for (let i = 0; i < X.rows; i++) b = Math.max(b, vectorNorm(X.data.subarray(i * X.cols, (i + 1) * X.cols), bNorm));
  return b;
}

/** A problem, a point W and the B the claim is handed. */
export interface PointInput {
  readonly problem: Problem;
  readonly spec: WeightSpec;
  readonly W: Matrix;
  readonly bNorm: BNorm;
  readonly B: number;
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

export function pairInput(o: PointOptions = {}): fc.Arbitrary<PairInput> {
  return fc.tuple(pointInput(o), perturbationSpec()).map(([pt, ps]) => {
    const delta = perturbationFromSpec(pt.problem.k, pt.problem.d, ps);
    return printable({ ...pt, delta, Wp: axpy(pt.W, 1, delta) }, () => `${fc.stringify(pt)} with W' = W + perturbationFromSpec(k, d, ${JSON.stringify(ps)})`);
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
const objectives = new WeakMap<Problem, Map<LossName, Objective>>();
export function objectiveOf(pb: Problem, loss: LossName = 'ce'): Objective {
  let m = objectives.get(pb);
  if (!m) {
    m = new Map();
    objectives.set(pb, m);
  }
  let o = m.get(loss);
  if (!o) {
    o = new Objective(pb.dataset, lossByName(loss));
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
