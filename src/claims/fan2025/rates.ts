/**
 * Fan, Schmidt, Thrampoulidis (2025): rate claims (Cor. 5.4 = C.5, its NSD analogue, Cor. 6.4),
 * the explicit SignGD bound of Thm 5.3 = C.4, Adam's ε-invariance within its horizon, and the
 * implicit-bias selection of Fig. 1 (THEOREMS.md §4–§6, §13, §14 P4–P5).
 *
 * An O(·) rate is not an inequality at a finite horizon. Cor. 5.4 (and its NSD analogue) is
 * checked through the explicit bound it is derived from (src/rates/explicit.ts): ‖W_t‖_p ≤ S_t,
 * gap_p(t) ≤ γ_p − m(W_t)/S_t ≤ bound(t) at every checkpoint after t₁, and bound(t) ≤
 * envelope(t), whose decay is the corollary's rate by exact sums; these decide the claim. The
 * fitted exponent is reported beside it as evidence with its own status (src/rates/evidence.ts),
 * which does not decide an explicit-bound claim: correct optimizers sit on plateaus on some
 * generated problems (reports/rates/calibration.md). Adam (Cor. 6.4) has no trusted explicit
 * bound (Thm 6.3's constants are low confidence, THEOREMS.md §5), so its claim is the evidence
 * alone, judged at calibrated thresholds.
 */
import fc from 'fast-check';
import { problemFromRecipe, separableProblem, type ProblemRecipe } from '../../arbitraries/separableProblem.js';
import { adam, nsd, polynomialSchedule, prefixSums, type OptimizerFactory } from '../../optimizers/index.js';
import type { Problem } from '../../problem.js';
import { entrywiseNorm } from '../../linalg/norms.js';
import { minMargin } from '../../losses/objective.js';
import { rateBound, type RateFamily } from '../../rates/bounds.js';
import { boundedRatioEvidence, RATE_LEVEL, RECHECK_FACTOR, recheckedEvidence, type BoundedEvidence } from '../../rates/bounded.js';
import { exponentEvidence, type ExponentEvidence } from '../../rates/evidence.js';
import { explicitGapBound, type ExplicitBound } from '../../rates/explicit.js';
import { continueTrajectory, normKey, runTrajectory, type Checkpoint, type StepHook, type Trajectory } from '../../trajectory/run.js';
import { ArgumentError } from '../../errors.js';
import { atHorizon, notChecked } from '../horizon.js';
import { momentsOf } from '../optimizer.js';
import { leq, REL_TOL } from '../outcome.js';
import { stepTolerance, updateRounding } from '../rounding.js';
import { printable } from '../inputs.js';
import type { CheckOutcome, Claim } from '../types.js';

/** The fixed problems the Adam-ε and Fig. 1 claims run (all of them, on every input). */
export const RATE_PROBLEMS: readonly ProblemRecipe[] = [
  { recipe: 'clusters', k: 3, d: 4, nPerClass: 5, sigma: 0.1, seed: 7 },
  { recipe: 'clusters', k: 4, d: 6, nPerClass: 4, sigma: 0.1, seed: 3 },
];

export interface RateInput {
  readonly problem: Problem;
  readonly steps: number;
}

/**
 * Generated rate problems: small separable clusters and planted-teacher data (k ≤ 4, d ≤ 4,
 * ≤ 3 points per class), B-normalised (max‖x_i‖_1 = 1) so α = 2B²e^{2Bη₀} is not vacuous.
 * Edge cases are left out: SignGD solves several exactly in a few steps (gap 0), where a rate
 * says nothing. No shrinking: each evaluation is a full run, and the recipe prints the input.
 */
export function rateProblems(steps: number): fc.Arbitrary<RateInput> {
  return fc.noShrink(separableProblem({ maxK: 4, maxD: 4, maxPerClass: 3, normaliseB: true, recipes: ['clusters', 'teacher'] })).map((problem) => printable({ problem, steps }, () => `{ problem: ${fc.stringify(problem)}, T: ${steps} }`));
}

export interface FixedSetInput {
  readonly problems: readonly Problem[];
  readonly steps: number;
}

/** The whole fixed set as one input (a fixed set is run in full, not sampled). */
function fixedSet(steps: number): fc.Arbitrary<FixedSetInput> {
  return fc.constant(null).map(() => printable({ problems: RATE_PROBLEMS.map((r) => problemFromRecipe(r)), steps }, () => `{ problems: RATE_PROBLEMS, T: ${steps} }`));
}

/**
 * Outcomes of every problem of a fixed set, in order, stopping after the first problem with a
 * failing outcome (the claim has failed; the rest cannot change that).
 */
function firstFailing<P>(problems: readonly P[], each: (p: P, i: number) => CheckOutcome[]): CheckOutcome[] {
  const out: CheckOutcome[] = [];
  for (let i = 0; i < problems.length; i++) {
    const os = each(problems[i]!, i);
    out.push(...os);
    if (os.some((o) => !o.ok)) break;
  }
  return out;
}

/**
 * The bounded-ratio evidence (src/rates/bounded.ts) of Q_t = (γ_p − m(W_t)/S_t)/rate(t) over a
 * run's checkpoints t > 0 up to its last step; S holds the schedule's prefix sums S_t = Σ_{s<t}η_s.
 */
function qEvidence(tr: Trajectory<unknown>, gamma: number, S: Float64Array, rate: (t: number) => number, ratio: number | null): BoundedEvidence {
  const cps = tr.checkpoints.filter((c) => c.t > 0);
  return boundedRatioEvidence(cps.map((c) => c.t), cps.map((c) => gamma - c.minMargin / S[c.t]!), rate, tr.steps, ratio);
}

