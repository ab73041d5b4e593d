/**
 * GD's direction (Ravi, Scott, Soudry, Wang 2024, Thm 3.4): with W_t = Ŵ log t + ρ_t, Ŵ the
 * Frobenius SVM (W*_2/γ_2), the direction error e_t = ‖W_t/‖W_t‖ − Ŵ/‖Ŵ‖‖ obeys the exact bound
 * e_t ≤ 2‖ρ_t‖/(‖Ŵ‖ log t) (src/claims/ravi2024/theorem34.ts), so against 1/log t it lies under
 * a line through 0 when ρ stays bounded; and the residual ‖ρ_t‖ = ‖W_t − Ŵ log t‖ itself levels off.
 */
import type { LossName, PermLoss } from '../losses/index.js';
import type { Matrix } from '../linalg/matrix.js';
import { vectorNorm } from '../linalg/norms.js';
import type { Optimizer } from '../optimizers/types.js';
import type { Problem } from '../problem.js';
import type { Figure } from '../report/page.js';
import { runTrajectory, type StepHook, type Trajectory } from '../trajectory/run.js';
import { lineChart, plottable, type Row } from './spec.js';

export interface DirectionPoint {
  readonly t: number;
  /** e_t = ‖W_t/‖W_t‖_F − Ŵ/‖Ŵ‖_F‖_F. */
  readonly directionError: number;
  /** ‖ρ_t‖_F = ‖W_t − Ŵ log t‖_F. */
  readonly residual: number;
  /** ‖W_t‖_F/‖Ŵ‖_F. */
  readonly normRatio: number;
}

/** e_t, ‖ρ_t‖ and ‖W_t‖/‖Ŵ‖ of one iterate (t ≥ 2, so log t > 0). */
export function directionPoint(t: number, W: Matrix, What: Matrix): DirectionPoint {
  const lt = Math.log(t);
  const wn = vectorNorm(W.data, 2);
  const hn = vectorNorm(What.data, 2);
  return {
    t,
    directionError: vectorNorm(W.data.map((v, e) => (wn > 0 ? v / wn : 0) - What.data[e]! / hn), 2),
    residual: vectorNorm(W.data.map((v, e) => v - lt * What.data[e]!), 2),
    normRatio: wn / hn,
  };
}

/** Ŵ = W*_2/γ_2: the hard-margin SVM with margin 1 (‖Ŵ‖_F = 1/γ_2). */
export function svmHat(pb: Problem): Matrix {
  const s = pb.margin(2);
  return { ...s.W, data: s.W.data.map((v) => v / s.gamma) };
}

/**
 * Runs GD (or whatever `optimizer` is) and records the direction points at `at` (t ≥ 2); with
 * `checkpoints`, the trajectory's own checkpoints (margins, gaps) too.
 */
export function directionTrace<S>(o: { problem: Problem; optimizer: Optimizer<S>; steps: number; loss?: LossName | PermLoss; W0?: Matrix; at: readonly number[]; checkpoints?: readonly number[] }): { points: DirectionPoint[]; trajectory: Trajectory<S> } {
  const What = svmHat(o.problem);
  const want = new Set(o.at.filter((t) => t >= 2 && t <= o.steps));
  const points: DirectionPoint[] = [];
  const hook: StepHook<S> = { transient: true, onStep: (c) => void (want.has(c.t) && points.push(directionPoint(c.t, c.W, What))) };
  const cps = o.checkpoints ?? [];
  const trajectory = runTrajectory({ problem: o.problem, optimizer: o.optimizer, steps: o.steps, hooks: [hook], checkpoints: cps, withMargins: cps.length > 0, ...(o.loss ? { loss: o.loss } : {}), ...(o.W0 ? { W0: o.W0 } : {}) });
  // Hooks see t < T (and stop at a precision horizon); the last iterate is trajectory.final.
  if (want.has(trajectory.reached)) points.push(directionPoint(trajectory.reached, trajectory.final.W, What));
  return { points, trajectory };
}

export interface DirectionRun {
  readonly label: string;
  readonly points: readonly { readonly t: number; readonly directionError: number; readonly residual?: number }[];
  /** ‖Ŵ‖_F (draws the exact bound 2‖ρ_t‖/(‖Ŵ‖ log t) when the residual is known). */
  readonly normHat?: number;
}

/** Direction error against 1/log t (with the exact bound), and the residual ‖ρ_t‖ against t. */
export function directionFigures(id: string, runs: readonly DirectionRun[], note = ''): Figure[] {
  const err: Row[] = [];
  const res: Row[] = [];
  for (const r of runs) {
    for (const p of r.points) {
      if (p.t < 2) continue;
      const x = 1 / Math.log(p.t);
      err.push({ x, t: p.t, value: p.directionError, run: r.label, role: 'data' });
      if (p.residual === undefined) continue;
      res.push({ t: p.t, value: p.residual, run: r.label });
      if (r.normHat !== undefined) err.push({ x, t: p.t, value: (2 * p.residual * x) / r.normHat, run: r.label, role: 'bound' });
    }
  }
  const figs: Figure[] = [
    {
      id: `${id}-direction`,
      title: 'GD direction error against 1/log t',
      caption: `e_t = ‖W_t/‖W_t‖ − Ŵ/‖Ŵ‖‖ (Frobenius), Ŵ the multiclass SVM. Thm 3.4 under Ass. 4.1: e_t ≤ 2‖ρ_t‖/(‖Ŵ‖ log t) (dashed, same colour, where the residual is recorded), so e_t goes to 0 like 1/log t (left end = late t).${note ? ` ${note}` : ''}`,
      spec: lineChart({
        rows: plottable(err, ['x']),
        x: { field: 'x', title: '1/log t' },
        y: { field: 'value', title: 'direction error e_t' },
        series: 'run',
        layers: [
          { filter: "datum.role === 'data'", points: true },
          { filter: "datum.role === 'bound'", dashed: true },
        ],
      }),
    },
  ];
  if (res.length > 0) {
    figs.push({
      id: `${id}-residual`,
      title: 'Residual ‖W_t − Ŵ log t‖ against t',
      caption: `ρ_t = W_t − Ŵ log t (Frobenius norm). Under Ass. 4.1 it stays bounded (levels off); growth like a power of t would contradict the theorem.${note ? ` ${note}` : ''}`,
      spec: lineChart({ rows: plottable(res, ['t']), x: { field: 't', title: 't', log: true }, y: { field: 'value', title: '‖W_t − Ŵ log t‖_F' }, series: 'run', layers: [{ filter: 'isFinite(datum.value)', points: true }] }),
    });
  }
  return figs;
}
