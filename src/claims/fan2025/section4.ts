/**
 * Fan, Schmidt, Thrampoulidis (2025), Section 4 and Appendix B: the proxy G (THEOREMS.md §3).
 */
import { logSubExp } from '../../numerics/logspace.js';
import { maxNorm } from '../../linalg/norms.js';
import { minMargin } from '../../losses/objective.js';
import { logLeq } from '../outcome.js';
import {
  bOf,
  bOfExact,
  gammaOrZero,
  logGradNorm,
  lowLossInput,
  objectiveOf,
  pairInput,
  pointInput,
  possiblyInseparable,
  type BNorm,
  type PairInput,
  type PointInput,
} from '../inputs.js';
import type { Assumption, Claim, ExactSides } from '../types.js';
import { dec, Exact, ln, log1p, type Dec } from '../../exact/decimal.js';
import { evaluateExact, minMarginExact } from '../../exact/objective.js';
import { matrixExact, maxNormExact, vectorNormExact } from '../../exact/norms.js';
import type { Matrix } from '../../linalg/matrix.js';

const lnC = (c: number): Dec => ln(dec(c));
/** ‖W′ − W‖_max of two float matrices, exactly. */
export const maxDistExact = (W: Matrix, Wp: Matrix): Dec => Exact.max(...Array.from(W.data, (w, e) => dec(Wp.data[e]!).minus(dec(w)).abs()));

export const separable: Assumption<PointInput> = {
  id: 'separable',
  statement: 'Ass. 3.1: some W has every margin (e_{y_i} − e_c)ᵀ W x_i > 0',
  holds: (x) => gammaOrZero(x.problem) > 0,
};

export const bIsOneNormBound: Assumption<PointInput> = {
  id: 'B-bounds-1-norm',
  statement: 'Ass. 3.5: ‖x_i‖_1 ≤ B for every i',
  holds: (x) => x.B >= x.problem.B,
};

export const lowLoss: Assumption<PointInput> = {
  id: 'low-loss',
  statement: 'L(W) ≤ log 2 / n',
  holds: (x) => objectiveOf(x.problem).logLossAndProxy(x.W).logLoss <= Math.log(Math.LN2 / x.problem.n),
};

export interface GradientNormParams {
  /** Norm of ∇L in the claim (1 in Lemma 4.1; a planted fault swaps it for its dual ∞). */
  readonly gradNorm: number;
}

export function lemma41(p: Partial<GradientNormParams> = {}): Claim<PointInput> {
  const q = p.gradNorm ?? 1;
  return {
    id: 'fan2025/lemma-4.1',
    paper: 'fan2025',
    ref: 'Lemma 4.1 = B.1 (lower)',
    title: 'Lower bound on the gradient dual norm',
    statement: `‖∇L(W)‖_${q === 1 ? '1' : q} ≥ γ G(W), γ = γ_max the max-norm margin`,
    assumptions: [separable],
    inputs: (relax) => (relax?.has('separable') ? possiblyInseparable() : pointInput()),
    check(x) {
      const ev = objectiveOf(x.problem).evaluate(x.W);
      const gamma = gammaOrZero(x.problem);
      return logLeq(Math.log(gamma) + ev.logProxy, logGradNorm(ev.gradient.logAbs, q));
    },
    exact(x) {
      const ev = evaluateExact(x.problem.dataset, x.W);
      return [{ lhs: ln(dec(gammaOrZero(x.problem))).plus(ev.logProxy), rhs: ln(vectorNormExact(ev.gradient, q)), relation: 'leq', log: true }];
    },
    runs: 250,
    confidence: 'high',
    kind: 'exact-inequality',
    tight: true,
  };
}

export interface Lemma43iParams {
  readonly constant: number;
  /** B from this norm of x_i instead of the one the input carries (planted fault: 2). */
  readonly bNorm?: BNorm;
}