/** The p-norm gap series of a trajectory (t > 0). */
export function gapSeries(tr: Trajectory<unknown>, p: number): { ts: number[]; gaps: number[] } {
  const cps = tr.checkpoints.filter((c: Checkpoint) => c.t > 0);
  return { ts: cps.map((c) => c.t), gaps: cps.map((c) => c.gap[normKey(p)]) };
}

/** sup_{s ≥ t} gap(s) over the recorded checkpoints: what an upper-bound rate controls. */
export function tailSup(gaps: readonly number[]): number[] {
  const out = gaps.slice();
  for (let i = out.length - 2; i >= 0; i--) out[i] = Math.max(out[i]!, out[i + 1]!);
  return out;
}

/**
 * The series a rate claim's evidence fits, at the checkpoints t > 0: NSD (explicit-bound claims)
 * sup_{s≥t} gap_p(s); Adam sup_{s≥t} (γ − m(W_s)/S_s), S_t = Σ_{s<t}η_s of the claimed schedule
 * (the reasons for each are at the claim's check). Shared by the claims, the long mode and the
 * report's margin-gap figures, so all three fit the same numbers.
 */
export function evidenceSeries(family: RateFamily, p: number, gamma: number, checkpoints: readonly Pick<Checkpoint, 't' | 'gap' | 'minMargin'>[], S: (t: number) => number): { ts: number[]; series: number[]; what: string } {
  const cps = checkpoints.filter((c) => c.t > 0);
  const raw = family === 'nsd' ? cps.map((c) => c.gap[normKey(p)]) : cps.map((c) => gamma - c.minMargin / S(c.t));
  return { ts: cps.map((c) => c.t), series: tailSup(raw), what: family === 'nsd' ? 'sup_{s≥t} gap' : 'sup_{s≥t} (γ − m(W_s)/S_s)' };
}

/** η₀ of the rate claims' schedules η_t = η₀(t+1)^{−a} (reasons at EVIDENCE_CALIBRATION's comment). */
export const RATE_ETA0: Readonly<Record<RateFamily, number>> = { nsd: 0.5, adam: 2 };

/**
 * Evidence thresholds tol(a) (β̂ + 2se ≥ β* − tol), per exponent, from the measured reference
 * distribution (see EVIDENCE_CALIBRATION below and reports/rates/calibration.md).
 */
/**
 * Per exponent a (key a.toFixed(3)): [tol over the two-decade window, tol over the last decade].
 * null: not judged there (the reference optimizers' exponent reaches 0 on some generated
 * problems, so no threshold both spares them and can fail); the exponent is still reported.
 */
export type Tolerances = Readonly<Record<string, readonly [number | null, number | null]>>;
const tolKey = (a: number): string => a.toFixed(3);

/**
 * The evidence as an outcome. judged = false (explicit-bound claims): the status is reported in
 * the part and note but does not fail the claim, since plateaus of correct optimizers on some
 * generated problems make any threshold that can fail trip on them (reports/rates/calibration.md).
 */
export function evidenceOutcome(a: number, e: ExponentEvidence & { readonly reachedZero?: boolean; readonly what?: string }, judged = true): CheckOutcome {
  if (!judged) {
    const o = evidenceOutcome(a, e, true);
    return { ...o, ok: true, part: `${o.part} (reported)`, note: `${o.ok ? '' : 'reported, not judged: '}${o.note}` };
  }
  if (e.tol === Infinity) return { ok: true, lhs: e.beta, rhs: NaN, ratio: NaN, part: `a = ${a.toFixed(3)}: exponent evidence on [${e.window[0]}, ${e.window[1]}]`, note: `reported, not judged (no calibrated threshold can fail here): fitted exponent ${e.beta.toFixed(3)} ± ${e.se.toFixed(3)}, the rate's own ${e.claimed.toFixed(3)}` };
  if (e.reachedZero) return { ok: true, lhs: Infinity, rhs: e.claimed - e.tol, ratio: NaN, part: `a = ${a.toFixed(3)}: exponent evidence on [${e.window[0]}, ${e.window[1]}]`, note: `consistent: ${e.what ?? 'the gap'} is ≤ 0 (≤ ${GAP_ZERO}·γ) over the whole window [${e.window[0]}, ${e.window[1]}]` };
  return {
    ok: e.status === 'consistent',
    lhs: e.beta,
    rhs: e.claimed - e.tol,
    ratio: NaN,
    part: `a = ${a.toFixed(3)}: exponent evidence on [${e.window[0]}, ${e.window[1]}]`,
    note: `${e.status}: fitted exponent of ${e.what ?? 'sup_{s≥t} gap'} in S_t = Σ_{s<t}η_s over t ∈ [${e.window[0]}, ${e.window[1]}]: ${e.beta.toFixed(3)} ± ${e.se.toFixed(3)} (95%: ${(e.beta - 2 * e.se).toFixed(3)} … ${(e.beta + 2 * e.se).toFixed(3)}); the rate's own ${e.claimed.toFixed(3)}, threshold ${(e.claimed - e.tol).toFixed(3)}`,
  };
}

/** Per exponent a (key a.toFixed(3)): the bounded-ratio evidence's threshold (null: reported, not judged). */
export type RatioThresholds = Readonly<Record<string, number | null>>;

