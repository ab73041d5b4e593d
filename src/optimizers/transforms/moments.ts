import { ArgumentError } from '../../errors.js';
import { logAddExp } from '../../numerics/logspace.js';
import { emaSigned, emaSquares, zeroSigned } from '../logmoments.js';
import { inPlaceOf, type SignedLog } from '../types.js';
import { asFloat, fromSignedLog, toSignedLog, type InPlaceTransform, type LogUpdate, type Transform } from './types.js';

/**
 * One moment recursion of Adam, entry by entry in the log domain: the new moment from the
 * previous one and the incoming update u_t (count = number of updates seen before).
 */
export interface MomentRule<T> {
  init(n: number): T;
  update(prev: T, u: SignedLog, count: number): T;
  /**
   * Optional in-place form of `update` (`of`; used only while `rule.update === of`): the same
   * moment written into `out`, which may be `prev` itself.
   */
  readonly inPlace?: { readonly of: MomentRule<T>['update']; into(prev: T, u: SignedLog, count: number, out: T): void };
}

const copySigned = (x: SignedLog): SignedLog => ({ sign: x.sign.slice(), log: x.log.slice() });
const signedOf = (n: number): SignedLog => ({ sign: new Int8Array(n), log: new Float64Array(n) });

/** A moment carried along a stepper: `advance` returns the new moment (valid until the next call). */
interface Carried<T> {
  advance(g: SignedLog, count: number): T;
  /** The moment reached, a value no later step changes. */
  snapshot(): T;
}

/**
 * A rule's moment from `start` (never mutated): in a buffer of its own when the rule has an
 * in-place form, else as the values of its pure update (a planted rule), handed a copy of the
 * incoming update each step (a pure rule may keep what it is handed: m_t = u_t).
 */
function carry<T>(rule: MomentRule<T>, start: T, copy: (x: T) => T): Carried<T> {
  const form = inPlaceOf(rule);
  if (form) {
    const buf = copy(start);
    return {
      advance(g, count) {
        form.into(buf, g, count, buf);
        return buf;
      },
      snapshot: () => copy(buf),
    };
  }
  let cur = start;
  return { advance: (g, count) => (cur = rule.update(cur, copySigned(g), count)), snapshot: () => cur };
}

/** m_t = βm_{t−1} + (1 − β)u_t (signed logs; D-Adam (3a)), with its in-place form. */
export function emaMoment(beta: number): Required<MomentRule<SignedLog>> {
  const update = (m: SignedLog, u: SignedLog): SignedLog => emaSigned(m, u.sign, u.log, beta);
  return { init: zeroSigned, update, inPlace: { of: update, into: (m, u, _count, out) => void emaSigned(m, u.sign, u.log, beta, out) } };
}

/** log v_t = log(βv_{t−1} + (1 − β)u_t²) (D-Adam (3b)). */
export function emaSquaredMoment(beta: number): MomentRule<Float64Array> {
  const update = (logV: Float64Array, u: SignedLog): Float64Array => emaSquares(logV, u.log, beta);
  return { init: (n) => new Float64Array(n).fill(-Infinity), update, inPlace: { of: update, into: (logV, u, _count, out) => void emaSquares(logV, u.log, beta, out) } };
}


/** The first moment as a transform: the update is m_t itself (Signum's momentum). */
export function emaFirstMoment(beta: number): Transform<SignedLog> {
  if (!(beta >= 0 && beta < 1)) throw new ArgumentError(`EMA β must be in [0, 1), got ${beta}`);
  const rule = emaMoment(beta);
  const into = rule.inPlace.into;
  const update: Transform<SignedLog>['update'] = (u, m) => {
    const next = rule.update(m, toSignedLog(u), 0);
    return { updates: fromSignedLog(next), state: next };
  };
  const inPlace: InPlaceTransform<SignedLog> = {
    of: update,
    start(state, n) {
      const m = copySigned(state);
      const g = signedOf(n);
      const out: LogUpdate = { factor: new Float64Array(n), log: m.log };
      return {
        step(u) {
          into(m, toSignedLog(u, g), 0, m);
          asFloat(m.sign, out.factor);
          return out;
        },
        state: () => copySigned(m),
      };
    },
  };
  return { init: (params) => rule.init(params.data.length), update, inPlace };
}

