/** Vega-Lite line charts for the real-data page (rendered by src/report via writePage). */
import type { Figure } from '../../src/report/page.js';

type Row = Record<string, string | number | boolean>;

export interface LineChart {
  readonly id: string;
  readonly title: string;
  readonly caption: string;
  readonly values: readonly Row[];
  readonly x: string;
  readonly y: string;
  readonly color: string;
  readonly xTitle: string;
  readonly yTitle: string;
  readonly logX?: boolean;
  /** Facet into columns by this field. */
  readonly column?: string;
  /** Facet into rows by this field. */
  readonly row?: string;
  /** Draw points too (for short series such as noise levels). */
  readonly points?: boolean;
  /** A field mapped to the point shape (e.g. separable yes/no). */
  readonly shape?: string;
}

/** Rows whose x and y are finite (log axes and NaN would break the plot), x > 0 on a log axis. */
const finiteRows = (c: LineChart): Row[] =>
  c.values.filter((r) => {
    const x = r[c.x];
    const y = r[c.y];
    return typeof x === 'number' && typeof y === 'number' && Number.isFinite(x) && Number.isFinite(y) && (!c.logX || x > 0);
  });

export function lineChart(c: LineChart): Figure {
  return {
    id: c.id,
    title: c.title,
    caption: c.caption,
    spec: {
      $schema: 'https://vega.github.io/schema/vega-lite/v6.json',
      data: { values: finiteRows(c) },
      width: c.column ? 220 : 360,
      height: 220,
      mark: { type: 'line', point: c.points ?? false },
      encoding: {
        x: { field: c.x, type: 'quantitative', title: c.xTitle, ...(c.logX ? { scale: { type: 'log' } } : {}) },
        y: { field: c.y, type: 'quantitative', title: c.yTitle, scale: { zero: false } },
        color: { field: c.color, type: 'nominal', title: c.color },
        ...(c.shape ? { shape: { field: c.shape, type: 'nominal', title: c.shape } } : {}),
        ...(c.column ? { column: { field: c.column, type: 'nominal', title: null } } : {}),
        ...(c.row ? { row: { field: c.row, type: 'nominal', title: null } } : {}),
      },
    },
  };
}