export function lemma43i(p: Partial<Lemma43iParams> = {}): Claim<PointInput> {
  const C = p.constant ?? 2;
  const bNorm = p.bNorm;
  return {
    id: 'fan2025/lemma-4.3-i',
    paper: 'fan2025',
    ref: 'Lemma 4.3 (i) = B.1 (upper)',
    title: 'Upper bound on the gradient norm by G',
    statement: `‖∇L(W)‖_1 ≤ ${C} B G(W), B = max_i ‖x_i‖_1`,
    assumptions: [bIsOneNormBound],
    inputs: (relax) => pointInput({ relaxB: relax?.has('B-bounds-1-norm') ?? false }),
    check(x) {
      const ev = objectiveOf(x.problem).evaluate(x.W);
      const B = bNorm === undefined ? x.B : bOf(x.problem, bNorm);
      return logLeq(logGradNorm(ev.gradient.logAbs, 1), Math.log(C * B) + ev.logProxy);
    },
    exact(x) {
      const ev = evaluateExact(x.problem.dataset, x.W);
      const B = bOfExact(x.problem, bNorm ?? x.bNorm);
      return [{ lhs: ln(vectorNormExact(ev.gradient, 1)), rhs: lnC(C).plus(ln(B)).plus(ev.logProxy), relation: 'leq', log: true }];
    },
    runs: 400,
    confidence: 'high',
    kind: 'exact-inequality',
    tight: true,
  };
}

export interface Lemma43iiParams {
  /** The c in 1 − c·nL ≤ G/L (½ in the paper). */
  readonly c: number;
}

export function lemma43ii(p: Partial<Lemma43iiParams> = {}): Claim<PointInput> {
  const c = p.c ?? 0.5;
  return {
    id: 'fan2025/lemma-4.3-ii',
    paper: 'fan2025',
    ref: 'Lemma 4.3 (ii) = B.3 (i)',
    title: 'G/L sandwich',
    statement: `1 − ${c === 0.5 ? 'nL/2' : `${c}·nL`} ≤ G(W)/L(W) ≤ 1`,
    assumptions: [],
    inputs: () => pointInput(),
    check(x) {
      const { logLoss, logProxy } = objectiveOf(x.problem).logLossAndProxy(x.W);
      const cnL = c * x.problem.n * Math.exp(logLoss);
      const lower = cnL >= 1 ? { ok: true, lhs: -Infinity, rhs: logProxy, ratio: 0, part: 'lower' } : logLeq(logLoss + Math.log1p(-cnL), logProxy, 'lower');
      return [logLeq(logProxy, logLoss, 'upper'), lower];
    },
    exact(x) {
      const ev = evaluateExact(x.problem.dataset, x.W);
      const cnL = dec(c).times(x.problem.n).times(ev.loss);
      const lower: ExactSides = cnL.gte(1)
        ? { part: 'lower', lhs: new Exact(-Infinity), rhs: ev.logProxy, relation: 'leq', log: true }
        : { part: 'lower', lhs: ev.logLoss.plus(log1p(cnL.neg())), rhs: ev.logProxy, relation: 'leq', log: true };
      return [{ part: 'upper', lhs: ev.logProxy, rhs: ev.logLoss, relation: 'leq', log: true }, lower];
    },
    runs: 400,
    confidence: 'medium-high',
    kind: 'exact-inequality',
    tight: true,
  };
}

export interface Lemma43iiiParams {
  readonly constant: number;
}

