import { entrywiseNorm } from '../../linalg/norms.js';
import type { Matrix } from '../../linalg/matrix.js';
import { minMargin, type Evaluation } from '../../losses/objective.js';
import type { ExactMoments } from '../../optimizers/types.js';
import type { Schedule } from '../../optimizers/schedule.js';
import type { StepContext, StepHook } from '../../trajectory/run.js';
import { logLeq, leq } from '../outcome.js';
import { stepTolerance } from '../rounding.js';
import type { Precision } from '../../optimizers/types.js';
import type { CheckOutcome, ExactSides } from '../types.js';
import type { LossName } from '../../losses/permLoss.js';
import { dec, sum } from '../../exact/decimal.js';
import { entrywiseNormExact } from '../../exact/norms.js';
import { descentSidesExact } from './section5.js';

/**
 * Per-step checks of the trajectory claims (THEOREMS.md §8). Each hook keeps the worst
 * outcome it saw (the first failing one, else the one closest to its bound) and the step.
 */
export interface CheckingHook<S = unknown> extends StepHook<S> {
  outcomes(): CheckOutcome[];
  /**
   * The kept failing outcomes' sides in high precision, on the float iterates of their step
   * (certification, issue #10); absent for a hook whose checks have no exact evaluator.
   */
  exactSides?(): ExactSides[];
}

/**
 * Keeps, per part, the first failure or else the largest ratio. A failing outcome may come with
 * `exact`, its sides in high precision on that step's iterates (evaluated only when asked).
 */
class Worst {
  private readonly parts = new Map<string, { o: CheckOutcome; exact?: () => ExactSides }>();
  see(o: CheckOutcome, t: number, exact?: () => ExactSides): void {
    const part = o.part ?? '';
    const cur = this.parts.get(part);
    const tagged = { o: { ...o, note: `${o.note ? o.note + '; ' : ''}step ${t}` }, ...(!o.ok && exact ? { exact } : {}) };
    if (!cur) this.parts.set(part, tagged);
    else if (cur.o.ok && (!o.ok || (Number.isFinite(o.ratio) && !(o.ratio <= cur.o.ratio)))) this.parts.set(part, tagged);
  }
  list(): CheckOutcome[] {
    return [...this.parts.values()].map((x) => x.o);
  }
  exactSides(): ExactSides[] {
    return [...this.parts.values()].flatMap((x) => (x.exact ? [x.exact()] : []));
  }
}

/** Remembers the previous step's evaluation, so a hook can compare L(W_{t+1}) with L(W_t). */
abstract class ConsecutiveHook<S> implements CheckingHook<S> {
  protected readonly worst = new Worst();
  private prev: { t: number; ev: Evaluation; W: Matrix } | null = null;
  onStep(ctx: StepContext<S>): void {
    if (this.prev) this.compare(this.prev, ctx);
    this.prev = { t: ctx.t, ev: ctx.ev, W: ctx.W };
  }
  protected abstract compare(prev: { t: number; ev: Evaluation; W: Matrix }, cur: StepContext<S>): void;
  outcomes(): CheckOutcome[] {
    return this.worst.list();
  }
  exactSides(): ExactSides[] {
    return this.worst.exactSides();
  }
}

/**
 * (8) along the run: L(W_{t+1}) ≤ L(W_t) − η_t(γ − αη_t)G(W_t), α = 2B²e^{2Bη₀}, and monotone
 * descent L_{t+1} ≤ L_t at every step with η_t < γ/α (Lemma C.1's consequence).
 */
