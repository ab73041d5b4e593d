import { ArgumentError } from '../errors.js';

/** A learning-rate schedule t ↦ η_t (t = 0, 1, 2, ...), with a description for reports. */
export interface Schedule {
  (t: number): number;
  readonly description: string;
  /** η₀ = sup_t η_t (the schedules here are non-increasing, Ass. 3.3). */
  readonly eta0: number;
}

/** η_t = η (constant). */
export function constantSchedule(eta: number): Schedule {
  if (!(eta > 0) || !Number.isFinite(eta)) throw new ArgumentError(`bad schedule: constant step must be positive and finite, got ${eta}`);
  return Object.assign((_t: number) => eta, { description: `η = ${eta}`, eta0: eta });
}

/**
 * η_t = η₀ (t + t_off)^{−a}, a ∈ (0, 1] (Ass. 3.3: decreasing, Ση = ∞, η → 0). t_off ≥ 1 so η_0
 * is finite; the paper's "Θ(1/t^a)" leaves the offset open (THEOREMS.md D-sched), Zhang et al.
 * use t_off = 2 with η₀ = 1.
 */
export function polynomialSchedule(eta0: number, a: number, tOff = 1): Schedule {
  if (!(eta0 > 0) || !Number.isFinite(eta0)) throw new ArgumentError(`bad schedule: η₀ must be positive and finite, got ${eta0}`);
  if (!(a > 0 && a <= 1)) throw new ArgumentError(`bad schedule: decay exponent a must be in (0, 1], got ${a}`);
  if (!(tOff >= 1) || !Number.isFinite(tOff)) throw new ArgumentError(`bad schedule: offset t_off must be ≥ 1, got ${tOff}`);
  const first = eta0 * Math.pow(tOff, -a);
  return Object.assign((t: number) => eta0 * Math.pow(t + tOff, -a), { description: `η_t = ${eta0}(t + ${tOff})^-${a}`, eta0: first });
}

/** Σ_{s<t} η_s for every t ≤ T (prefix sums; index t holds the sum of the first t steps). */
export function prefixSums(s: Schedule, T: number): Float64Array {
  const out = new Float64Array(T + 1);
  for (let t = 0; t < T; t++) out[t + 1] = out[t]! + s(t);
  return out;
}
