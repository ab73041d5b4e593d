import type { TopLevelSpec } from '../report/svg.js';

/**
 * Shared pieces of the report's Vega-Lite specs: every figure is one spec with its data inline
 * (`data.values`: flat rows), so the numbers a plot shows are the rows a test can read back.
 */
export type Row = Readonly<Record<string, string | number>>;

export const PLOT_WIDTH = 380;
export const PLOT_HEIGHT = 250;
const SCHEMA = 'https://vega.github.io/schema/vega-lite/v6.json';

export interface Axis {
  readonly field: string;
  readonly title: string;
  readonly log?: boolean;
}

const axis = (a: Axis) => ({ field: a.field, type: 'quantitative' as const, title: a.title, ...(a.log ? { scale: { type: 'log' as const } } : { scale: { zero: false } }) });

/** Rows that a log axis can show: finite and > 0 in every log field. */
export function plottable(rows: readonly Row[], logFields: readonly string[]): Row[] {
  return rows.filter((r) => logFields.every((f) => typeof r[f] === 'number' && Number.isFinite(r[f]) && (r[f] as number) > 0));
}

export interface LineLayer {
  /** Vega expression selecting this layer's rows, e.g. "datum.role === 'data'". */
  readonly filter: string;
  readonly dashed?: boolean;
  readonly points?: boolean;
}

/**
 * Lines of `rows` (one per value of `series`, colour-coded), x and y as given, in layers (e.g.
 * measured lines with points, reference lines dashed), plus optional horizontal rules at fixed y
 * (`rules`: label → y, e.g. γ_p). `detail` splits a series into several lines of one colour; `dashBySeries` gives each series its
 * own dash pattern too, so lines that coincide (Adam at ε = 0, 1e-16, 1e-8) stay distinguishable.
 */
export function lineChart(o: { rows: readonly Row[]; x: Axis; y: Axis; series: string; layers: readonly LineLayer[]; rules?: readonly { label: string; y: number }[]; seriesTitle?: string; detail?: string; dashBySeries?: boolean }): TopLevelSpec {
  const color = { field: o.series, type: 'nominal' as const, title: o.seriesTitle ?? null, legend: { orient: 'bottom' as const, columns: 1, labelLimit: 360 } };
  const lines = o.layers.map((l) => ({
    transform: [{ filter: l.filter }],
    mark: { type: 'line' as const, point: l.points ?? false, clip: true, ...(l.dashed ? { strokeDash: [6, 3] } : {}) },
    encoding: { x: axis(o.x), y: axis(o.y), color, ...(o.detail ? { detail: { field: o.detail, type: 'nominal' as const } } : {}), ...(o.dashBySeries ? { strokeDash: color } : {}) },
  }));
  const rules = (o.rules ?? []).map((r) => ({
    data: { values: [{ y: r.y, label: r.label }] },
    mark: { type: 'rule' as const, strokeDash: [2, 2], color: 'gray' },
    encoding: { y: { field: 'y', type: 'quantitative' as const }, tooltip: { field: 'label', type: 'nominal' as const } },
  }));
  return { $schema: SCHEMA, width: PLOT_WIDTH, height: PLOT_HEIGHT, data: { values: o.rows.map((r) => ({ ...r })) }, layer: [...lines, ...rules] };
}