export function lemma43iii(p: Partial<Lemma43iiiParams> = {}): Claim<PointInput> {
  const C = p.constant ?? 2;
  return {
    id: 'fan2025/lemma-4.3-iii',
    paper: 'fan2025',
    ref: 'Lemma 4.3 (iii) = B.3 (ii)',
    title: 'Low loss: L ≤ 2G',
    statement: `L(W) ≤ log 2/n (or G(W) ≤ 1/(2n)) ⇒ L(W) ≤ ${C} G(W)`,
    assumptions: [{ ...lowLoss, holds: (x) => lowLoss.holds(x) || objectiveOf(x.problem).logLossAndProxy(x.W).logProxy <= -Math.log(2 * x.problem.n) }],
    inputs: (relax) => lowLossInput(relax?.has('low-loss') ?? false),
    check(x) {
      const { logLoss, logProxy } = objectiveOf(x.problem).logLossAndProxy(x.W);
      return logLeq(logLoss, Math.log(C) + logProxy);
    },
    exact(x) {
      const ev = evaluateExact(x.problem.dataset, x.W);
      return [{ lhs: ev.logLoss, rhs: lnC(C).plus(ev.logProxy), relation: 'leq', log: true }];
    },
    runs: 250,
    confidence: 'medium',
    kind: 'exact-inequality',
    tight: false,
  };
}

export interface LemmaB2Params {
  readonly bNorm: BNorm;
}

export function lemmaB2(p: Partial<LemmaB2Params> = {}): Claim<PairInput> {
  const bNorm = p.bNorm ?? 1;
  return {
    id: 'fan2025/lemma-B.2',
    paper: 'fan2025',
    ref: 'Lemma B.2',
    title: 'Loss difference by G and the max-norm distance',
    statement: 'L(W) − L(W′) ≤ 2B G(W) ‖W − W′‖_max ≤ 2B ‖W − W′‖_max',
    assumptions: [bIsOneNormBound],
    inputs: (relax) => pairInput({ relaxB: relax?.has('B-bounds-1-norm') ?? false }),
    check(x) {
      const obj = objectiveOf(x.problem);
      const a = obj.logLossAndProxy(x.W);
      const b = obj.logLossAndProxy(x.Wp);
      const B = bNorm === 1 ? x.B : bOf(x.problem, bNorm);
      const logDist = Math.log(maxNorm(x.delta));
      if (a.logLoss <= b.logLoss) {
        return { ok: true, lhs: -Infinity, rhs: 0, ratio: 0, note: 'L(W) ≤ L(W′)' };
      }
      const logDiff = logSubExp(a.logLoss, b.logLoss);
      // L(W) − L(W′) is a difference of two rounded values: its relative error is up to
      // ~4ε·L(W)/(L(W) − L(W′)), which the log comparison must allow (and nothing more).
      const cancel = 4 * Number.EPSILON * Math.exp(a.logLoss - logDiff);
      const g = Math.log(2 * B) + a.logProxy + logDist;
      const pl = Math.log(2 * B) + logDist;
      const tol = (rhs: number) => 1e-12 + cancel / Math.max(1, Math.abs(rhs));
      return [logLeq(logDiff, g, 'G-weighted', tol(g)), logLeq(logDiff, pl, 'plain', tol(pl))];
    },
    exact(x) {
      const a = evaluateExact(x.problem.dataset, x.W);
      const b = evaluateExact(x.problem.dataset, x.Wp);
      const B = bOfExact(x.problem, bNorm === 1 ? x.bNorm : bNorm);
      // Both forms of the float check's outcome (it branches on the float L(W) ≤ L(W′)).
      const noDrop: ExactSides = a.loss.lte(b.loss) ? { lhs: new Exact(-Infinity), rhs: new Exact(0), relation: 'leq', log: true } : { lhs: new Exact(1), rhs: new Exact(0), relation: 'leq', log: true };
      const logDiff = a.loss.lte(b.loss) ? new Exact(-Infinity) : ln(a.loss.minus(b.loss));
      const pl = ln(dec(2).times(B)).plus(ln(maxDistExact(x.W, x.Wp)));
      return [
        noDrop,
        { part: 'G-weighted', lhs: logDiff, rhs: pl.plus(a.logProxy), relation: 'leq', log: true },
        { part: 'plain', lhs: logDiff, rhs: pl, relation: 'leq', log: true },
      ];
    },
    runs: 400,
    confidence: 'medium',
    kind: 'exact-inequality',
    tight: false,
  };
}