/** The bounded-ratio evidence as an outcome (lhs: the last decade's rise over the decade before's). */
export function boundedOutcome(a: number, pn: string, e: BoundedEvidence, judged: boolean): CheckOutcome {
  const f = (v: number): string => v.toPrecision(4);
  const part = `a = ${a.toFixed(3)}: (γ_${pn} − m(W_t)/S_t)/rate(t) bounded on [${e.window[0]}, ${e.window[1]}]`;
  const reading = (r: BoundedEvidence): string => `running max of Q_t = (γ_${pn} − m(W_t)/S_t)/rate(t) from t = ${r.window[0]}: ${f(r.values[0])} → ${f(r.values[1])} → ${f(r.values[2])} at t = ${r.window[0]}, ${r.window[1] / 10}, ${r.window[1]} (rise ratio ${r.rise.toFixed(3)})`;
  const before = e.earlier ? `growing at T = ${e.earlier.window[1]} (${reading(e.earlier)}), so re-examined on the run continued to ${e.window[1]}: ` : '';
  const values = `${before}${reading(e)}`;
  const threshold = e.ratio ?? 1.1;
  if (!judged) return { ok: true, lhs: e.rise, rhs: threshold, ratio: NaN, part: `${part} (reported)`, note: `${e.status === 'bounded' ? '' : 'reported, not judged: '}${e.status} at ratio ${threshold}: ${values}` };
  return { ok: e.status === 'bounded', lhs: e.rise, rhs: threshold, ratio: NaN, part, note: `${e.status}: ${values}; bounded iff level (within ${100 * RATE_LEVEL}% of its max up to T/10) or the rise ratio ≤ ${threshold}, read at T and, if growing there, at ${RECHECK_FACTOR}·T` };
}

/**
 * The explicit-bound parts at exponent a (src/rates/explicit.ts (c)–(e)):
 * - ‖W_t‖_p ≤ S_t at every checkpoint (Lemma C.3 / App. E);
 * - γ_p − m(W_t)/S_t ≤ bound(t) at every checkpoint t > t₁. This is (9) divided by S_t, and it
 *   implies gap_p(t) = γ_p − m(W_t)/‖W_t‖_p ≤ bound(t) with the norm part (m ≥ 0 after t₀′); it
 *   is the stronger form because it measures the margin against the claimed schedule;
 * - bound(t) ≤ envelope(t) (the (21) loss term), the envelope decaying at the corollary's rate.
 */
export function explicitOutcomes(a: number, p: number, eb: ExplicitBound, tr: Trajectory<unknown>, gamma: number): CheckOutcome[] {
  // Up to the optimizer's precision horizon, if the run stopped there (eb is computed over it too).
  const T = tr.reached;
  const tag = `a = ${a.toFixed(3)}`;
  const entries = tr.final.W.data.length;
  const normO: CheckOutcome[] = [];
  const gapO: CheckOutcome[] = [];
  const envO: CheckOutcome[] = [];
  for (const c of tr.checkpoints) {
    if (c.t === 0 || c.t > T) continue;
    normO.push({ ...leq(c.norm[normKey(p)], eb.S[c.t]!, `${tag}: ‖W_t‖_p ≤ Σ_{s<t}η_s`, stepTolerance(tr.precision, entries)), note: `t = ${c.t}` });
    if (c.t <= eb.t1) continue;
    // m(W_t) scales with the steps taken, so a float32 optimizer's δ moves m/S_t by up to δ·γ (src/claims/rounding.ts).
    gapO.push({ ...leq(gamma - c.minMargin / eb.S[c.t]!, eb.bound[c.t]!, `${tag}: γ − m(W_t)/Σ_{s<t}η_s ≤ explicit bound`, REL_TOL, 1e-300 + updateRounding(tr.precision, entries) * gamma), note: `t = ${c.t}, gap ${c.gap[normKey(p)].toExponential(3)}` });
    // bound ≤ envelope, compared on the one term where they differ (so the ratio says how tight (21) is).
    envO.push({ ...leq(eb.lossTerm[c.t]!, eb.lossEnvelope, `${tag}: bound ≤ rate envelope ((21) loss term)`), note: `t = ${c.t}` });
  }
  // The worst checkpoint stands for each part (the first failing one if any).
  const worst = (os: CheckOutcome[]): CheckOutcome => os.reduce((w, o) => (!o.ok && w.ok ? o : !w.ok ? w : o.ratio > w.ratio ? o : w));
  const where = `t₀ = ${eb.t0}, t₀′ = ${eb.t0p}, t₁ = ${eb.t1}`;
  const h = tr.horizon;
  if (h !== null && normO.length === 0) return [notChecked(h, `${tag}: explicit bound`, 'no checkpoint t > 0 before the horizon')];
  const norm = worst(normO);
  if (gapO.length === 0) {
    // Past the horizon the bound is not "not reached" but not checkable: the run never got there.
    if (h !== null) return [...atHorizon(tr, [norm]), notChecked(h, `${tag}: explicit bound`, `no checkpoint after t₁ before the horizon (${where})`)];
    const why = eb.t0p > T ? 'L never stays ≤ log2/n within T' : 'η_t > γ/(2α) until T';
    return [norm, { ok: true, lhs: NaN, rhs: NaN, ratio: NaN, part: `${tag}: explicit bound`, note: `not reached: t₁ ≥ T (${why}; ${where})` }];
  }
  const last = eb.bound[T]!;
  const g = worst(gapO);
  const e = worst(envO);
  return atHorizon(tr, [
    norm,
    { ...g, note: `${g.note}; ${where}; bound(T) = ${last.toExponential(3)}${last >= gamma ? ' (≥ γ: vacuous at T)' : ''}` },
    { ...e, note: `${e.note}: loss term ${e.lhs.toExponential(3)} vs its (21) majorant ${e.rhs.toExponential(3)}; bound(T) = ${last.toExponential(3)} ≤ envelope(T) = ${eb.envelope[T]!.toExponential(3)}` },
  ]);
}