export class DescentHook<S> extends ConsecutiveHook<S> {
  constructor(
    private readonly schedule: Schedule,
    private readonly gamma: number,
    private readonly alpha: number,
    private readonly loss: LossName = 'ce',
  ) {
    super();
  }
  protected compare(prev: { t: number; ev: Evaluation; W: Matrix }, cur: StepContext<S>): void {
    const eta = this.schedule(prev.t);
    const f = -eta * (this.gamma - this.alpha * eta) * Math.exp(prev.ev.logProxy - prev.ev.logLoss);
    const rhs = f > -1 ? prev.ev.logLoss + Math.log1p(f) : -Infinity;
    const ds = cur.problem.dataset;
    // Certification: the step inequality on the float iterates W_t, W_{t+1}, with the float γ, α
    // and η_t the check used as its (exact binary) inputs.
    const exact8 = (): ExactSides => descentSidesExact(ds, prev.W, cur.W, eta, dec(this.gamma), dec(this.alpha), '(8)', this.loss);
    this.worst.see(logLeq(cur.ev.logLoss, rhs, '(8)'), prev.t, exact8);
    if (eta < this.gamma / this.alpha) {
      // Monotone descent is (8) with γ = α = 0: log L(W_{t+1}) ≤ log L(W_t).
      const monotone = (): ExactSides => descentSidesExact(ds, prev.W, cur.W, eta, dec(0), dec(0), 'monotone after t₀', this.loss);
      this.worst.see(logLeq(cur.ev.logLoss, prev.ev.logLoss, 'monotone after t₀'), prev.t, monotone);
    }
  }
}

/**
 * (9) = Lemma 5.2: from t₀, the first step of a stretch with L ≤ log 2/n throughout,
 * m(W_t) ≥ γ Σ_{s=t₀}^{t−1} η_s G_s/L_s − α Σ η_s² − log(2nL(W_{t₀})). Checked at checkpoint
 * steps (a margin costs n·k·d). The stretch restarts if L climbs back above log 2/n.
 */
export class MarginLowerBoundHook<S> implements CheckingHook<S> {
  /** Reads W_t and its evaluation during the call only (its outcomes keep numbers, not iterates). */
  readonly transient = true;
  private readonly worst = new Worst();
  private t0: number | null = null;
  private logL0 = 0;
  private sumA = 0;
  private sumEta2 = 0;
  constructor(
    private readonly schedule: Schedule,
    private readonly gamma: number,
    private readonly alpha: number,
    private readonly n: number,
    private readonly at: ReadonlySet<number>,
  ) {}
  onStep(ctx: StepContext<S>): void {
    const { t, ev } = ctx;
    if (ev.logLoss > Math.log(Math.LN2 / this.n)) {
      this.t0 = null;
      return;
    }
    if (this.t0 === null) {
      this.t0 = t;
      this.logL0 = ev.logLoss;
      this.sumA = 0;
      this.sumEta2 = 0;
    } else if (this.at.has(t)) {
      const rhs = this.gamma * this.sumA - this.alpha * this.sumEta2 - (Math.log(2 * this.n) + this.logL0);
      const m = minMargin(ctx.problem.dataset, ctx.W);
      this.worst.see({ ...leq(rhs, m, '(9)', 1e-12, 1e-12 * Math.abs(m)), note: `t₀ = ${this.t0}` }, t);
    }
    const eta = this.schedule(t);
    this.sumA += eta * Math.exp(ev.logProxy - ev.logLoss);
    this.sumEta2 += eta * eta;
  }
  outcomes(): CheckOutcome[] {
    return this.worst.list();
  }
}

/** Lemma C.3: ‖W_t‖_p ≤ ‖W_0‖_p + Σ_{s<t} η_s (each NSD step has unit p-norm). */
export class NormGrowthHook<S> implements CheckingHook<S> {
  private readonly worst = new Worst();
  private sum = 0;
  private w0 = NaN;
  private W0: Matrix | null = null;
  constructor(
    private readonly schedule: Schedule,
    private readonly p: number,
    /** The optimizer's arithmetic: a float32 one steps by η_t(1 + δ) (src/claims/rounding.ts). */
    private readonly precision: Precision = 'log-domain',
  ) {}
  onStep(ctx: StepContext<S>): void {
    if (Number.isNaN(this.w0)) {
      this.w0 = entrywiseNorm(ctx.W, this.p);
      this.W0 = ctx.W;
    } else {
      const { W, t } = ctx;
      // Certification: ‖W_t‖_p and ‖W_0‖_p + Σ_{s<t} η_s (the float η_s) in high precision.
      const exact = (): ExactSides => ({
        part: 'C.3',
        lhs: entrywiseNormExact(W, this.p),
        rhs: entrywiseNormExact(this.W0!, this.p).plus(sum(Array.from({ length: t }, (_, s) => dec(this.schedule(s))))),
        relation: 'leq',
      });
      this.worst.see(leq(entrywiseNorm(W, this.p), this.w0 + this.sum, 'C.3', stepTolerance(this.precision, W.data.length)), t, exact);
    }
    this.sum += this.schedule(ctx.t);
  }
  outcomes(): CheckOutcome[] {
    return this.worst.list();
  }
  exactSides(): ExactSides[] {
    return this.worst.exactSides();
  }
}

