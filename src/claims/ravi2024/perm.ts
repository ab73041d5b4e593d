/**
 * Ravi, Scott, Soudry, Wang (2024): PERM losses and the multiclass exponential tail
 * (THEOREMS.md §10 R-PERM, R-templates, R-ET). Note P2 writes W as d×K; here W is k×d.
 */
import fc from 'fast-check';
import { ALL_LOSSES, type LossName, type PermLoss } from '../../losses/index.js';
import { logSubExp, logSumExp } from '../../numerics/logspace.js';
import { equal, leq, logLeq } from '../outcome.js';
import { printable } from '../inputs.js';
import type { Assumption, CheckOutcome, Claim, ExactSides } from '../types.js';
import { dec, Exact, expm1, ln, sum, type Dec } from '../../exact/decimal.js';
import { logSampleWeightsExact, sampleHessianFormExact } from '../../exact/objective.js';

type EtLoss = 'ce' | 'exp' | 'pll';
const ET_LOSSES: readonly EtLoss[] = ['ce', 'exp', 'pll'];

/** Relative margins z ∈ R^{K−1} (with a label y, a permutation, a direction u and a second point). */
export interface TemplateInput {
  readonly loss: PermLoss;
  readonly K: number;
  readonly y: number;
  readonly z: Float64Array;
  readonly z2: Float64Array;
  readonly u: Float64Array;
  /** A permutation of 0..K−1 (for equivariance) — its restriction permutes z's slots. */
  readonly perm: readonly number[];
  readonly regime: string;
}

const REGIMES = ['mixed', 'positive', 'large', 'near-zero', 'huge', 'pair-low'] as const;

function scaleFor(regime: (typeof REGIMES)[number], r: number): number {
  switch (regime) {
    case 'mixed':
      return 30 * (2 * r - 1);
    case 'positive':
      return 30 * r;
    case 'large':
      return 40 + 960 * r;
    case 'near-zero':
      return 1e-3 * (2 * r - 1);
    case 'huge':
      return 1000 + 4000 * r;
    case 'pair-low':
      return 30 * r; // slots 0 and 1 are then set equal and low (see templateInput)
  }
}

/** Templates inputs; `positive` forces z ≥ 0 (the orthant of the ET lower envelope). */
export function templateInput(losses: readonly PermLoss[], o: { positive?: boolean; maxMagnitude?: number } = {}): fc.Arbitrary<TemplateInput> {
  const KMAX = 8;
  const unit = fc.double({ min: 0, max: 1, noNaN: true });
  return fc
    .record({
      li: fc.nat({ max: losses.length - 1 }),
      K: fc.integer({ min: 2, max: KMAX }),
      y: fc.nat({ max: KMAX - 1 }),
      regime: fc.constantFrom(...REGIMES),
      r: fc.array(unit, { minLength: KMAX, maxLength: KMAX }),
      r2: fc.array(unit, { minLength: KMAX, maxLength: KMAX }),
      u: fc.oneof(
        fc.array(fc.double({ min: -1, max: 1, noNaN: true }), { minLength: KMAX, maxLength: KMAX }),
        fc.constant(Array.from({ length: KMAX }, (_, j) => (j === 0 ? 1 : j === 1 ? -1 : 0))),
      ),
      keys: fc.array(fc.double({ min: 0, max: 1, noNaN: true }), { minLength: KMAX, maxLength: KMAX }),
    })
    .map(({ li, K, y, regime, r, r2, u, keys }) => {
      const reg = o.positive && (regime === 'mixed' || regime === 'near-zero' || regime === 'pair-low') ? 'positive' : regime;
      const cap = o.maxMagnitude ?? Infinity;
      const mk = (rs: number[]) => {
        const z = Float64Array.from(rs.slice(0, K - 1), (x) => Math.max(-cap, Math.min(cap, scaleFor(reg, x))));
        // two equal, very negative margins: softmax mass (½, ½) on two wrong classes, where the
        // CE Hessian reaches its largest eigenvalue ½ along u = e_0 − e_1
        if (reg === 'pair-low' && z.length >= 2) z[0] = z[1] = -5 - 25 * rs[0]!;
        return z;
      };
      const perm = Array.from({ length: K }, (_, i) => i).sort((a, b) => keys[a]! - keys[b]! || a - b);
      return printable(
        { loss: losses[li]!, K, y: y % K, z: mk(r), z2: mk(r2), u: Float64Array.from(u.slice(0, K - 1)), perm, regime: reg },
        () => `{ loss: ${losses[li]!.name}, K: ${K}, y: ${y % K}, regime: ${reg}, z: [${mk(r).join(', ')}] }`,
      );
    });
}