export interface RateParams {
  /**
   * The optimizer under test; the claim hands it η_t = η₀(t+1)^{−a} for each exponent a (a
   * planted fault swaps in a wrong one).
   */
  readonly optimizer: OptimizerFactory;
  readonly exponents: readonly number[];
  readonly eta0: number;
  readonly steps: number;
  readonly tolerances: Tolerances;
  /** The bounded-ratio evidence's thresholds per exponent (src/rates/bounded.ts; null: reported). */
  readonly ratios: RatioThresholds;
  /** Runs per fast-check property (a planted fault may ask for more to be caught on every seed). */
  readonly runs: number;
}

interface RateMeta {
  id: string;
  ref: string;
  title: string;
  defaultExponents: number[];
  eta0: number;
  tolerances: Tolerances;
  ratios: RatioThresholds;
}

function rateClaim(family: RateFamily, p: number, params: Partial<RateParams>, meta: RateMeta): Claim<RateInput> {
  const exps = params.exponents ?? meta.defaultExponents;
  const eta0 = params.eta0 ?? meta.eta0;
  const tols = params.tolerances ?? meta.tolerances;
  const ratios = params.ratios ?? meta.ratios;
  const make: OptimizerFactory = params.optimizer ?? ((s) => (family === 'adam' ? adam(s) : nsd(p, s)));
  const steps = params.steps ?? 20000;
  const explicit = family === 'nsd';
  const pn = p === Infinity ? '∞' : String(p);
  const expText = exps.map((a) => a.toFixed(2)).join(', ');
  return {
    id: meta.id,
    paper: 'fan2025',
    ref: meta.ref,
    title: meta.title,
    statement: explicit
      ? `for η_t = ${eta0}(t+1)^{−a}, a ∈ {${expText}}, on B-normalised data: (explicit) ‖W_t‖_${pn} ≤ S_t = Σ_{s<t}η_s, and γ_${pn} − m(W_t)/‖W_t‖_${pn} ≤ γ_${pn} − m(W_t)/S_t ≤ bound(t) ≤ envelope(t) = O(rate) at every checkpoint t > t₁ (C.4 with γ_p); (evidence, reported) whether Q_t = (γ_${pn} − m(W_t)/S_t)/rate(t) stays bounded (its running max from T/100 level or decelerating over the last two decades), and the fitted exponent of sup_{s≥t} gap in Σ_{s<t}η_s with its status at a calibrated threshold; the claim passes iff every explicit part holds (the evidence does not decide it: plateaus)`
      : `for η_t = ${eta0}(t+1)^{−a}, a ∈ {${expText}}, on B-normalised data: (evidence only; Thm 6.3's constants are not trusted) Q_t = (γ − m(W_t)/S_t)/rate(t), S_t = Σ_{s<t}η_s (γ − m/S_t ≥ gap_∞ up to Adam's O(1) norm excess, D.7), stays bounded: its running max from T/100 is level (within 20% at T of its value at T/10) or rises over [T/10, T] at most ratio(a)× its rise over [T/100, T/10] (ratio 1.1, judged at a = 2/3 and 0.8, where a reading of growth at T is re-examined on the same run continued to ${RECHECK_FACTOR}·T, whose reading decides; reported at a = 0.5, where T is before the asymptotic regime, and at a = 1, where log t growth is its blind spot); the claim passes iff it holds at every judged a (the fitted exponent of its tail supremum in S_t is reported beside it)`,
    assumptions: [],
    inputs: () => rateProblems(steps),
    check(x) {
      const pb = x.problem;
      const T = x.steps;
      const gamma = pb.margin(p).gamma;
      return firstFailing(exps, (a) => {
        const s = polynomialSchedule(eta0, a);
        const logL = new Float64Array(T + 1);
        const hook: StepHook<unknown> = { transient: true, onStep: (c) => void (logL[c.t] = c.ev.logLoss) };
        const optimizer = make(s);
        const tr = runTrajectory({ problem: pb, optimizer, steps: T, hooks: [hook] });
        const R = tr.reached;
        logL[R] = tr.final.ev.logLoss;
        const eb = explicitGapBound({ gamma, n: pb.n, B: pb.B, schedule: s, logL: logL.subarray(0, R + 1) });
        const { ts } = gapSeries(tr, p);
        const tol = tols[tolKey(a)];
        const ratio = ratios[tolKey(a)];
        if (tol === undefined || ratio === undefined) throw new ArgumentError(`${meta.id}: no calibrated evidence threshold for a = ${a}`);
        const explicitParts = explicit ? explicitOutcomes(a, p, eb, tr, gamma) : [];
        // The evidence windows end at T: a run stopped at its precision horizon cannot show it.
        if (tr.horizon !== null) return [...explicitParts, notChecked(tr.horizon, `a = ${a.toFixed(3)}: exponent evidence`, `its windows end at T = ${T}`)];
        // The claims' evidence: Q_t = (γ_p − m(W_t)/S_t)/rate(t) stays bounded (decelerates over
        // the last two decades, src/rates/bounded.ts). γ_p − m(W_t)/S_t is the margin measured
        // against the schedule: what Thm 6.3's proof bounds for Adam (m ≥ γS_t − numerator), and
        // ≥ gap_p wherever ‖W_t‖_p ≤ S_t (NSD's explicit part). Judged for Adam where calibrated;
        // reported for NSD (the explicit parts decide). Its reasons and thresholds: RATIO_CALIBRATION.
        const S = (t: number): number => eb.S[t]!;
        const rate = rateBound(family, a).rate;
        const judged = !explicit && ratio !== null;
        const first = qEvidence(tr, gamma, eb.S, rate, ratio);
        // A judged `growing` reading is re-examined one decade later on the same run (RECHECK_FACTOR).
        const longer = judged && first.status === 'growing' ? continueTrajectory(tr, { problem: pb, optimizer, steps: RECHECK_FACTOR * T }) : null;
        if (longer?.horizon) return [...explicitParts, notChecked(longer.horizon, `a = ${a.toFixed(3)}: bounded evidence`, `growing at T = ${T}, and its re-check to ${RECHECK_FACTOR * T} ended at the precision horizon`)];
        const evidence = longer ? recheckedEvidence(first, () => qEvidence(longer, gamma, prefixSums(s, longer.steps), rate, ratio)) : first;
        const bounded = boundedOutcome(a, pn, evidence, judged);
        // The fitted exponent of a tail supremum (NSD: of gap_p; Adam: of γ − m(W_s)/S_s) is
        // reported beside it, not judged: at a ≥ 0.7 two decades of t are a factor ≤ 3.3 of S_t,
        // and an early overshoot (Adam: its steps exceed η_t early, |m/√v| ≤ α_D1 > 1, Lemma D.1)
        // or a plateau holds the tail supremum flat over most of the window, so correct runs fit
        // exponents ≈ 0 (verify seeds 73, 89 at a = 0.8; reports/rates/cor-6.4-plateau.md).
        const { series, what } = evidenceSeries(family, p, gamma, tr.checkpoints, S);
        const evs = EVIDENCE_WINDOWS(T).map((w, i) => evidenceOutcome(a, { ...exponentEvidence(ts, series, S, rate, w, tol[i] ?? Infinity, GAP_ZERO * gamma), what }, false));
        return [...explicitParts, bounded, ...evs];
      });
    },
    runs: params.runs ?? 2,
    confidence: 'medium-high',
    kind: explicit ? 'explicit-bound' : 'asymptotic-evidence',
    tight: false,
  };
}

