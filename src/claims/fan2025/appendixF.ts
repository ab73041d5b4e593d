/**
 * Fan, Schmidt, Thrampoulidis (2025), Appendix F: other multiclass losses, the multiclass
 * exponential loss and PairLogLoss, with their proxies (THEOREMS.md §7).
 */
import fc from 'fast-check';
import { logitsFromSpec, simplexSpec } from '../../arbitraries/simplexPoint.js';
import { maxNorm } from '../../linalg/norms.js';
import { LOSSES, type LossName } from '../../losses/index.js';
import { minMargin } from '../../losses/objective.js';
import { logLeq } from '../outcome.js';
import { bOfExact, gammaOrZero, logGradNorm, lowLossInput, objectiveOf, pairInput, pointInput, type PairInput, type PointInput } from '../inputs.js';
import type { Assumption, Claim } from '../types.js';
import { dec, ln, maxOf } from '../../exact/decimal.js';
import { evaluateExact, sampleExact, sampleHessianFormExact } from '../../exact/objective.js';
import { vectorNormExact } from '../../exact/norms.js';
import { maxDistExact } from './section4.js';
import { bIsOneNormBound, separable } from './section4.js';

type OtherLoss = 'exp' | 'pll';
const NAMES: Record<OtherLoss, string> = { exp: 'exponential loss', pll: 'PairLogLoss' };

export function sandwichF(loss: OtherLoss, p: { constant?: number } = {}): Claim<PointInput> {
  const C = p.constant ?? 2;
  return {
    id: `fan2025/app-F-sandwich-${loss}`,
    paper: 'fan2025',
    ref: 'App. F (B.1 analogue)',
    title: `Gradient-norm sandwich, ${NAMES[loss]}`,
    statement: `γ G(W) ≤ ‖∇L(W)‖_1 ≤ ${C}B G(W) for the ${NAMES[loss]} and its proxy G`,
    assumptions: [separable, bIsOneNormBound],
    inputs: (relax) => pointInput({ relaxB: relax?.has('B-bounds-1-norm') ?? false }),
    check(x) {
      const ev = objectiveOf(x.problem, loss).evaluate(x.W);
      const l1 = logGradNorm(ev.gradient.logAbs, 1);
      return [logLeq(Math.log(gammaOrZero(x.problem)) + ev.logProxy, l1, 'lower'), logLeq(l1, Math.log(C * x.B) + ev.logProxy, 'upper')];
    },
    exact(x) {
      const ev = evaluateExact(x.problem.dataset, x.W, loss);
      const l1 = ln(vectorNormExact(ev.gradient, 1));
      return [
        { part: 'lower', lhs: ln(dec(gammaOrZero(x.problem))).plus(ev.logProxy), rhs: l1, relation: 'leq', log: true },
        { part: 'upper', lhs: l1, rhs: ln(dec(C)).plus(ln(bOfExact(x.problem, x.bNorm))).plus(ev.logProxy), relation: 'leq', log: true },
      ];
    },
    runs: 250,
    confidence: 'medium',
    kind: 'exact-inequality',
    tight: true,
  };
}

/** One sample's logits v, label y and a direction u (per-sample Hessian bound). */
export interface SampleInput {
  readonly v: Float64Array;
  readonly y: number;
  readonly u: Float64Array;
}

function sampleInput(): fc.Arbitrary<SampleInput> {
  const K = 8;
  return fc
    .record({
      spec: simplexSpec({ maxK: K }),
      y: fc.nat({ max: K - 1 }),
      uKind: fc.constantFrom('adversarial', 'signs', 'real'),
      signs: fc.array(fc.constantFrom(1, -1), { minLength: K, maxLength: K }),
      reals: fc.array(fc.double({ min: -3, max: 3, noNaN: true }), { minLength: K, maxLength: K }),
      flip: fc.boolean(),
    })
    .map(({ spec, y, uKind, signs, reals, flip }) => {
      const z = logitsFromSpec(spec);
      const v = flip ? z.map((t) => -t) : z; // −z puts the mass away from the vertex: well-classified y
      const k = v.length;
      const yy = y % k;
      const u = uKind === 'adversarial' ? Float64Array.from({ length: k }, (_, j) => (j === yy ? 1 : -1)) : Float64Array.from((uKind === 'signs' ? signs : reals).slice(0, k));
      return { v, y: yy, u };
    });
}

export function hessianF(loss: OtherLoss, p: { constant?: number } = {}): Claim<SampleInput> {
  const C = p.constant ?? 4;
  return {
    id: `fan2025/app-F-hessian-${loss}`,
    paper: 'fan2025',
    ref: 'App. F (Lemma 4.2 analogue)',
    title: `Per-sample Hessian bound, ${NAMES[loss]}`,
    statement: `uᵀ∇²_v ℓ(v, y) u ≤ ${C}‖u‖_∞² G_i(v) for the ${NAMES[loss]}`,
    assumptions: [],
    inputs: () => sampleInput(),
    check({ v, y, u }) {
      const k = v.length;
      const logA = new Float64Array(k);
      LOSSES[loss].sample(v, 0, k, y, logA);
      const h = LOSSES[loss].logHessianForm(v, 0, k, y, logA, u);
      const umax = Math.max(...Array.from(u, Math.abs));
      return logLeq(h, Math.log(C) + 2 * Math.log(umax) + logA[y]!);
    },
    exact({ v, y, u }) {
      const vs = Array.from(v, dec);
      const us = Array.from(u, dec);
      const umax = maxOf(us.map((x) => x.abs()));
      const G = sampleExact(loss, vs, y).proxy;
      return [{ lhs: ln(sampleHessianFormExact(loss, vs, y, us)), rhs: ln(dec(C)).plus(ln(umax).times(2)).plus(ln(G)), relation: 'leq', log: true }];
    },
    runs: 1000,
    confidence: 'medium',
    kind: 'exact-inequality',
    tight: true,
  };
}