/** Logits v with v_y = 0 and D_y v = z (so ℓ(v, y) = ψ(z)). */
export function logitsFor(K: number, y: number, z: ArrayLike<number>): Float64Array {
  const v = new Float64Array(K);
  for (let c = 0, j = 0; c < K; c++) if (c !== y) v[c] = -z[j++]!;
  return v;
}

/** log(−∂_jψ(z)) for every slot j in high precision (the log weights at logitsFor(z), y = 0). */
export function logNegTemplateGradientExact(loss: PermLoss, z: ArrayLike<number>): Dec[] {
  const v = Array.from(logitsFor(z.length + 1, 0, z), dec);
  return logSampleWeightsExact(loss.name, v, 0).slice(1);
}

/** log(−∂_jψ(z)) for every slot j, exactly (via the loss's log weights at logitsFor(z)). */
export function logNegTemplateGradient(loss: PermLoss, z: ArrayLike<number>): Float64Array {
  const K = z.length + 1;
  const v = logitsFor(K, 0, z);
  const logA = new Float64Array(K);
  loss.sample(v, 0, K, 0, logA);
  return logA.subarray(1);
}

const lossesOf = (names: readonly LossName[]): PermLoss[] => names.map((n) => ALL_LOSSES[n]);

export function permEquivariance(p: { losses?: readonly PermLoss[] } = {}): Claim<TemplateInput> {
  const losses = p.losses ?? lossesOf(ET_LOSSES);
  return {
    id: 'ravi2024/perm-equivariance',
    paper: 'ravi2024',
    ref: 'Sec. 2 (PERM), Wang & Scott 2024',
    title: 'Permutation equivariance',
    statement: 'ℒ(πv) = πℒ(v) for every permutation π: ℒ_i(πv) = ℒ_{π(i)}(v), for CE, multiclass exponential and PairLogLoss',
    assumptions: [],
    inputs: () => templateInput(losses, { maxMagnitude: 700 }),
    check({ loss, K, z, perm }) {
      const v = logitsFor(K, 0, z);
      const pv = Float64Array.from(perm, (j) => v[j]!);
      const la = new Float64Array(K);
      const out: CheckOutcome[] = [];
      for (let i = 0; i < K; i++) {
        const a = loss.sample(pv, 0, K, i, la);
        const b = loss.sample(v, 0, K, perm[i]!, la);
        out.push(equal(a, b, `class ${i}`, 1e-12, 1));
      }
      return out;
    },
    runs: 300,
    confidence: 'high',
    kind: 'exact-inequality',
    tight: false,
  };
}

export function relativeMarginForm(p: { losses?: readonly PermLoss[] } = {}): Claim<TemplateInput> {
  const losses = p.losses ?? lossesOf(ET_LOSSES);
  return {
    id: 'ravi2024/relative-margin',
    paper: 'ravi2024',
    ref: 'Sec. 2 (relative-margin form)',
    title: 'Relative-margin form ℒ_y(v) = ψ(D_y v)',
    statement: 'ℒ_y(v) = ψ(D_y v), D_y v = (v_y − v_j)_{j≠y}, with the templates CE log(1 + Σe^{−z_j}), exp Σe^{−z_j}, PLL Σlog(1 + e^{−z_j})',
    assumptions: [],
    inputs: () => templateInput(losses, { maxMagnitude: 600 }),
    check({ loss, K, y, z }) {
      // Any logits with D_y v = z: shift by an arbitrary common offset (relative margins only).
      const v = logitsFor(K, y, z).map((x) => x + 3.25);
      const la = new Float64Array(K);
      const lhs = Math.exp(loss.sample(v, 0, K, y, la));
      return equal(lhs, loss.template(z), undefined, 1e-12, 1e-300);
    },
    runs: 300,
    confidence: 'high',
    kind: 'exact-inequality',
    tight: false,
  };
}

