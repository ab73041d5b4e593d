/**
 * Fan, Schmidt, Thrampoulidis (2025), Appendix E: p-norm normalized steepest descent
 * (THEOREMS.md §6).
 */
import fc from 'fast-check';
import { makeRng } from '../../data/rng.js';
import { zeros, type Matrix } from '../../linalg/matrix.js';
import { dualExponent, entrywiseNorm } from '../../linalg/norms.js';
import { leq, logLeq } from '../outcome.js';
import { bOfExact, gammaOrZero, logGradNorm, objectiveOf, pointInput, printable, type PointInput } from '../inputs.js';
import { separableProblem } from '../../arbitraries/separableProblem.js';
import type { Problem } from '../../problem.js';
import type { Assumption, Claim } from '../types.js';
import { dec, ln } from '../../exact/decimal.js';
import { entrywiseNormExact, vectorNormExact } from '../../exact/norms.js';
import { evaluateExact } from '../../exact/objective.js';
import { bIsOneNormBound, separable } from './section4.js';
import { descentInequality } from './section5.js';

export interface MatrixNormInput {
  readonly W: Matrix;
  readonly p: number;
}

function matrixNormInput(): fc.Arbitrary<MatrixNormInput> {
  return fc
    .record({
      rows: fc.integer({ min: 1, max: 6 }),
      cols: fc.integer({ min: 1, max: 6 }),
      kind: fc.constantFrom('one-hot', 'gaussian', 'constant'),
      seed: fc.nat({ max: 100000 }),
      p: fc.constantFrom(1, 1.5, 2, 3, 7, Infinity),
    })
    .map(({ rows, cols, kind, seed, p }) => {
      const rng = makeRng(`E:${seed}`);
      const W = zeros(rows, cols);
      if (kind === 'one-hot') W.data[seed % W.data.length] = rng.normal();
      else if (kind === 'constant') W.data.fill(rng.normal());
      else for (let i = 0; i < W.data.length; i++) W.data[i] = rng.normal();
      return printable({ W, p }, () => `{ ${rows}x${cols} ${kind} matrix (seed ${seed}), p: ${p} }`);
    });
}

export interface OrderingParams {
  /** The "max-norm" used: entrywise (the paper's) or the induced ∞-norm (pitfall P7, a fault). */
  readonly maxNorm: (W: Matrix) => number;
}

export function normOrdering(p: Partial<OrderingParams> = {}): Claim<MatrixNormInput> {
  const mx = p.maxNorm ?? ((W: Matrix) => entrywiseNorm(W, Infinity));
  return {
    id: 'fan2025/app-E-norm-ordering',
    paper: 'fan2025',
    ref: 'App. E (norm ordering)',
    title: 'Entrywise norm ordering',
    statement: '‖W‖_max ≤ ‖W‖_p ≤ ‖W‖_1 for every entrywise p ∈ [1, ∞]',
    assumptions: [],
    inputs: () => matrixNormInput(),
    check({ W, p: q }) {
      const np = entrywiseNorm(W, q);
      return [leq(mx(W), np, 'max ≤ p'), leq(np, entrywiseNorm(W, 1), 'p ≤ 1')];
    },
    // Only the paper's max-norm has an exact evaluator (a planted fault's norm has none).
    ...(p.maxNorm === undefined
      ? {
          exact({ W, p: q }: MatrixNormInput) {
            const np = entrywiseNormExact(W, q);
            return [
              { part: 'max ≤ p', lhs: entrywiseNormExact(W, Infinity), rhs: np, relation: 'leq' as const },
              { part: 'p ≤ 1', lhs: np, rhs: entrywiseNormExact(W, 1), relation: 'leq' as const },
            ];
          },
        }
      : {}),
    runs: 1000,
    confidence: 'high',
    kind: 'exact-inequality',
    tight: true,
  };
}

/** ‖W‖_∞ induced (max row sum): what cvxpy's norm(W, "inf") computes. Not the max-norm. */
export function inducedInfNorm(W: Matrix): number {
  let best = 0;
  for (let r = 0; r < W.rows; r++) {
    let s = 0;
    for (let c = 0; c < W.cols; c++) s += Math.abs(W.data[r * W.cols + c]!);
    best = Math.max(best, s);
  }
  return best;
}

export interface NestingParams {
  /** Which solver answers for which p (a planted fault swaps a norm for its dual). */
  readonly gamma: (pb: Problem, p: number) => number;
}

