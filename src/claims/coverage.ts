import { recipeOf } from '../arbitraries/separableProblem.js';
import { Problem } from '../problem.js';
import { objectiveOf } from './inputs.js';

/**
 * fast-check statistics per claim (issue #10): which input regimes a run covered. Each generated
 * input is described along a few dimensions (the problem's recipe, k, d, the loss level at W, the
 * run's step count) and counted per label. Only what the input itself holds is read, so the
 * counts are a function of the seed alone (identical across worker counts).
 */
export type Coverage = { [dimension: string]: { [label: string]: number } };

/** log10 L in decades, grouped into the regimes the catalog talks about. */
export function lossLevel(logLoss: number): string {
  const l10 = logLoss / Math.LN10;
  if (Number.isNaN(l10)) return 'NaN';
  if (l10 >= 0) return 'L ≥ 1';
  if (l10 >= -1) return '1e-1 ≤ L < 1';
  if (l10 >= -4) return '1e-4 ≤ L < 1e-1';
  if (l10 >= -16) return '1e-16 ≤ L < 1e-4';
  if (l10 >= -300) return '1e-300 ≤ L < 1e-16';
  return 'L < 1e-300';
}

const isObject = (x: unknown): x is object => typeof x === 'object' && x !== null;

/** The labels of one input, per dimension (no entry for a dimension the input does not have). */
export function describeInput(input: unknown): Record<string, string> {
  const out: Record<string, string> = {};
  if (!isObject(input)) return out;
  if ('problem' in input && input.problem instanceof Problem) {
    const pb = input.problem;
    const r = recipeOf(pb);
    out.recipe = r === undefined ? 'other' : r.recipe === 'edge' ? `edge:${r.name}` : r.recipe;
    out.k = String(pb.k);
    out.d = String(pb.d);
    if ('W' in input && isObject(input.W) && 'data' in input.W && input.W.data instanceof Float64Array && input.W.data.length === pb.k * pb.d && 'rows' in input.W && 'cols' in input.W) {
      const W = { rows: pb.k, cols: pb.d, data: input.W.data };
      out.loss = lossLevel(objectiveOf(pb).logLossAndProxy(W).logLoss);
    }
  }
  if ('z' in input && input.z instanceof Float64Array) out.k = String(input.z.length);
  if ('K' in input && typeof input.K === 'number') out.k = String(input.K);
  if ('regime' in input && typeof input.regime === 'string') out.regime = input.regime;
  if ('steps' in input && typeof input.steps === 'number') out.steps = String(input.steps);
  return out;
}

/** Adds one input's labels to the counts. */
export function countInput(coverage: Coverage, input: unknown): void {
  for (const [dim, label] of Object.entries(describeInput(input))) {
    const m = (coverage[dim] ??= {});
    m[label] = (m[label] ?? 0) + 1;
  }
}

/** One compact line: each dimension's labels and counts, labels in a stable (sorted) order. */
export function formatCoverage(coverage: { readonly [dimension: string]: { readonly [label: string]: number } }): string {
  return Object.entries(coverage)
    .map(([dim, m]) => `${dim} ${Object.keys(m).sort((a, b) => a.localeCompare(b, 'en', { numeric: true })).map((l) => `${l}:${m[l]}`).join(' ')}`)
    .join(' | ');
}

/**
 * The coverage in a few words for a terminal line: a numeric dimension as its range, another as
 * its number of labels (e.g. "recipe ×7, k 2–5, d 2–6, loss ×6").
 */
export function coverageSummary(coverage: { readonly [dimension: string]: { readonly [label: string]: number } }): string {
  return Object.entries(coverage)
    .map(([dim, m]) => {
      const labels = Object.keys(m);
      const nums = labels.map(Number);
      if (labels.length > 1 && nums.every(Number.isFinite)) return `${dim} ${Math.min(...nums)}–${Math.max(...nums)}`;
      return labels.length === 1 ? `${dim} ${labels[0]}` : `${dim} ×${labels.length}`;
    })
    .join(', ');
}