export function templateProperties(p: { losses?: readonly PermLoss[] } = {}): Claim<TemplateInput> {
  const losses = p.losses ?? lossesOf(ET_LOSSES);
  return {
    id: 'ravi2024/template-properties',
    paper: 'ravi2024',
    ref: 'Thm 3.4 assumptions (template)',
    title: 'Template: symmetric, convex, strictly decreasing, non-negative',
    statement: 'ψ(πz) = ψ(z); ψ((z+z′)/2) ≤ (ψ(z)+ψ(z′))/2; −∂_jψ(z) > 0; ψ(z) ≥ 0',
    assumptions: [],
    inputs: () => templateInput(losses, { maxMagnitude: 600 }),
    check({ loss, z, z2, perm }) {
      const slots = perm.filter((j) => j < z.length);
      const pz = Float64Array.from(slots, (j) => z[j]!);
      const mid = z.map((x, j) => (x + z2[j]!) / 2);
      const a = loss.template(z);
      const b = loss.template(z2);
      const g = logNegTemplateGradient(loss, z);
      return [
        equal(loss.template(pz), a, 'symmetric', 1e-12, 1e-300),
        leq(loss.template(mid), (a + b) / 2, 'convex (midpoint)', 1e-12, 1e-300),
        { ok: g.every((x) => x > -Infinity && !Number.isNaN(x)), lhs: Math.max(...g), rhs: NaN, ratio: NaN, part: 'strictly decreasing' },
        { ok: a >= 0, lhs: -a, rhs: 0, ratio: NaN, part: 'non-negative' },
      ];
    },
    runs: 300,
    confidence: 'high',
    kind: 'exact-inequality',
    tight: false,
  };
}

/** Smoothness constants of the templates (Euclidean): CE β = 1/2, PLL β = 1/4. */
export const SMOOTHNESS: Readonly<Record<'ce' | 'pll', number>> = { ce: 0.5, pll: 0.25 };

export function templateSmoothness(p: { beta?: Partial<Record<'ce' | 'pll', number>> } = {}): Claim<TemplateInput> {
  const beta = { ...SMOOTHNESS, ...p.beta };
  return {
    id: 'ravi2024/template-smooth',
    paper: 'ravi2024',
    ref: 'Thm 3.4 assumption (β-smooth)',
    title: 'Template smoothness with computed β',
    statement: `uᵀ∇²ψ(z)u ≤ β‖u‖² with β_CE = ${beta.ce}, β_PLL = ${beta.pll} (the exponential template is not globally smooth)`,
    assumptions: [],
    inputs: () => templateInput(lossesOf(['ce', 'pll'])),
    check({ loss, z, u }) {
      const K = z.length + 1;
      const v = logitsFor(K, 0, z);
      const la = new Float64Array(K);
      loss.sample(v, 0, K, 0, la);
      // The bound is homogeneous in u: test the unit vector (no underflow of ‖u‖²).
      const nu = Math.max(...Array.from(u, Math.abs));
      if (nu === 0) return { ok: true, lhs: 0, rhs: 0, ratio: NaN };
      const un = u.map((x) => x / nu);
      const n2 = un.reduce((s, x) => s + x * x, 0);
      const w = new Float64Array(K);
      for (let j = 0; j < z.length; j++) w[j + 1] = -un[j]!; // D_0 w = u
      return logLeq(loss.logHessianForm(v, 0, K, 0, la, w), Math.log(beta[loss.name as 'ce' | 'pll'] * n2));
    },
    exact({ loss, z, u }): ExactSides[] {
      const K = z.length + 1;
      const nu = Math.max(...Array.from(u, Math.abs));
      if (nu === 0) return [{ lhs: new Exact(0), rhs: new Exact(0), relation: 'leq', log: true }];
      // The same normalised float u the check uses (the bound is homogeneous in u).
      const un = Array.from(u, (x) => dec(x / nu));
      const w = [new Exact(0), ...un.map((x) => x.neg())];
      const v = Array.from(logitsFor(K, 0, z), dec);
      const n2 = sum(un.map((x) => x.times(x)));
      return [{ lhs: ln(sampleHessianFormExact(loss.name, v, 0, w)), rhs: ln(dec(beta[loss.name as 'ce' | 'pll']).times(n2)), relation: 'leq', log: true }];
    },
    runs: 500,
    confidence: 'high',
    kind: 'exact-inequality',
    tight: true,
  };
}

const positiveOrthant: Assumption<TemplateInput> = { id: 'positive-orthant', statement: 'z ≥ 0 (all relative margins non-negative)', holds: (x) => x.z.every((v) => v >= 0) };

