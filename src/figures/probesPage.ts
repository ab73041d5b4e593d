/**
 * The page of `npm run probes` (scripts/ravi2024-probes.ts): every finding of the probes of Ravi
 * et al. (2024) with its replay line, the traces the explorations recorded (direction error
 * against t, per variant and dataset), and the long Theorem 3.4 runs.
 */
import type { Finding } from '../probes/ravi2024.js';
import type { Figure, ReportPage, Section } from '../report/page.js';
import { lineChart, plottable, type Row } from './spec.js';

export interface ProbesRecord {
  readonly seed: number;
  readonly seconds: number;
  readonly findings: readonly Finding[];
}

export interface TheoremRun {
  readonly id: string;
  readonly status: string;
  readonly runs: number;
  readonly seed: number;
  readonly worstRatio: number;
  readonly durationMs: number;
}

interface TracePoint {
  readonly t: number;
  readonly directionError: number;
}

const isObject = (v: unknown): v is Record<string, unknown> => typeof v === 'object' && v !== null;
const isTrace = (v: unknown): v is TracePoint[] => Array.isArray(v) && v.every((p) => isObject(p) && typeof p.t === 'number' && typeof p.directionError === 'number');

/**
 * The traces of a finding's data, when it has the explorations' shape
 * { variant: [{ data, trace: [{ t, directionError, ... }] }] }; [] otherwise.
 */
export function findingTraces(data: unknown): { variant: string; dataset: string; trace: TracePoint[] }[] {
  if (!isObject(data)) return [];
  return Object.entries(data).flatMap(([variant, runs]) =>
    Array.isArray(runs) ? runs.flatMap((r) => (isObject(r) && typeof r.data === 'string' && isTrace(r.trace) ? [{ variant, dataset: r.data, trace: r.trace }] : [])) : [],
  );
}

function traceFigure(f: Finding): Figure | null {
  const traces = findingTraces(f.data);
  if (traces.length === 0) return null;
  const rows: Row[] = traces.flatMap((tr) => tr.trace.map((p) => ({ t: p.t, value: p.directionError, variant: tr.variant, dataset: tr.dataset })));
  return {
    id: f.id.replace(/[^A-Za-z0-9_-]/g, '_'),
    title: `${f.id}: direction error to Ŵ against t`,
    caption: `Log-log; one line per dataset, one colour per variant. ${f.summary}`,
    spec: lineChart({ rows: plottable(rows, ['t', 'value']), x: { field: 't', title: 't', log: true }, y: { field: 'value', title: 'direction error ‖W/‖W‖ − Ŵ/‖Ŵ‖‖', log: true }, series: 'variant', detail: 'dataset', layers: [{ filter: 'isFinite(datum.value)', points: true }] }),
  };
}

export function probesPage(p: ProbesRecord, theorem: readonly TheoremRun[] = [], provenance: readonly string[] = []): ReportPage {
  const sections: Section[] = [
    {
      heading: 'Findings',
      text: [`Seed ${p.seed}; ${p.findings.length} findings in ${p.seconds.toFixed(0)} s. Kinds: assumption-probe (a hypothesis of a theorem dropped), conjecture (App. H), exploration (open questions: no theorem is tested). The datasets replay from the recipes and seeds shown.`],
      table: {
        columns: ['id', 'kind', 'question', 'examined', 'result', 'shrunk counterexample', 'replay (seed, path)'],
        rows: p.findings.map((f) => [f.id, f.kind, f.question, f.examined, f.summary, f.counterexample ?? '—', f.replay ? `${f.replay.seed}, "${f.replay.path}"` : '—']),
      },
    },
  ];
  const figures = p.findings.flatMap((f) => {
    const fig = traceFigure(f);
    return fig ? [fig] : [];
  });
  if (figures.length > 0) sections.push({ heading: 'Open questions: traces', figures });
  if (theorem.length > 0) {
    sections.push({ heading: 'Theorem 3.4, long runs', table: { columns: ['claim', 'status', 'runs', 'seed', 'worst ratio', 'seconds'], rows: theorem.map((r) => [r.id, r.status, r.runs, String(r.seed), r.worstRatio, r.durationMs / 1000]) } });
  }
  return { file: 'probes.html', title: 'Probes of Ravi, Scott, Soudry, Wang (2024)', provenance, sections };
}