export interface AdamScalingOptions {
  beta1?: number;
  beta2?: number;
  /** Stability constant (0 in the paper, D-Adam). */
  eps?: number;
  /** Divide m and v by 1 − β^{t+1} (off in the paper). */
  biasCorrection?: boolean;
  /** The first-moment recursion (default emaMoment(β₁)); planted faults swap in another. */
  firstMoment?: MomentRule<SignedLog>;
  /** The second-moment recursion (default emaSquaredMoment(β₂)). */
  secondMoment?: MomentRule<Float64Array>;
}

/** Adam's state: step count, first moment (signed logs) and log second moment, per entry. */
export interface AdamState {
  readonly t: number;
  readonly m: SignedLog;
  readonly logV: Float64Array;
}

/**
 * Adam's scaling (D-Adam (3a)–(3c) without the step): m_t and v_t from the incoming updates, the
 * update m_t/(√v_t + ε), with m and v divided by 1 − β^{t+1} under bias correction. Moments are
 * kept entry by entry in the log domain (exact at any loss level). An entry with m = v = 0 comes
 * out as factor 0 with log NaN (0/0), as the plain formula has it: `zeroGuard` makes it 0.
 */
export function scaleByAdam(o: AdamScalingOptions = {}): Transform<AdamState> {
  const beta1 = o.beta1 ?? 0.9;
  const beta2 = o.beta2 ?? 0.99;
  const eps = o.eps ?? 0;
  if (!(beta1 >= 0 && beta1 < 1) || !(beta2 >= 0 && beta2 < 1)) throw new ArgumentError(`Adam needs β₁, β₂ ∈ [0, 1), got ${beta1}, ${beta2}`);
  if (!(eps >= 0)) throw new ArgumentError(`Adam ε must be ≥ 0, got ${eps}`);
  const logEps = eps > 0 ? Math.log(eps) : -Infinity;
  const first = o.firstMoment ?? emaMoment(beta1);
  const second = o.secondMoment ?? emaSquaredMoment(beta2);
  /** log|m_t/(√v_t + ε)| (with the bias corrections at step `step`) into `out`. */
  const scaledLog = (m: SignedLog, logV: Float64Array, step: number, out: Float64Array): Float64Array => {
    const cm = o.biasCorrection ? -Math.log1p(-Math.pow(beta1, step + 1)) : 0;
    const cv = o.biasCorrection ? -Math.log1p(-Math.pow(beta2, step + 1)) : 0;
    for (let e = 0; e < out.length; e++) out[e] = m.log[e]! + cm - logAddExp(0.5 * (logV[e]! + cv), logEps);
    return out;
  };
  const update: Transform<AdamState>['update'] = (u, state) => {
    const g = toSignedLog(u);
    const step = state.t;
    const m = first.update(state.m, g, step);
    const logV = second.update(state.logV, g, step);
    const log = scaledLog(m, logV, step, new Float64Array(logV.length));
    return { updates: { factor: asFloat(m.sign), log }, state: { t: step + 1, m, logV } };
  };
  const inPlace: InPlaceTransform<AdamState> = {
    of: update,
    start(state, n) {
      let t = state.t;
      const m = carry(first, state.m, copySigned);
      const v = carry(second, state.logV, (x) => x.slice());
      const g = signedOf(n);
      const out = { factor: new Float64Array(n), log: new Float64Array(n) };
      return {
        step(u) {
          toSignedLog(u, g);
          const mt = m.advance(g, t);
          scaledLog(mt, v.advance(g, t), t, out.log);
          asFloat(mt.sign, out.factor);
          t++;
          return out;
        },
        state: () => ({ t, m: m.snapshot(), logV: v.snapshot() }),
      };
    },
  };
  return {
    init: (params) => ({ t: 0, m: first.init(params.data.length), logV: second.init(params.data.length) }),
    update,
    moments: (state) => ({ m: state.m, logV: state.logV }),
    inPlace,
  };
}