/** A gap ≤ 10⁻¹²·γ_p is 0 to rounding (the checkpoint's m/‖W‖ is computed to ~10⁻¹⁵ relative). */
export const GAP_ZERO = 1e-12;

/**
 * The evidence windows: two decades [T/100, T] (long enough to see past most plateaus of small
 * problems) and the last decade [T/10, T] (what a fault that sets in late changes most).
 */
export const EVIDENCE_WINDOWS = (T: number): [number, number][] => [
  [T / 100, T],
  [T / 10, T],
];

/*
 * Evidence thresholds, from measured data (issue #8): reports/rates/calibration.md, generated by
 * scripts/rates-calibrate.ts, which runs these claims' own check with every threshold 0 on
 * generated problems (rateProblems; ≈50 problems for SignGD/NGD/CD, ≈50 for Adam) for the
 * reference optimizers and the planted faults, and records w = β̂ + 2·se − β* per exponent and
 * window. Rule: tol = max(0, 0.2 − min_ref w), rounded up to 0.05 (a margin of 0.2 in the
 * exponent below the lowest reference value measured); null (not judged) where the resulting
 * threshold β* − tol on β̂ is below 0.1, since β̂ ≥ 0 always (the tail supremum does not increase)
 * and such a check could not fail. Lowest reference w (two decades / last decade):
 *   SignGD a = 0.3: −0.25 / +0.04; 0.5: −0.32 / −0.24; 0.7: −0.83 / −0.85; 1: −1.08 / −1.07
 *   NGD    a = 0.3: +0.22 / +0.55; 0.5: −0.27 / −0.49; 0.7: −0.86 / −0.94; 1: −1.08 / −1.07
 *   CD     a = 0.3: +0.31 / −0.06; 0.5: −0.31 / −0.42; 0.7: −0.91 / −0.94; 1: −1.08 / −1.07
 *   Adam   (statistic γ − m(W_t)/S_t, η₀ = 2, 40 problems) a = 0.5: −0.48 / −0.40; 2/3: −0.38 / −0.19;
 *          0.8: −0.43 / −0.24; 1: −1.03 / −1.21. Its faults (15 problems): ε = 10⁻² ≤ −0.49 and
 *          t^{−(a+0.3)} ≤ −0.50 at a = 2/3 (last decade); NGD drift after 5000 steps ≤ −0.33 there
 *          and median −0.70 at a = 0.8 (last decade).
 * A finding, not a loosening: at T = 2·10⁴ with η₀ = 0.5 (chosen so that t₀, where η_t ≤ γ/(2α),
 * falls inside the run and the explicit bound is checked), small problems sit on plateaus (the
 * sign pattern, hence W_t/S_t, constant for ~10⁴ steps, then the gap drops; gap·S_t stays
 * bounded, e.g. 0.26 from t = 10⁴ to 2·10⁵ on teacher k = 2, d = 2, n = 5, seed 4796), and the
 * fitted exponent of a correct optimizer falls to 0 at a ≥ 0.7. Out of sample it can at any a:
 * the 30-seed sweep found CD (p = 1) at a = 0.5 with β̂ = 0.000 over [200, 2·10⁴] on clusters
 * {k: 2, d: 4, nPerClass: 3, σ: 1, seed: 5911} (B-normalised): the gap is 1.7561e-3 from t = 5 to
 * t ≈ 2·10⁴ (one coordinate moves), then falls with gap·S_t = 0.2767 to t = 2·10⁵; and at a = 0.3
 * with β̂ = 0.26 ± 0.03 against β* = 0.43 on clusters {k: 2, d: 3, nPerClass: 1, σ: 0.5, seed:
 * 4250}. So for SignGD/NGD/CD the evidence is reported with its status and the explicit parts
 * decide the claim. Adam runs with η₀ = 2 (no explicit bound to keep within reach; the larger
 * step reaches the asymptotic regime sooner: its reference w at a = 2/3 rose from −0.45 at
 * η₀ = 0.5 to ≥ +0.37 with the gap statistic). Adam's statistic is γ − m(W_t)/S_t rather than
 * the gap: with the gap, out-of-sample reference runs tripped the calibrated thresholds (sweep
 * seeds 8, 9: β̂ = 0.10 ± 0.02 and 0.15 ± 0.02 against β* ≈ 0.49 at a = 0.5).
 * Since the bounded-ratio evidence (RATIO_CALIBRATION below), no claim judges the exponent: its
 * status at these thresholds is reported (Adam's failed correct runs, verify seeds 73 and 89).
 */
