/**
 * The panels of Fan, Schmidt, Thrampoulidis (2025), Fig. 1: the max-norm and 2-norm normalised
 * margins m(W_t)/‖W_t‖_p (= γ_p − gap_p) and the cosine of W_t with each max-margin W*_p,
 * against t, one line per optimizer run (NGD, SignGD, Adam with ε ∈ {0, 1e-16, 1e-8}); the
 * normalised-margin panels draw γ_p, the value the optimizer biased towards that norm approaches.
 */
import type { Figure } from '../report/page.js';
import type { Checkpoint, NormKey } from '../trajectory/run.js';
import { lineChart, plottable, type Row } from './spec.js';

export interface Fig1Run {
  /** Legend label, e.g. 'Adam, ε = 1e-8'. */
  readonly label: string;
  readonly checkpoints: readonly Pick<Checkpoint, 't' | 'gap' | 'cosine'>[];
}

export interface Fig1Data {
  /** Element-id prefix of the four figures. */
  readonly id: string;
  readonly gamma: Readonly<Record<'max' | '2', number>>;
  readonly runs: readonly Fig1Run[];
  /** Where the data and the schedules came from (one line, in the captions). */
  readonly note?: string;
}

type Panel = { key: NormKey; kind: 'margin' | 'cosine' };
const PANELS: readonly Panel[] = [
  { key: 'max', kind: 'margin' },
  { key: '2', kind: 'margin' },
  { key: 'max', kind: 'cosine' },
  { key: '2', kind: 'cosine' },
];
const normText = (k: NormKey): string => (k === 'max' ? 'max-norm' : '2-norm');

/** The value a panel plots at one checkpoint. */
export function fig1Value(c: Pick<Checkpoint, 'gap' | 'cosine'>, gamma: number, panel: Panel): number {
  return panel.kind === 'margin' ? gamma - c.gap[panel.key] : c.cosine[panel.key];
}

export function fig1Figures(d: Fig1Data): Figure[] {
  return PANELS.map((panel) => {
    const g = d.gamma[panel.key === 'max' ? 'max' : '2'];
    const rows: Row[] = d.runs.flatMap((r) => r.checkpoints.filter((c) => c.t > 0).map((c) => ({ t: c.t, value: fig1Value(c, g, panel), optimizer: r.label })));
    const n = normText(panel.key);
    const margin = panel.kind === 'margin';
    return {
      id: `${d.id}-${panel.kind}-${panel.key === 'max' ? 'max' : 'l2'}`,
      title: margin ? `${n} normalised margin m(W_t)/‖W_t‖` : `cosine of W_t with the ${n} max-margin W*`,
      caption: `${margin ? `Dotted: γ = ${g.toPrecision(4)}, the ${n} max margin. ` : ''}t on a log axis${margin ? '; values below the plot are early negative margins' : ''}.${d.note ? ` ${d.note}` : ''}`,
      spec: lineChart({
        rows: plottable(rows, ['t']),
        x: { field: 't', title: 't', log: true },
        y: { field: 'value', title: margin ? `m(W_t)/‖W_t‖ (${n})` : `cos(W_t, W*) (${n})` },
        series: 'optimizer',
        dashBySeries: true,
        layers: [{ filter: 'isValid(datum.value) && isFinite(datum.value)' }],
        ...(margin ? { rules: [{ label: `γ (${n})`, y: g }] } : {}),
      }),
    };
  });
}
