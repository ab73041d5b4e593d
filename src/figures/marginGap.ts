/**
 * The margin gap γ_p − m(W_t)/‖W_t‖_p against t on log-log axes, for one optimizer in the norm
 * its theorem is about (SignGD/Adam: max-norm; NSD p: γ_p; NGD: 2-norm), with the rate claims'
 * own evidence drawn over it: the series the evidence fits (src/claims/fan2025/rates.ts
 * `evidenceSeries`), its fitted line C·S_t^{−β̂} over the two-decade window (`exponentEvidence`,
 * the claims' fit), the theorem's rate scaled to meet the fit mid-window (its constant is not
 * known), and the explicit C.4 bound where it is reached (NSD).
 */
import { EVIDENCE_WINDOWS, GAP_ZERO, evidenceSeries, rateTolerances, toleranceKey } from '../claims/fan2025/rates.js';
import { rateBound, type RateBound, type RateFamily } from '../rates/bounds.js';
import { exponentEvidence, type ExponentEvidence } from '../rates/evidence.js';
import type { Figure } from '../report/page.js';
import { normKey, type Checkpoint } from '../trajectory/run.js';
import { lineChart, plottable, type Row } from './spec.js';

export type GapPoint = Pick<Checkpoint, 't' | 'gap' | 'minMargin'>;

/** What a margin-gap figure needs from one run (live, or read back from a long run's JSON). */
export interface GapRun {
  /** Element id of the figure (letters, digits, '-', '_'). */
  readonly id: string;
  /** The optimizer as a reader knows it, e.g. 'SignGD'. */
  readonly optimizer: string;
  readonly family: RateFamily;
  /** The norm of the theorem (∞ for SignGD and Adam). */
  readonly p: number;
  /** η_t = η₀(t+1)^{−a}. */
  readonly a: number;
  readonly eta0: number;
  /** γ_p of the data. */
  readonly gamma: number;
  /** T: the evidence windows end here. */
  readonly steps: number;
  /** S_t = Σ_{s<t}η_s of the schedule (at every checkpoint t). */
  readonly S: (t: number) => number;
  readonly checkpoints: readonly GapPoint[];
  /** The explicit C.4 bound at checkpoints after t₁ (NSD; empty or absent where not reached). */
  readonly bound?: readonly { readonly t: number; readonly value: number }[];
  /** Where the data came from (one line, in the caption). */
  readonly data?: string;
}

export interface GapFigure {
  readonly figure: Figure;
  /** The two-decade evidence, exactly as the claim computes it (the fit drawn). */
  readonly evidence: ExponentEvidence & { readonly reachedZero: boolean };
  /** The last-decade evidence (the claims' second window). */
  readonly late: ExponentEvidence & { readonly reachedZero: boolean };
  /** The calibrated exponent thresholds [two decades, last decade] at this a (null: none there); reported, not judged. */
  readonly tolerances: readonly [number | null, number | null];
  /** The rate drawn (the theorem's, unless a caller passed another). */
  readonly rate: RateBound;
}

const pName = (p: number): string => (p === Infinity ? '∞' : String(p));
const fmt = (v: number): string => (Number.isFinite(v) ? v.toFixed(3) : String(v));

/**
 * Builds the figure. `rate` defaults to the theorem's (rateBound(family, a)); passing another
 * draws that one instead, so a wrong exponent shows as a line that leaves the fit.
 */