export function gammaNesting(p: Partial<NestingParams> = {}): Claim<Problem> {
  const gamma = p.gamma ?? ((pb: Problem, q: number) => pb.margin(q).gamma);
  const lpTol = 1e-9;
  return {
    id: 'fan2025/app-E-gamma-nesting',
    paper: 'fan2025',
    ref: 'App. E (margin ordering)',
    title: 'Margin ordering γ_1 ≤ γ_2 ≤ γ_∞',
    statement: 'γ_1 ≤ γ_2 ≤ γ_3 ≤ γ_4 ≤ γ_∞ and γ_p ≥ (kd)^{−1/p} γ_∞ (nested unit balls)',
    assumptions: [{ id: 'separable', statement: 'Ass. 3.1', holds: (pb) => gammaOrZero(pb) > 0 }],
    inputs: () => separableProblem(),
    check(pb) {
      const [gi, g2, g1, g3, g4] = [gamma(pb, Infinity), gamma(pb, 2), gamma(pb, 1), gamma(pb, 3), gamma(pb, 4)];
      const kd = pb.k * pb.d;
      return [
        leq(g1, g2, 'γ_1 ≤ γ_2', lpTol),
        leq(g2, g3, 'γ_2 ≤ γ_3', lpTol),
        leq(g3, g4, 'γ_3 ≤ γ_4', lpTol),
        leq(g4, gi, 'γ_4 ≤ γ_∞', lpTol),
        leq(gi / Math.sqrt(kd), g2, 'γ_2 ≥ γ_∞/√(kd)', lpTol),
        leq(gi / kd, g1, 'γ_1 ≥ γ_∞/(kd)', lpTol),
      ];
    },
    runs: 150,
    confidence: 'high',
    kind: 'exact-inequality',
    tight: false,
  };
}

/** A point plus the norm exponent p of the geometry. */
export interface GeometryInput extends PointInput {
  readonly p: number;
}

function geometryInput(relaxB = false): fc.Arbitrary<GeometryInput> {
  return fc.tuple(pointInput({ relaxB }), fc.constantFrom(Infinity, 2, 1, 3, 4)).map(([x, p]) => printable({ ...x, p }, () => `${fc.stringify(x)}, p = ${p}`));
}

export interface E1Params {
  /** Norm of ∇L: the dual q of p in the paper; a fault uses p itself. */
  readonly useDual: boolean;
}

export function lemmaE1(params: Partial<E1Params> = {}): Claim<GeometryInput> {
  const useDual = params.useDual ?? true;
  return {
    id: 'fan2025/lemma-E.1',
    paper: 'fan2025',
    ref: 'Lemma E.1',
    title: 'Gradient dual-norm lower bound in the p-norm geometry',
    statement: '‖∇L(W)‖_q ≥ γ_p G(W), 1/p + 1/q = 1, γ_p the p-norm margin',
    assumptions: [separable],
    inputs: () => geometryInput(),
    check(x) {
      const ev = objectiveOf(x.problem).evaluate(x.W);
      const q = useDual ? dualExponent(x.p) : x.p;
      return logLeq(Math.log(x.problem.margin(x.p).gamma) + ev.logProxy, logGradNorm(ev.gradient.logAbs, q));
    },
    exact(x) {
      const ev = evaluateExact(x.problem.dataset, x.W);
      const q = useDual ? dualExponent(x.p) : x.p;
      return [{ lhs: ln(dec(x.problem.margin(x.p).gamma)).plus(ev.logProxy), rhs: ln(vectorNormExact(ev.gradient, q)), relation: 'leq', log: true }];
    },
    runs: 250,
    confidence: 'medium',
    kind: 'exact-inequality',
    tight: true,
  };
}

export function lemmaE3(params: { constant?: number } = {}): Claim<GeometryInput> {
  const C = params.constant ?? 2;
  return {
    id: 'fan2025/lemma-E.3',
    paper: 'fan2025',
    ref: 'Lemma E.3',
    title: 'Gradient dual-norm upper bound',
    statement: `‖∇L(W)‖_q ≤ ‖∇L(W)‖_1 ≤ ${C}B G(W), B = max_i ‖x_i‖_1`,
    assumptions: [bIsOneNormBound],
    inputs: (relax) => geometryInput(relax?.has('B-bounds-1-norm') ?? false),
    check(x) {
      const ev = objectiveOf(x.problem).evaluate(x.W);
      const lq = logGradNorm(ev.gradient.logAbs, dualExponent(x.p));
      const l1 = logGradNorm(ev.gradient.logAbs, 1);
      return [logLeq(lq, l1, '‖·‖_q ≤ ‖·‖_1'), logLeq(l1, Math.log(C * x.B) + ev.logProxy, '‖·‖_1 ≤ 2BG')];
    },
    exact(x) {
      const ev = evaluateExact(x.problem.dataset, x.W);
      const lq = ln(vectorNormExact(ev.gradient, dualExponent(x.p)));
      const l1 = ln(vectorNormExact(ev.gradient, 1));
      return [
        { part: '‖·‖_q ≤ ‖·‖_1', lhs: lq, rhs: l1, relation: 'leq', log: true },
        { part: '‖·‖_1 ≤ 2BG', lhs: l1, rhs: ln(dec(C)).plus(ln(bOfExact(x.problem, x.bNorm))).plus(ev.logProxy), relation: 'leq', log: true },
      ];
    },
    runs: 250,
    confidence: 'medium',
    kind: 'exact-inequality',
    tight: true,
  };
}

export const appendixE = (): Claim<unknown>[] =>
  [normOrdering(), gammaNesting(), lemmaE1(), lemmaE3(), descentInequality({ p: 2 }), descentInequality({ p: 1 }), descentInequality({ p: 3 })];

