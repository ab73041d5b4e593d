/**
 * The page of the long rate runs (`npm run rates`, scripts/rates-long.ts): one margin-gap figure
 * per run with the claims' evidence, the paper's Fig. 1 panels from the runs at its schedules,
 * the summary table, and Adam with ε > 0 against ε = 0. Built from the runs' JSON records, so it
 * can be regenerated without rerunning them (`--from-json`).
 */
import type { RateFamily } from '../rates/bounds.js';
import type { ReportPage, Section, Table } from '../report/page.js';
import type { Checkpoint, PerNorm } from '../trajectory/run.js';
import { fig1Figures } from './fig1.js';
import { marginGapFigure, type GapFigure, type GapRun } from './marginGap.js';

/** One run as scripts/rates-long.ts records it (records from before issue #10 lack `bound`). */
export interface RateRecord {
  readonly name: string;
  readonly optimizer: string;
  readonly data: string;
  readonly gamma: PerNorm;
  readonly steps: number;
  readonly frozen: { readonly naiveLossZeroAt: number | null; readonly plainGradientZeroAt: number | null };
  readonly epsilonHorizon: number | null;
  readonly checkpoints: readonly Checkpoint[];
  /** The explicit C.4 bound at the checkpoints after t₁ (NSD runs that reach it). */
  readonly bound?: readonly { readonly t: number; readonly value: number }[];
}

/** How a record was run: its rate family (null: not a rate experiment), norm and schedule. */
export interface RateRunInfo {
  readonly family: RateFamily | null;
  /** Reader's name of the optimizer, e.g. 'SignGD'. */
  readonly optimizer: string;
  readonly p: number;
  readonly a: number;
  readonly eta0: number;
  /** ε of an Adam run (0 for ε = 0; undefined for other optimizers). */
  readonly eps?: number;
  /** S_t = Σ_{s<t}η_s of the schedule, t = 0..steps. */
  readonly S: Float64Array;
}

export interface RateEntry {
  readonly record: RateRecord;
  readonly info: RateRunInfo;
}

const fmt = (v: number | undefined | null, digits = 3): string => (v === undefined || v === null ? '—' : Number.isFinite(v) ? v.toFixed(digits) : String(v));
const exp3 = (v: number): string => v.toExponential(2);
const figureId = (name: string): string => `gap-${name.replace(/[^A-Za-z0-9_-]/g, '_')}`;

export function gapRunOf(e: RateEntry): GapRun | null {
  const { record: r, info } = e;
  if (info.family === null) return null;
  const key = info.p === Infinity ? 'max' : info.p === 2 ? '2' : '1';
  return { id: figureId(r.name), optimizer: info.optimizer, family: info.family, p: info.p, a: info.a, eta0: info.eta0, gamma: r.gamma[key], steps: r.steps, S: (t) => info.S[t]!, checkpoints: r.checkpoints, ...(r.bound ? { bound: r.bound } : {}) };
}

function evidenceCells(g: GapFigure): string[] {
  const e = g.evidence;
  const judged = (x: GapFigure['evidence'], tol: number | null) => (tol === null ? 'not judged' : x.reachedZero ? 'consistent (gap 0)' : x.status);
  return [`${fmt(e.beta)} ± ${fmt(e.se)}`, fmt(e.claimed), g.tolerances[0] === null ? '—' : fmt(e.claimed - g.tolerances[0]), `${judged(e, g.tolerances[0])}; ${judged(g.late, g.tolerances[1])}`];
}

function summaryTable(entries: readonly RateEntry[], gaps: ReadonlyMap<string, GapFigure>): Table {
  return {
    columns: ['run', 'optimizer', 'steps', 'rate', 'fitted exponent in S_t (2 decades)', "rate's own", 'threshold', 'status (2 decades; last decade)', 'explicit C.4 bound', 'final gap max / 2 / 1', 'plain float64 frozen at (loss, gradient)'],
    rows: entries.map(({ record: r, info }) => {
      const g = gaps.get(r.name);
      const last = r.checkpoints[r.checkpoints.length - 1]!;
      const ev = g ? evidenceCells(g) : ['—', '—', '—', r.epsilonHorizon !== null ? `ε horizon t = ${r.epsilonHorizon}` : '—'];
      const bound = info.family !== 'nsd' ? '—' : r.bound === undefined ? 'not recorded' : r.bound.length > 0 ? `drawn from t = ${r.bound[0]!.t}` : 'not reached (t₁ ≥ T)';
      return [r.name, r.optimizer, r.steps, g ? g.rate.text : '—', ...ev, bound, `${exp3(last.gap.max)} / ${exp3(last.gap['2'])} / ${exp3(last.gap['1'])}`, `${r.frozen.naiveLossZeroAt ?? '—'}, ${r.frozen.plainGradientZeroAt ?? '—'}`];
    }),
  };
}