export interface LemmaB4Params {
  /** Threshold factor: the claim is L ≤ factor·log 2/n ⇒ separating (1 in the paper). */
  readonly factor: number;
}

export function lemmaB4(p: Partial<LemmaB4Params> = {}): Claim<PointInput> {
  const f = p.factor ?? 1;
  const assumption: Assumption<PointInput> = {
    id: 'low-loss',
    statement: `L(W) ≤ ${f === 1 ? '' : `${f}·`}log 2 / n`,
    holds: (x) => objectiveOf(x.problem).logLossAndProxy(x.W).logLoss <= Math.log((f * Math.LN2) / x.problem.n),
  };
  return {
    id: 'fan2025/lemma-B.4',
    paper: 'fan2025',
    ref: 'Lemma B.4',
    title: 'Low loss implies separation',
    statement: `L(W) ≤ ${f === 1 ? '' : `${f}·`}log 2/n ⇒ (e_{y_i} − e_c)ᵀ W x_i ≥ 0 for all i, c ≠ y_i`,
    assumptions: [assumption],
    inputs: (relax) =>
      relax?.has('low-loss') || f !== 1
        ? lowLossInput(true).filter((x) => relax?.has('low-loss') === true || assumption.holds(x))
        : lowLossInput(false),
    check(x) {
      const m = minMargin(x.problem.dataset, x.W);
      // The boundary is attained (k = 2, n = 1, m = 0 gives L = log 2): ≥ 0 up to rounding.
      const tol = 1e-12 * maxNorm(x.W) * x.problem.B;
      return { ok: m >= -tol, lhs: -m, rhs: tol, ratio: NaN, note: `min margin ${m}` };
    },
    exact(x) {
      // min margin ≥ 0 exactly; the scale is the float check's (the magnitude of a margin's terms).
      return [{ lhs: minMarginExact(x.problem.dataset, matrixExact(x.W)).neg(), rhs: new Exact(0), relation: 'leq', scale: maxNormExact(x.W).times(dec(x.problem.B)) }];
    },
    runs: 250,
    confidence: 'high',
    // The boundary is attained (a separate test), but the claim has no constant to lower.
    kind: 'exact-inequality',
    tight: false,
  };
}

export interface Lemma51Params {
  readonly constant: number;
  readonly bNorm: BNorm;
}

export function lemma51(p: Partial<Lemma51Params> = {}): Claim<PairInput> {
  const C = p.constant ?? 2;
  const bNorm = p.bNorm ?? 1;
  return {
    id: 'fan2025/lemma-5.1',
    paper: 'fan2025',
    ref: 'Lemma 5.1 = B.5',
    title: 'Ratio of G',
    statement: `G(W′)/G(W) ≤ exp(${C} B ‖W′ − W‖_max)`,
    assumptions: [bIsOneNormBound],
    inputs: (relax) => pairInput({ relaxB: relax?.has('B-bounds-1-norm') ?? false }),
    check(x) {
      const obj = objectiveOf(x.problem);
      const B = bNorm === 1 ? x.B : bOf(x.problem, bNorm);
      const g = obj.logLossAndProxy(x.W).logProxy;
      const gp = obj.logLossAndProxy(x.Wp).logProxy;
      return logLeq(gp, g + C * B * maxNorm(x.delta));
    },
    exact(x) {
      const B = bOfExact(x.problem, bNorm === 1 ? x.bNorm : bNorm);
      const g = evaluateExact(x.problem.dataset, x.W).logProxy;
      const gp = evaluateExact(x.problem.dataset, x.Wp).logProxy;
      return [{ lhs: gp, rhs: g.plus(dec(C).times(B).times(maxDistExact(x.W, x.Wp))), relation: 'leq', log: true }];
    },
    runs: 400,
    confidence: 'high',
    kind: 'exact-inequality',
    tight: true,
  };
}

export const section4 = (): Claim<unknown>[] =>
  [lemma41(), lemma43i(), lemma43ii(), lemma43iii(), lemmaB2(), lemmaB4(), lemma51()];