const NSD_TOL: Readonly<Record<number, Tolerances>> = {
  [Infinity]: { '0.300': [null, 0.2], '0.500': [0.55, 0.45], '0.700': [null, null], '1.000': [null, null] },
  2: { '0.300': [0, 0], '0.500': [0.5, null], '0.700': [null, null], '1.000': [null, null] },
  1: { '0.300': [0, 0.3], '0.500': [0.55, 0.65], '0.700': [null, null], '1.000': [null, null] },
};
function nsdTolerances(p: number): Tolerances {
  const t = NSD_TOL[p];
  if (!t) throw new ArgumentError(`Cor. 5.4 evidence is calibrated for p ∈ {∞, 2, 1}, not p = ${p}`);
  return t;
}
/** The calibrated evidence thresholds of a rate family (for reports and the long mode). */
export function rateTolerances(family: RateFamily, p: number): Tolerances {
  return family === 'adam' ? ADAM_TOL : nsdTolerances(p);
}
export const toleranceKey = tolKey;
const ADAM_TOL: Tolerances = { '0.500': [null, null], '0.667': [null, 0.4], '0.800': [0.65, 0.45], '1.000': [null, null] };

/*
 * RATIO_CALIBRATION: thresholds of the bounded-ratio evidence (src/rates/bounded.ts), the rise of
 * sup_{T/100≤s≤t} Q_s over [T/10, T] divided by its rise over [T/100, T/10], Q_t = (γ_p −
 * m(W_t)/S_t)/rate(t), T = 2·10⁴. Measured with scripts/rates-calibrate.ts (reports/rates/
 * calibration.md, "bounded-ratio" table; raw ratios in calibration.jsonl, key `<a>R`).
 * Rule: one threshold, 1.1 (slack above 1, the boundary between a Q that stays bounded, whose
 * rises shrink, and one growing like log t or faster: the value ravi2024/thm-3.4 uses), judged at
 * an exponent iff the highest reference ratio measured plus a margin of 0.2 is ≤ 1.1 (the
 * reference runs have reached the regime where Q decelerates); elsewhere reported, not judged:
 * a threshold above 1 would accept log t growth and no longer test boundedness.
 * Adam, η₀ = 2 (highest reference / lowest rate-fault ratio, faults η_t ∝ t^{−(a+0.3)} and ε = 10⁻²;
 * 80 problems: rateProblems seed 4004 (16) with scripts/rates-calibrate.ts, seeds 3003 (24) and 777
 * (40) from dumped trajectories of the same runs, the statistic recomputed in NumPy):
 *   a = 2/3: 0.64 / 1.73 → 1.1;  0.8: 0.34 / 1.50 → 1.1. Out of sample, the verify seeds on
 *   which the fitted-exponent proxy failed at a = 0.8: 0.27 (seed 73) and 0.88 (seed 89, where
 *   N_t = γS_t − m crosses 0 only at t ≈ 10³), both bounded; 0.88 is the highest reference ratio
 *   seen at a judged exponent (0.88 + 0.2 ≤ 1.1 still).
 *   a = 0.5: 1.30 / 1.63 → reported. Q still grows like log t over the window (ratios ≈ 1): Thm 6.3's
 *   d·Σ_{s≥t₀}η_s^{3/2} term starts at t₀ ≈ (d/γ)^{2/a}, beyond T on these problems.
 *   a = 1: 209 / 0.90 (the faults' ratios ≈ 0.9–1.4: S_t ≍ log t and rate = 1/log t, so a gap that does not
 *   decay makes Q grow like log t, the proxy's blind spot) → reported.
 * SignGD/NGD/CD (reported; the explicit parts decide): at a = 0.7 reference runs on plateaus reach
 * ratios 3.8 and 11 (the sign pattern holds W_t/S_t fixed for ~10⁴ steps, then the gap drops), and
 * at a = 1 0.93; the status is reported at 1.1.
 */
const ADAM_RATIOS: RatioThresholds = { '0.500': null, '0.667': 1.1, '0.800': 1.1, '1.000': null };
const NSD_RATIOS: RatioThresholds = { '0.300': null, '0.500': null, '0.700': null, '1.000': null };
/** The bounded-ratio thresholds of a rate family (null: reported at 1.1). */
export const rateRatios = (family: RateFamily): RatioThresholds => (family === 'adam' ? ADAM_RATIOS : NSD_RATIOS);

export function corollary54(p: number, params: Partial<RateParams> = {}): Claim<RateInput> {
  const pn = p === Infinity ? 'inf' : String(p);
  return rateClaim('nsd', p, params, {
    id: p === Infinity ? 'fan2025/cor-5.4' : `fan2025/cor-5.4-nsd-p${pn}`,
    ref: p === Infinity ? 'Corollary 5.4 = C.5 via Thm 5.3 = C.4' : `Corollary 5.4 analogue for NSD (p = ${pn}, App. E), via C.4 with γ_p`,
    title: `${p === Infinity ? 'SignGD' : `NSD p = ${pn}`} margin rate`,
    defaultExponents: [0.3, 0.5, 0.7, 1],
    eta0: RATE_ETA0.nsd,
    tolerances: nsdTolerances(p),
    ratios: NSD_RATIOS,
  });
}