export function ratioF(loss: OtherLoss, p: { constant?: number } = {}): Claim<PairInput> {
  const C = p.constant ?? 2;
  return {
    id: `fan2025/app-F-ratio-${loss}`,
    paper: 'fan2025',
    ref: 'App. F (Lemma 5.1 analogue)',
    title: `Ratio of G, ${NAMES[loss]}`,
    statement: `G(W′)/G(W) ≤ exp(${C}B‖W′ − W‖_max) for the ${NAMES[loss]}`,
    assumptions: [bIsOneNormBound],
    inputs: (relax) => pairInput({ relaxB: relax?.has('B-bounds-1-norm') ?? false }),
    check(x) {
      const obj = objectiveOf(x.problem, loss);
      return logLeq(obj.logLossAndProxy(x.Wp).logProxy, obj.logLossAndProxy(x.W).logProxy + C * x.B * maxNorm(x.delta));
    },
    exact(x) {
      const g = evaluateExact(x.problem.dataset, x.W, loss).logProxy;
      const gp = evaluateExact(x.problem.dataset, x.Wp, loss).logProxy;
      return [{ lhs: gp, rhs: g.plus(dec(C).times(bOfExact(x.problem, x.bNorm)).times(maxDistExact(x.W, x.Wp))), relation: 'leq', log: true }];
    },
    runs: 400,
    confidence: 'medium',
    kind: 'exact-inequality',
    tight: true,
  };
}

export function proxyBelowLossPLL(p: { factor?: number } = {}): Claim<PointInput> {
  const f = p.factor ?? 1;
  return {
    id: 'fan2025/app-F-G-le-L-pll',
    paper: 'fan2025',
    ref: 'App. F (B.3 (i) analogue, upper)',
    title: 'G ≤ L, PairLogLoss',
    statement: `G_PLL(W) ≤ ${f === 1 ? '' : `${f}·`}L_PLL(W) (σ(z) ≤ log(1 + e^z))`,
    assumptions: [],
    inputs: () => pointInput(),
    check(x) {
      const { logLoss, logProxy } = objectiveOf(x.problem, 'pll').logLossAndProxy(x.W);
      return logLeq(logProxy, Math.log(f) + logLoss);
    },
    exact(x) {
      const ev = evaluateExact(x.problem.dataset, x.W, 'pll');
      return [{ lhs: ev.logProxy, rhs: ln(dec(f)).plus(ev.logLoss), relation: 'leq', log: true }];
    },
    runs: 400,
    confidence: 'medium',
    kind: 'exact-inequality',
    tight: true,
  };
}

const marginsNonNegative: Assumption<PointInput> = {
  id: 'margins-nonnegative',
  statement: 'every margin (e_{y_i} − e_c)ᵀ W x_i ≥ 0',
  holds: (x) => minMargin(x.problem.dataset, x.W) >= 0,
};

export function lossBelowTwiceProxyPLL(p: { constant?: number } = {}): Claim<PointInput> {
  const C = p.constant ?? 2;
  return {
    id: 'fan2025/app-F-L-le-2G-pll',
    paper: 'fan2025',
    ref: 'App. F (B.3 (ii) analogue)',
    title: 'L ≤ 2G on separating W, PairLogLoss',
    statement: `all margins ≥ 0 ⇒ L_PLL(W) ≤ ${C} G_PLL(W)`,
    assumptions: [marginsNonNegative],
    inputs: (relax) => lowLossInput(relax?.has('margins-nonnegative') ?? false),
    check(x) {
      const { logLoss, logProxy } = objectiveOf(x.problem, 'pll').logLossAndProxy(x.W);
      return logLeq(logLoss, Math.log(C) + logProxy);
    },
    exact(x) {
      const ev = evaluateExact(x.problem.dataset, x.W, 'pll');
      return [{ lhs: ev.logLoss, rhs: ln(dec(C)).plus(ev.logProxy), relation: 'leq', log: true }];
    },
    runs: 250,
    confidence: 'medium',
    kind: 'exact-inequality',
    tight: false,
  };
}

export const appendixF = (): Claim<unknown>[] =>
  [
    sandwichF('exp'),
    sandwichF('pll'),
    hessianF('exp'),
    hessianF('pll'),
    ratioF('exp'),
    ratioF('pll'),
    proxyBelowLossPLL(),
    lossBelowTwiceProxyPLL(),
  ];