export function etUpper(p: { losses?: readonly PermLoss[]; a?: number; c?: number } = {}): Claim<TemplateInput> {
  const losses = p.losses ?? lossesOf(ET_LOSSES);
  const a = p.a ?? 1;
  const logC = Math.log(p.c ?? 1);
  return {
    id: 'ravi2024/et-upper',
    paper: 'ravi2024',
    ref: 'Def. (multiclass exponential tail), upper envelope; Fig. 1',
    title: 'ET upper envelope',
    statement: `−∂_jψ(z) ≤ ${p.c ?? ''}e^{−${a === 1 ? '' : a}z_j} for every z ∈ R^{K−1} and j (c = ${p.c ?? 1}, a = ${a})`,
    assumptions: [],
    inputs: () => templateInput(losses),
    check({ loss, z }) {
      const g = logNegTemplateGradient(loss, z);
      return Array.from(g, (lg, j) => logLeq(lg, logC - a * z[j]!, `j = ${j}`));
    },
    exact({ loss, z }) {
      return logNegTemplateGradientExact(loss, z).map((lg, j): ExactSides => ({ part: `j = ${j}`, lhs: lg, rhs: ln(dec(p.c ?? 1)).minus(dec(a).times(dec(z[j]!))), relation: 'leq', log: true }));
    },
    runs: 500,
    confidence: 'medium',
    kind: 'exact-inequality',
    tight: true,
  };
}

export function etLower(p: { losses?: readonly PermLoss[]; a?: number } = {}): Claim<TemplateInput> {
  const losses = p.losses ?? lossesOf(ET_LOSSES);
  const a = p.a ?? 1;
  return {
    id: 'ravi2024/et-lower',
    paper: 'ravi2024',
    ref: 'Def. (multiclass exponential tail), lower envelope; Fig. 1',
    title: 'ET lower envelope on the positive orthant',
    statement: `(1 − Σ_l e^{−z_l}) e^{−${a === 1 ? '' : a}z_j} ≤ −∂_jψ(z) for z ≥ 0 (c = a = μ = 1)`,
    assumptions: [positiveOrthant],
    inputs: (relax) => templateInput(losses, { positive: !(relax?.has('positive-orthant') ?? false) }),
    check({ loss, z }) {
      const g = logNegTemplateGradient(loss, z);
      const lse = logSumExp(Array.from(z, (x) => -x));
      if (lse >= 0) return { ok: true, lhs: -Infinity, rhs: 0, ratio: 0, note: 'Σ e^{−z_l} ≥ 1: envelope ≤ 0' };
      const logFactor = logSubExp(0, lse);
      return Array.from(g, (lg, j) => logLeq(logFactor - a * z[j]!, lg, `j = ${j}`));
    },
    exact({ loss, z }) {
      // Both forms of the float check's outcome (it branches on the float Σ e^{−z_l} ≥ 1): the
      // envelope factor 1 − Σ e^{−z_l} ≤ 0 makes every lower bound hold (log factor −∞).
      // 1 − Σ e^{−z_l} = −expm1(−z_m) − Σ_{l≠m} e^{−z_l}, m = argmin z: no cancellation of
      // e^{−z_m} ≈ 1 against 1 when z_m is tiny (1 − e^{−1e−322} rounds to 0 at 60 digits).
      const m = Array.from(z).indexOf(Math.min(...z));
      const factor = expm1(dec(z[m]!).neg()).neg().minus(sum(Array.from(z).filter((_, l) => l !== m).map((x) => Exact.exp(dec(x).neg()))));
      const none = !factor.gt(0);
      const logFactor = none ? new Exact(-Infinity) : ln(factor);
      return [
        { lhs: none ? new Exact(-Infinity) : new Exact(1), rhs: new Exact(none ? 0 : -Infinity), relation: 'leq', log: true },
        ...logNegTemplateGradientExact(loss, z).map((lg, j): ExactSides => ({ part: `j = ${j}`, lhs: logFactor.minus(dec(a).times(dec(z[j]!))), rhs: lg, relation: 'leq', log: true })),
      ];
    },
    runs: 500,
    confidence: 'medium',
    kind: 'exact-inequality',
    tight: true,
  };
}

export const perm = (): Claim<unknown>[] =>
  [permEquivariance(), relativeMarginForm(), templateProperties(), templateSmoothness(), etUpper(), etLower()];