export function corollary64(params: Partial<RateParams> = {}): Claim<RateInput> {
  return rateClaim('adam', Infinity, params, {
    id: 'fan2025/cor-6.4',
    ref: 'Corollary 6.4',
    title: 'Adam (ε = 0) max-norm margin rate',
    defaultExponents: [0.5, 2 / 3, 0.8, 1],
    eta0: RATE_ETA0.adam,
    tolerances: ADAM_TOL,
    ratios: ADAM_RATIOS,
  });
}

export interface C4Input extends RateInput {
  readonly eta0: number;
  readonly a: number;
}

/**
 * Thm 5.3 = C.4 with the explicit constants derived in THEOREMS.md §4/§8 (B-normalised data), on
 * generated problems and schedules: gap_∞(t) ≤ γ − m(W_t)/S_t ≤ bound(t) at every checkpoint
 * t > t₁ (the same parts as Cor. 5.4's explicit check, src/rates/explicit.ts, here over a longer
 * horizon and smaller η₀ where the bound is not vacuous).
 */
export function theoremC4(params: { optimizer?: OptimizerFactory } = {}): Claim<C4Input> {
  const make: OptimizerFactory = params.optimizer ?? ((s) => nsd(Infinity, s));
  const T = 30000;
  return {
    id: 'fan2025/thm-5.3',
    paper: 'fan2025',
    ref: 'Theorem 5.3 = C.4 (explicit form)',
    title: 'SignGD margin gap bound with explicit constants',
    statement: '‖W_t‖_max ≤ Σ_{s<t}η_s, and γ − m(W_t)/‖W_t‖_max ≤ γ − m(W_t)/Σ_{s<t}η_s ≤ [γΣ_{s<t₁}η_s + (γn/2)Σ_{t₁≤s<t}η_sL_s + αΣ_{t₀′≤s<t}η_s² + log(2nL(W_{t₀′}))]/Σ_{s<t}η_s for t > t₁ (and ≤ the (21) envelope)',
    assumptions: [],
    inputs: () =>
      fc
        .tuple(rateProblems(T), fc.constantFrom(0.05, 0.2), fc.constantFrom(0.5, 0.3))
        .map(([x, eta0, a]) => printable({ ...x, eta0, a }, () => `{ problem: ${fc.stringify(x.problem)}, η_t = ${eta0}(t+1)^-${a}, T = ${T} }`)),
    check(x) {
      const pb = x.problem;
      const s = polynomialSchedule(x.eta0, x.a);
      const gamma = pb.margin(Infinity).gamma;
      const logL = new Float64Array(x.steps + 1);
      const hook: StepHook<unknown> = { transient: true, onStep: (c) => void (logL[c.t] = c.ev.logLoss) };
      const tr = runTrajectory({ problem: pb, optimizer: make(s), steps: x.steps, hooks: [hook] });
      logL[tr.reached] = tr.final.ev.logLoss;
      return explicitOutcomes(x.a, Infinity, explicitGapBound({ gamma, n: pb.n, B: pb.B, schedule: s, logL: logL.subarray(0, tr.reached + 1) }), tr, gamma);
    },
    runs: 6,
    confidence: 'medium',
    kind: 'explicit-bound',
    tight: false,
  };
}

/** The schedule of the Adam-ε claim (the paper's Adam runs, Sec. 6). */
const EPS_SCHEDULE = (): ReturnType<typeof polynomialSchedule> => polynomialSchedule(0.1, 2 / 3);
/** The ε's of the Adam-ε claim's default candidates. */
export const ADAM_EPS: readonly number[] = [1e-8, 1e-16];

export interface AdamEpsilonParams {
  /**
   * The Adam implementations with ε > 0 under test, one per entry of `eps` (default: our Adam at
   * each ε of ADAM_EPS). Their moments are read (`Optimizer.moments`) to find each run's horizon.
   */
  readonly candidates: readonly OptimizerFactory[];
  /** The ε of each candidate (sets its horizon min √v_t < 10³ε; default ADAM_EPS). */
  readonly eps: readonly number[];
  /** Adam with ε = 0, the curve the candidates must follow (default our Adam). */
  readonly baseline: OptimizerFactory;
  readonly tolerance: number;
}

/**
 * Adam with ε > 0 (THEOREMS.md §14 P5): the paper says curves for small ε nearly overlap. That
 * holds while the gradient stays well above ε: until the horizon where min √v_t < 10³ε, the
 * max-norm gap with ε matches ε = 0 to 1% relative. After it, the runs depart (reported, not
 * asserted: a finding, not a failure). Runs on every problem of the fixed set. Checkpoints are
 * compared up to the earlier precision horizon of the two runs, if either has one.
 */