/** Adam with ε > 0 against ε = 0 at the same schedule: overlap before the horizon, departure after. */
function epsilonTable(base: RateRecord, epsRuns: readonly RateEntry[]): Table {
  const rows = epsRuns.map(({ record: r, info }) => {
    const g0 = new Map(base.checkpoints.map((c) => [c.t, c.gap.max]));
    let before = 0;
    let after = 0;
    for (const c of r.checkpoints) {
      const b = g0.get(c.t);
      if (b === undefined || c.t === 0) continue;
      const rel = Math.abs(c.gap.max - b) / b;
      if (r.epsilonHorizon === null || c.t <= r.epsilonHorizon) before = Math.max(before, rel);
      else after = Math.max(after, rel);
    }
    const l = r.checkpoints[r.checkpoints.length - 1]!;
    const l0 = base.checkpoints[base.checkpoints.length - 1]!;
    return [String(info.eps), r.epsilonHorizon ?? 'not reached', `${(100 * before).toFixed(2)}%`, `${(100 * after).toFixed(2)}%`, `${l.gap.max.toExponential(3)} / ${l0.gap.max.toExponential(3)}`, `${l.gap['2'].toExponential(3)} / ${l0.gap['2'].toExponential(3)}`];
  });
  return { columns: ['ε', 'horizon (min √v < 10³ε)', 'max relative gap difference before it', 'after it', 'final max-norm gap ε / ε = 0', 'final 2-norm gap ε / ε = 0'], rows };
}

/**
 * The page. Fig. 1 uses the NGD and SignGD runs at a = 0.5 and the Adam runs at a = 2/3 (ε = 0
 * and every ε > 0 present), when the entries have them.
 */
export function ratesPage(entries: readonly RateEntry[], provenance: readonly string[] = []): ReportPage {
  const sorted = [...entries].sort((x, y) => x.record.name.localeCompare(y.record.name));
  const gaps = new Map<string, GapFigure>();
  for (const e of sorted) {
    const run = gapRunOf(e);
    if (run) gaps.set(e.record.name, marginGapFigure(run));
  }
  const sections: Section[] = [{ heading: 'Summary', text: [`Data: ${sorted[0]?.record.data ?? '—'}. One JSON record per run beside the script's output; this page is rebuilt from them by \`npm run rates -- --from-json\`.`, 'Evidence: the fitted exponent of sup_{s≥t} gap (NSD) or sup_{s≥t} (γ − m(W_s)/S_s) (Adam) in S_t = Σ_{s<t}η_s over [T/100, T], against the rate\'s own exponent in S_t, at the rate claims\' calibrated thresholds (src/claims/fan2025/rates.ts).'], table: summaryTable(sorted, gaps) }];
  const families = [...new Set(sorted.flatMap((e) => (gaps.has(e.record.name) ? [e.info.optimizer] : [])))];
  for (const opt of families) {
    sections.push({ heading: `Margin gap: ${opt}`, figures: sorted.filter((e) => e.info.optimizer === opt && gaps.has(e.record.name)).map((e) => gaps.get(e.record.name)!.figure) });
  }
  const pick = (f: (i: RateRunInfo) => boolean) => sorted.filter((e) => f(e.info));
  const near = (x: number, y: number) => Math.abs(x - y) < 1e-9;
  const fig1Runs = [
    ...pick((i) => i.family === 'nsd' && i.p === 2 && near(i.a, 0.5)).map((e) => ({ label: 'NGD', entry: e })),
    ...pick((i) => i.family === 'nsd' && i.p === Infinity && near(i.a, 0.5)).map((e) => ({ label: 'SignGD', entry: e })),
    ...pick((i) => i.eps !== undefined && near(i.a, 2 / 3))
      .sort((x, y) => (x.info.eps ?? 0) - (y.info.eps ?? 0))
      .map((e) => ({ label: `Adam, ε = ${e.info.eps}`, entry: e })),
  ];
  if (fig1Runs.length > 0) {
    const g = fig1Runs[0]!.entry.record.gamma;
    const sched = fig1Runs.map((r) => `${r.label}: η_t = ${r.entry.info.eta0}(t+1)^−${fmt(r.entry.info.a)}`).join('; ');
    sections.push({ heading: 'Fan, Schmidt, Thrampoulidis (2025), Fig. 1', text: ['Normalised margins and the cosine with each max-margin solution, from the long runs above.', sched], figures: fig1Figures({ id: 'fig1', gamma: { max: g.max, '2': g['2'] }, runs: fig1Runs.map((r) => ({ label: r.label, checkpoints: r.entry.record.checkpoints })) }) });
  }
  const base = sorted.find((e) => e.info.eps === 0 && near(e.info.a, 2 / 3));
  const epsRuns = pick((i) => i.eps !== undefined && i.eps > 0 && near(i.a, 2 / 3));
  if (base && epsRuns.length > 0) sections.push({ heading: 'Adam with ε > 0 against ε = 0 (a = 2/3)', table: epsilonTable(base.record, epsRuns) });
  return { file: 'rates.html', title: 'Rate experiments (long mode)', provenance, sections };
}