/**
 * Adam along the run (D-Adam with ε = 0, no bias correction), its moments m_t, v_t read through
 * the optimizer's `moments` accessor from the state after step t:
 * - D.1: |m_t| ≤ α_D1 √v_t entrywise, so ‖W_{t+1} − W_t‖_max ≤ α_D1 η_t;
 * - v_t ≤ max_{τ≤t} g_τ² entrywise and ≤ 4B² max_{τ≤t} G_τ² (the v-control of D.7).
 * A NaN moment entry fails D.1 (it is no bounded ratio).
 */
export class AdamMomentHook<S> implements CheckingHook<S> {
  /** Reads the moments and the gradient during the call only. */
  readonly transient = true;
  private readonly worst = new Worst();
  private maxLogG2: Float64Array | null = null;
  private maxLogProxy = -Infinity;
  constructor(
    private readonly moments: (state: S) => ExactMoments,
    private readonly alphaD1: number,
    private readonly B: number,
  ) {}
  onStep(ctx: StepContext<S>): void {
    const { m, logV } = this.moments(ctx.state);
    const g = ctx.ev.gradient;
    if (!this.maxLogG2) this.maxLogG2 = new Float64Array(logV.length).fill(-Infinity);
    this.maxLogProxy = Math.max(this.maxLogProxy, ctx.ev.logProxy);
    let worstD1 = -Infinity;
    let worstPast = -Infinity;
    let maxLogV = -Infinity;
    for (let e = 0; e < logV.length; e++) {
      this.maxLogG2[e] = Math.max(this.maxLogG2[e]!, 2 * g.logAbs[e]!);
      if (m.sign[e] !== 0 || Number.isNaN(m.log[e]!)) worstD1 = Math.max(worstD1, m.log[e]! - 0.5 * logV[e]!);
      worstPast = Math.max(worstPast, logV[e]! - this.maxLogG2[e]!);
      maxLogV = Math.max(maxLogV, logV[e]!);
    }
    this.worst.see(logLeq(worstD1, Math.log(this.alphaD1), 'D.1 |m/√v| ≤ α_D1'), ctx.t);
    if (worstPast > -Infinity) this.worst.see(logLeq(worstPast, 0, 'v ≤ max past g²'), ctx.t);
    this.worst.see(logLeq(maxLogV, Math.log(4 * this.B * this.B) + 2 * this.maxLogProxy, 'v ≤ 4B² max G²'), ctx.t);
  }
  outcomes(): CheckOutcome[] {
    return this.worst.list();
  }
}

/** L(W_{t+1}) ≤ L(W_t) for every t ≥ fromStep (eventual descent). */
export class EventualDescentHook<S> extends ConsecutiveHook<S> {
  constructor(private readonly fromStep: number) {
    super();
  }
  protected compare(prev: { t: number; ev: Evaluation; W: Matrix }, cur: StepContext<S>): void {
    const ds = cur.problem.dataset;
    const exact = (): ExactSides => descentSidesExact(ds, prev.W, cur.W, 0, dec(0), dec(0), 'descent', 'ce');
    if (prev.t >= this.fromStep) this.worst.see(logLeq(cur.ev.logLoss, prev.ev.logLoss, 'descent'), prev.t, exact);
  }
}