export function adamEpsilonOverlap(params: Partial<AdamEpsilonParams> = {}): Claim<FixedSetInput> {
  const epsList = params.eps ?? ADAM_EPS;
  const candidates = params.candidates ?? epsList.map((eps): OptimizerFactory => (s) => adam(s, { eps }));
  if (candidates.length !== epsList.length) throw new ArgumentError(`fan2025/adam-eps-overlap: ${candidates.length} candidates but ${epsList.length} values of ε (one ε per candidate)`);
  const tol = params.tolerance ?? 0.01;
  const baseline: OptimizerFactory = params.baseline ?? ((s) => adam(s));
  return {
    id: 'fan2025/adam-eps-overlap',
    paper: 'fan2025',
    ref: 'Sec. 6 experiments (ε-invariance), THEOREMS.md §14 P5',
    title: 'Adam with small ε follows ε = 0 while √v ≫ ε',
    statement: 'on every problem of the fixed set, for ε ∈ {1e-8, 1e-16}: |gap_ε(t) − gap_0(t)| ≤ 1%·gap_0(t) at every checkpoint before the horizon min √v_t < 10³ε',
    assumptions: [],
    inputs: () => fixedSet(20000),
    check(x) {
      return firstFailing(x.problems, (problem, pi) => {
        const base = runTrajectory({ problem, optimizer: baseline(EPS_SCHEDULE()), steps: x.steps });
        const gap0 = new Map(base.checkpoints.map((c) => [c.t, c.gap.max]));
        return candidates.flatMap((make, ci) => {
          const eps = epsList[ci]!;
          const opt = make(EPS_SCHEDULE());
          const moments = momentsOf(opt, 'fan2025/adam-eps-overlap');
          let horizon = x.steps;
          const hook: StepHook<unknown> = {
            transient: true,
            onStep: (c) => {
              if (horizon !== x.steps) return;
              let mn = Infinity;
              for (const l of moments(c.state).logV) mn = Math.min(mn, 0.5 * l);
              if (mn < Math.log(1e3 * eps)) horizon = c.t;
            },
          };
          const tr = runTrajectory({ problem, optimizer: opt, steps: x.steps, hooks: [hook] });
          let worst = 0;
          let after = 0;
          let compared = 0;
          for (const c of tr.checkpoints) {
            const g0 = gap0.get(c.t);
            if (g0 === undefined) continue;
            const rel = Math.abs(c.gap.max - g0) / g0;
            if (c.t <= horizon) [worst, compared] = [Math.max(worst, rel), compared + 1];
            else after = Math.max(after, rel);
          }
          const part = `problem ${pi}, ε = ${eps}`;
          const o = { ...leq(worst, tol, part), note: `horizon t = ${horizon}; after it the gaps differ by up to ${(100 * after).toFixed(1)}%` };
          const stopped = tr.horizon ?? base.horizon;
          if (stopped === null) return [o];
          if (compared === 0) return [notChecked(stopped, part, 'no checkpoint of both runs before the horizon')];
          return atHorizon(stopped === tr.horizon ? tr : base, [o]);
        });
      });
    },
    runs: 1,
    confidence: 'medium',
    kind: 'asymptotic-evidence',
    tight: false,
    needs: ['moments'],
  };
}

export interface BiasParams {
  /** SignGD under test, run at η_t = 0.5(t+1)^{−1/2}. */
  readonly signgd: OptimizerFactory;
  /** Adam (ε = 0) under test, run at η_t = 0.1(t+1)^{−2/3}. */
  readonly adam: OptimizerFactory;
  /** NGD under test, run at η_t = 0.5(t+1)^{−1/2}. */
  readonly ngd: OptimizerFactory;
}

/**
 * Fig. 1 claims (1)–(3): the bias itself. After T steps the relative gaps gap_p/γ_p order as
 * the theory predicts: SignGD and Adam closer to the max-norm solution than to the 2-norm one,
 * NGD the reverse. Runs on every problem of the fixed set. A run that stops at its precision
 * horizon before T is not checked (the claim is about W_T; the note gives the gaps at the horizon).
 */
export function biasSelection(params: Partial<BiasParams> = {}): Claim<FixedSetInput> {
  const signgd: OptimizerFactory = params.signgd ?? ((s) => nsd(Infinity, s));
  const adamOpt: OptimizerFactory = params.adam ?? ((s) => adam(s));
  const ngd: OptimizerFactory = params.ngd ?? ((s) => nsd(2, s));
  return {
    id: 'fan2025/fig-1-bias',
    paper: 'fan2025',
    ref: 'Fig. 1 (claims (1)–(3))',
    title: 'Implicit bias: which max-margin solution each optimizer approaches',
    statement: 'on every problem of the fixed set, after T steps: SignGD, Adam: gap_∞/γ_∞ < gap_2/γ_2; NGD: gap_2/γ_2 < gap_∞/γ_∞',
    assumptions: [],
    inputs: () => fixedSet(20000),
    check(x) {
      return firstFailing(x.problems, (problem, pi) => {
        const s = () => polynomialSchedule(0.5, 0.5);
        const runs: [string, OptimizerFactory, ReturnType<typeof polynomialSchedule>, boolean][] = [
          ['SignGD', signgd, s(), true],
          ['Adam', adamOpt, polynomialSchedule(0.1, 2 / 3), true],
          ['NGD', ngd, s(), false],
        ];
        const gi = problem.margin(Infinity).gamma;
        const g2 = problem.margin(2).gamma;
        return runs.map(([name, make, schedule, maxFirst]) => {
          const tr = runTrajectory({ problem, optimizer: make(schedule), steps: x.steps, checkpoints: [x.steps] });
          const part = `problem ${pi}: ${name}`;
          if (tr.horizon !== null) {
            const W = tr.final.W;
            const m = minMargin(problem.dataset, W);
            const rel = (p: number, g: number) => (g - m / entrywiseNorm(W, p)) / g;
            return notChecked(tr.horizon, part, `the claim is about W_T, T = ${x.steps} (at the horizon the relative gaps are max-norm ${rel(Infinity, gi).toExponential(2)}, 2-norm ${rel(2, g2).toExponential(2)})`);
          }
          const last = tr.checkpoints[0]!;
          const rmax = last.gap.max / gi;
          const r2 = last.gap['2'] / g2;
          return maxFirst ? { ...leq(rmax, r2, part), note: `relative gaps: max-norm ${rmax.toExponential(2)}, 2-norm ${r2.toExponential(2)}` } : { ...leq(r2, rmax, part), note: `relative gaps: 2-norm ${r2.toExponential(2)}, max-norm ${rmax.toExponential(2)}` };
        });
      });
    },
    runs: 1,
    confidence: 'high',
    kind: 'asymptotic-evidence',
    tight: false,
  };
}

export const rates = (): Claim<unknown>[] =>
  [corollary54(Infinity), corollary54(2), corollary54(1), corollary64(), theoremC4(), adamEpsilonOverlap(), biasSelection()];
