import type { TopLevelSpec } from 'vega-lite';
import { predictedClass, type PlanarCase } from './counterexample.js';
import type { Figure } from './page.js';

/** Grid cells per axis of a decision-region picture. */
export const REGION_GRID = 36;

const classLabel = (c: number): string => `class ${c}`;

/** The drawing box of a picture: a square around the points and the origin, padded by 15%. */
function box(c: PlanarCase): { x: [number, number]; y: [number, number] } {
  let x0 = 0;
  let x1 = 0;
  let y0 = 0;
  let y1 = 0;
  for (let i = 0; i < c.X.rows; i++) {
    const a = c.X.data[2 * i]!;
    const b = c.X.data[2 * i + 1]!;
    x0 = Math.min(x0, a);
    x1 = Math.max(x1, a);
    y0 = Math.min(y0, b);
    y1 = Math.max(y1, b);
  }
  // One scale on both axes (a square box), so W's boundaries keep their angles.
  const half = (0.5 * Math.max(x1 - x0, y1 - y0) || 0.5) * 1.15;
  const cx = (x0 + x1) / 2;
  const cy = (y0 + y1) / 2;
  return { x: [cx - half, cx + half], y: [cy - half, cy + half] };
}

/** The grid cells of W's decision regions over the box: each cell with the class W predicts at its centre. */
export function regionCells(c: PlanarCase, grid = REGION_GRID): { x: number; x2: number; y: number; y2: number; region: string }[] {
  const b = box(c);
  const dx = (b.x[1] - b.x[0]) / grid;
  const dy = (b.y[1] - b.y[0]) / grid;
  const cells: { x: number; x2: number; y: number; y2: number; region: string }[] = [];
  for (let i = 0; i < grid; i++) {
    for (let j = 0; j < grid; j++) {
      const x = b.x[0] + i * dx;
      const y = b.y[0] + j * dy;
      cells.push({ x, x2: x + dx, y, y2: y + dy, region: classLabel(predictedClass(c.W, x + dx / 2, y + dy / 2)) });
    }
  }
  return cells;
}

/**
 * A 2-D counterexample as a picture: W's decision regions (rect layer, faint) under the points
 * coloured by their class (point layer); a point on a region of another colour is misclassified.
 */
export function decisionRegionFigure(id: string, c: PlanarCase, caption?: string): Figure {
  const b = box(c);
  const domain = Array.from({ length: c.k }, (_, i) => classLabel(i));
  const points = Array.from({ length: c.X.rows }, (_, i) => ({ x1: c.X.data[2 * i]!, x2: c.X.data[2 * i + 1]!, class: classLabel(c.y[i]!) }));
  const color = { scale: { domain, scheme: 'category10' }, legend: { title: 'class' } };
  const spec: TopLevelSpec = {
    width: 300,
    height: 300,
    layer: [
      {
        data: { values: regionCells(c) },
        mark: { type: 'rect', opacity: 0.3 },
        encoding: {
          x: { field: 'x', type: 'quantitative', scale: { domain: b.x, nice: false }, title: 'x₁' },
          x2: { field: 'x2' },
          y: { field: 'y', type: 'quantitative', scale: { domain: b.y, nice: false }, title: 'x₂' },
          y2: { field: 'y2' },
          color: { field: 'region', type: 'nominal', ...color },
        },
      },
      {
        data: { values: points },
        mark: { type: 'point', filled: true, size: 90, stroke: 'black', strokeWidth: 1, opacity: 1 },
        encoding: {
          x: { field: 'x1', type: 'quantitative' },
          y: { field: 'x2', type: 'quantitative' },
          color: { field: 'class', type: 'nominal', ...color },
        },
      },
    ],
  };
  return {
    id,
    title: `The counterexample's data (n = ${c.X.rows}, k = ${c.k}, d = 2) and W's decision regions`,
    caption: caption ?? 'Points coloured by their class y_i; the background is argmax_c w_cᵀx, the class W predicts there.',
    spec,
  };
}

/**
 * A tight claim's ratio distribution: the largest lhs/rhs of each passing run (a histogram),
 * with the bound's ratio 1 drawn; mass near 1 means the constant is nearly attained.
 */
export function ratioFigure(id: string, claimId: string, ratios: readonly number[]): Figure {
  const finite = ratios.filter((r) => Number.isFinite(r));
  const spec: TopLevelSpec = {
    width: 360,
    height: 140,
    layer: [
      {
        data: { values: finite.map((ratio) => ({ ratio })) },
        mark: { type: 'bar', tooltip: true },
        encoding: {
          x: { field: 'ratio', type: 'quantitative', bin: { maxbins: 40, extent: [Math.min(0, ...finite), Math.max(1, ...finite)] }, title: 'largest lhs/rhs of a run' },
          y: { aggregate: 'count', type: 'quantitative', title: 'runs' },
        },
      },
      {
        data: { values: [{ bound: 1 }] },
        mark: { type: 'rule', color: 'firebrick', strokeWidth: 2 },
        encoding: { x: { field: 'bound', type: 'quantitative' } },
      },
    ],
  };
  const top = finite.length ? Math.max(...finite) : NaN;
  return {
    id,
    title: `${claimId}: ratio distribution over ${finite.length} passing runs`,
    caption: `Each run's largest finite lhs/rhs; the red rule is the bound (ratio 1). Largest: ${Number.isFinite(top) ? top.toPrecision(6) : '—'}.`,
    spec,
  };
}
