/**
 * The explicit margin-gap bound of Thm 5.3 = C.4 (SignGD, THEOREMS.md §4/§8) and its p-norm NSD
 * analogue (App. E, THEOREMS.md §6), along a recorded run.
 *
 * Derivation for NSD with step ‖W_{s+1} − W_s‖_p = η_s, η_s ≤ η₀ non-increasing, W_0 = 0, on
 * data with max_i‖x_i‖_1 ≤ B (γ = γ_p, the p-norm margin; α = 2B²e^{2Bη₀}):
 * (a) Descent (8) with γ_p (App. E: E.1 gives ‖∇L‖_q ≥ γ_p G for the first-order term; the
 *     second-order term uses ‖Δx_i‖_∞ ≤ ‖Δ‖_max‖x_i‖_1 ≤ ‖Δ‖_p B, so α is unchanged):
 *     L_{s+1} ≤ L_s − η_s(γ − αη_s)G_s ≤ L_s exp(−γη_sG_s/L_s + αη_s²) (G ≤ L).
 * (b) Lemma 5.2 (9): if L_t ≤ log2/n then every sample's loss is ≤ log 2, so m(W_t) ≥ 0 and
 *     e^{−m(W_t)} ≤ 2nL_t (B.4 with log(1+x) ≥ x/2). Chaining (a) from t₀′:
 *     m(W_t) ≥ γΣ_{t₀′≤s<t}η_sG_s/L_s − αΣ_{t₀′≤s<t}η_s² − log(2nL_{t₀′}).
 * (c) Lemma C.3 / App. E: ‖W_t‖_p ≤ Σ_{s<t}η_s =: S_t, and m ≥ 0, so γ − m/‖W_t‖_p ≤ γ − m/S_t.
 * (d) CE: ℓ − (1 − e^{−ℓ}) ≤ ℓ²/2 per sample and Σℓ_i² ≤ (nL)², so 1 − G/L ≤ nL/2; use 1 − G/L ≤ 1
 *     before t₁ = max(t₀, t₀′). Hence for t > t₁ with L ≤ log2/n on [t₀′, t]:
 *       gap_p(t) ≤ [γS_{t₁} + (γn/2)Σ_{t₁≤s<t}η_sL_s + αΣ_{t₀′≤s<t}η_s² + log(2nL_{t₀′})] / S_t   (bound)
 * (e) The rate. For s ≥ t₁: η_s ≤ γ/(2α) gives (20) L_{s+1} ≤ L_s − (γη_s/2)G_s, and L ≤ log2/n
 *     gives G ≥ (1 − nL/2)L ≥ L/2, so (21) L_s ≤ L_{t₁}e^{−(γ/4)(S_s − S_{t₁})}. With η
 *     non-increasing, Σ_{s≥t₁}η_se^{−(γ/4)(S_s−S_{t₁})} ≤ η_{t₁} + 4/γ (a Riemann sum of e^{−γx/4}).
 *     So bound(t) ≤ envelope(t) := [γS_{t₁} + (n/2)L_{t₁}(γη_{t₁} + 4) + αQ_t + log(2nL_{t₀′})] / S_t,
 *     Q_t = Σ_{t₀′≤s<t}η_s², where only Q_t and S_t depend on t, and for η_s = η₀(s+1)^{−a}:
 *     Q_t ≍ t^{1−2a} (a < ½), log t (a = ½), O(1) (a > ½); S_t ≍ t^{1−a} (a < 1), log t (a = 1);
 *     so envelope(t) = O(t^{−a}), O(log t/√t), O(t^{−(1−a)}), O(1/log t): Cor. 5.4's table.
 *     Checking bound ≤ envelope at every checkpoint is checking that the bound decays at the rate.
 */
import type { Schedule } from '../optimizers/schedule.js';

export interface ExplicitBoundInput {
  /** γ_p of the data (the norm the optimizer steps in). */
  readonly gamma: number;
  readonly n: number;
  /** max_i ‖x_i‖_1. */
  readonly B: number;
  /** The schedule the theorem is applied with (the claimed one, not what a fault runs). */
  readonly schedule: Schedule;
  /** log L(W_t) for t = 0..T. */
  readonly logL: Float64Array;
}

export interface ExplicitBound {
  readonly alpha: number;
  /** First t with η_t ≤ γ/(2α). */
  readonly t0: number;
  /** First t after which L ≤ log2/n for the rest of the run (T + 1 if never). */
  readonly t0p: number;
  readonly t1: number;
  /** bound(t) of (d) and envelope(t) of (e) for t₁ < t ≤ T (NaN elsewhere). */
  readonly bound: Float64Array;
  readonly envelope: Float64Array;
  /**
   * The only terms in which bound and envelope differ: (γn/2)Σ_{t₁≤s<t}η_sL_s (measured, for
   * t₁ < t ≤ T) and its (21) majorant (n/2)L_{t₁}(γη_{t₁} + 4); bound ≤ envelope ⟺ lossTerm ≤ lossEnvelope.
   */
  readonly lossTerm: Float64Array;
  readonly lossEnvelope: number;
  /** S_t = Σ_{s<t} η_s, t = 0..T. */
  readonly S: Float64Array;
}

export function explicitGapBound(x: ExplicitBoundInput): ExplicitBound {
  const T = x.logL.length - 1;
  const { gamma, n, B, schedule: eta } = x;
  const alpha = 2 * B * B * Math.exp(2 * B * eta.eta0);
  let t0 = 0;
  while (t0 <= T && eta(t0) > gamma / (2 * alpha)) t0++;
  const lowLog = Math.log(Math.LN2 / n);
  let t0p = T + 1;
  for (let t = T; t >= 0 && x.logL[t]! <= lowLog; t--) t0p = t;
  const t1 = Math.max(t0, t0p);
  const S = new Float64Array(T + 1);
  for (let t = 0; t < T; t++) S[t + 1] = S[t]! + eta(t);
  const bound = new Float64Array(T + 1).fill(NaN);
  const envelope = new Float64Array(T + 1).fill(NaN);
  const lossTerm = new Float64Array(T + 1).fill(NaN);
  if (t1 >= T) return { alpha, t0, t0p, t1, bound, envelope, lossTerm, lossEnvelope: NaN, S };
  const logC = Math.log(2 * n) + x.logL[t0p]!;
  let Q = 0;
  for (let s = t0p; s < t1; s++) Q += eta(s) ** 2;
  const head = gamma * S[t1]!;
  const tail = (n / 2) * Math.exp(x.logL[t1]!) * (gamma * eta(t1) + 4);
  let sumL = 0;
  for (let t = t1 + 1; t <= T; t++) {
    const s = t - 1;
    const e = eta(s);
    Q += e * e;
    sumL += e * Math.exp(x.logL[s]!);
    lossTerm[t] = ((gamma * n) / 2) * sumL;
    bound[t] = (head + lossTerm[t]! + alpha * Q + logC) / S[t]!;
    envelope[t] = (head + tail + alpha * Q + logC) / S[t]!;
  }
  return { alpha, t0, t0p, t1, bound, envelope, lossTerm, lossEnvelope: tail, S };
}