export function marginGapFigure(run: GapRun, rate: RateBound = rateBound(run.family, run.a)): GapFigure {
  const { p, gamma, S } = run;
  const pn = pName(p);
  const windows = EVIDENCE_WINDOWS(run.steps);
  const window = windows[0]!;
  const tolerances = rateTolerances(run.family, p)[toleranceKey(run.a)] ?? [null, null];
  const tol = tolerances[0];
  const { ts, series, what } = evidenceSeries(run.family, p, gamma, run.checkpoints, S);
  const evidenceOn = (i: 0 | 1) => exponentEvidence(ts, series, S, rate.rate, windows[i]!, tolerances[i] ?? Infinity, GAP_ZERO * gamma);
  const evidence = evidenceOn(0);
  const late = evidenceOn(1);
  const rows: Row[] = [];
  const gapLabel = `gap_${pn}(t) = γ_${pn} − m(W_t)/‖W_t‖_${pn}`;
  const seriesLabel = `evidence: ${what}`;
  const fitLabel = `fit: β̂ = ${fmt(evidence.beta)} ± ${fmt(evidence.se)}`;
  const rateLabel = `rate ${rate.text} (β* = ${fmt(evidence.claimed)})`;
  run.checkpoints.forEach((c) => c.t > 0 && rows.push({ t: c.t, value: c.gap[normKey(p)], series: gapLabel, role: 'data' }));
  ts.forEach((t, i) => rows.push({ t, value: series[i]!, series: seriesLabel, role: 'evidence' }));
  const inWin = ts.filter((t) => t >= window[0] && t <= window[1]);
  if (!evidence.reachedZero && inWin.length >= 2 && Number.isFinite(evidence.intercept)) {
    const fitAt = (t: number): number => Math.exp(evidence.intercept - evidence.beta * Math.log(S(t)));
    inWin.forEach((t) => rows.push({ t, value: fitAt(t), series: fitLabel, role: 'fit' }));
    const mid = inWin[Math.floor(inWin.length / 2)]!;
    const C = fitAt(mid) / rate.rate(mid);
    inWin.forEach((t) => rows.push({ t, value: C * rate.rate(t), series: rateLabel, role: 'rate' }));
  }
  for (const b of run.bound ?? []) rows.push({ t: b.t, value: b.value, series: 'explicit bound (Thm 5.3 = C.4)', role: 'bound' });
  // The fitted exponent is reported, never judged (src/claims/fan2025/rates.ts): Cor. 5.4 is
  // decided by its explicit C.4 parts, Cor. 6.4 by Q_t = (γ − m(W_t)/S_t)/rate(t) staying bounded.
  const decidedBy = run.family === 'adam' ? 'whether Q_t = (γ − m(W_t)/S_t)/rate(t) stays bounded' : 'the explicit C.4 bound';
  const fitVerdict = tol === null ? 'no calibrated exponent threshold at this a' : evidence.reachedZero ? 'the gap reached 0 (≤ 10⁻¹²γ) over the window' : `${evidence.status} at the calibrated threshold ${fmt(evidence.claimed - tol)}`;
  const verdict = `${fitVerdict} (reported, not judged: the claim is decided by ${decidedBy})`;
  const spec = lineChart({
    rows: plottable(rows, ['t', 'value']),
    x: { field: 't', title: 't', log: true },
    y: { field: 'value', title: `margin gap (${pn}-norm)`, log: true },
    series: 'series',
    layers: [
      { filter: "datum.role === 'data' || datum.role === 'evidence'", points: true },
      { filter: "datum.role === 'fit' || datum.role === 'rate' || datum.role === 'bound'", dashed: true },
    ],
  });
  return {
    evidence,
    late,
    tolerances,
    rate,
    figure: {
      id: run.id,
      title: `${run.optimizer}, η_t = ${run.eta0}(t+1)^−${fmt(run.a)}: ${pn}-norm margin gap`,
      caption: `Log-log. Evidence (${what} against S_t = Σ_{s<t}η_s over t ∈ [${window[0]}, ${window[1]}]): fitted exponent ${fmt(evidence.beta)} ± ${fmt(evidence.se)}, the rate's own ${fmt(evidence.claimed)}: ${verdict}. β̂, β*: exponents in S_t. The rate line is scaled to meet the fit mid-window (its constant is unknown); points ≤ 0 are not drawn.${run.bound?.length ? '' : run.family === 'nsd' ? ' Explicit C.4 bound: not reached in this run (t₁ ≥ T) or not recorded.' : ''}${run.data ? ` Data: ${run.data}.` : ''}`,
      spec,
    },
  };
}
