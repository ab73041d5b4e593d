import { clone, zeros, type Matrix } from '../linalg/matrix.js';
import { Float64Slab } from '../linalg/slab.js';
import { EvaluationBuffers, type Evaluation, type Objective } from '../losses/objective.js';
import { inPlaceOf, type Optimizer, type OptimizerStepper } from '../optimizers/types.js';
import type { Problem } from '../problem.js';

/**
 * How the engine takes its steps W_t → W_{t+1} = W_t + updates: the iterate, its evaluation, the
 * optimizer's update and the hooks' view of each step. Two ways, one iterate sequence:
 * - in place (`inPlaceStepping`), for an optimizer with an in-place form (the reference ones): one
 *   W and one set of evaluation buffers, updated in place, and the optimizer's stepper; nothing is
 *   allocated per step unless a hook needs values of its own;
 * - pure (`pureStepping`), for any other optimizer (a user's, a plain float64 one, a copy with an
 *   update of its own): `update` on fresh values every step, as the contract has it (an optimizer
 *   may keep the gradient or W it was handed in its state, so nothing it saw is ever overwritten).
 */

/** What a per-step hook sees: W_t, the evaluation at W_t, the update taken and the new state. */
export interface StepContext<S> {
  readonly t: number;
  readonly W: Matrix;
  readonly ev: Evaluation;
  readonly updates: Matrix;
  readonly state: S;
  readonly problem: Problem;
}

/**
 * A per-step hook. What `onStep` is handed (W_t, the evaluation, the update, the state) is the
 * hook's to keep: no later step overwrites it (the engine hands copies of its working buffers when
 * it steps in place), so a hook may hold W_t or ev_t past the call, as the claims' step checks do
 * (they compare step t with t + 1, keep W_0, and certify a failing step's iterates after the run).
 *
 * A hook that reads its context during the call only declares `transient: true`; when every hook
 * of a run does, the engine hands them its working buffers, valid during the call only (a later
 * step overwrites them), and copies nothing: `ctx.state` is then read on demand.
 */
export interface StepHook<S = unknown> {
  onStep(ctx: StepContext<S>): void;
  /** The hook reads its context during `onStep` only and keeps nothing of it (default false). */
  readonly transient?: boolean;
}

/** The engine's iterate and evaluation, stepped one update at a time. */
export interface Stepping<S> {
  /** W_t (valid until `advance`). */
  readonly W: Matrix;
  /** The evaluation at W_t (valid until `advance`). */
  readonly ev: Evaluation;
  /** Takes the update at W_t, shows the step to the hooks, and moves W and ev to step t + 1. */
  advance(t: number): void;
  /** W_t, the state and the evaluation reached, as values of their own. */
  final(): { readonly W: Matrix; readonly state: S; readonly ev: Evaluation };
}

export interface SteppingOptions<S> {
  readonly obj: Objective;
  readonly optimizer: Optimizer<S>;
  readonly problem: Problem;
  /** W_t at the start (the engine's own: the pure way steps from this very matrix) and the optimizer's state there. */
  readonly W: Matrix;
  readonly state: S;
  readonly hooks: readonly StepHook<S>[];
}

/** The in-place way when the optimizer has an in-place form of its own update, else the pure way. */
export function stepping<S>(o: SteppingOptions<S>): Stepping<S> {
  const form = inPlaceOf(o.optimizer);
  return form ? inPlaceStepping(o, form.start(o.state, o.W)) : pureStepping(o);
}

/** A hook context over the engine's working buffers (transient hooks only): the state read on demand. */
class LiveContext<S> implements StepContext<S> {
  t = 0;
  constructor(
    readonly W: Matrix,
    readonly ev: Evaluation,
    public updates: Matrix,
    readonly problem: Problem,
    private readonly stepper: OptimizerStepper<S>,
  ) {}
  get state(): S {
    return this.stepper.state();
  }
}

function inPlaceStepping<S>(o: SteppingOptions<S>, stepper: OptimizerStepper<S>): Stepping<S> {
  const { obj, hooks, problem } = o;
  const W = clone(o.W);
  const ev = new EvaluationBuffers(W.rows, W.cols);
  obj.evaluateInto(W, ev);
  const w = W.data;
  const transient = hooks.every((h) => h.transient === true);
  let live: LiveContext<S> | null = null;
  // the copies handed to hooks that keep them: views of shared chunks (see Float64Slab)
  const slab = new Float64Slab();
  const copy = (a: Float64Array): Float64Array => slab.copy(a);
  const show = (t: number, updates: Matrix): void => {
    let ctx: StepContext<S>;
    if (transient) {
      live ??= new LiveContext(W, ev, updates, problem, stepper);
      live.t = t;
      live.updates = updates;
      ctx = live;
    } else {
      const { rows, cols } = W;
      ctx = { t, W: { rows, cols, data: slab.copy(w) }, ev: ev.snapshot(copy), updates: { rows, cols, data: slab.copy(updates.data) }, state: stepper.state(), problem };
    }
    for (const h of hooks) h.onStep(ctx);
  };
  return {
    W,
    ev,
    advance(t) {
      const updates = stepper.step(ev, W, t);
      if (hooks.length > 0) show(t, updates);
      const u = updates.data;
      for (let e = 0; e < w.length; e++) w[e] = w[e]! + u[e]!;
      obj.evaluateInto(W, ev);
    },
    final: () => ({ W: clone(W), state: stepper.state(), ev: ev.snapshot() }),
  };
}

function pureStepping<S>(o: SteppingOptions<S>): Stepping<S> {
  const { obj, optimizer, hooks, problem } = o;
  let W = o.W;
  let state = o.state;
  let ev = obj.evaluate(W);
  return {
    get W() {
      return W;
    },
    get ev() {
      return ev;
    },
    advance(t) {
      const step = optimizer.update(ev.gradient, state, W, t);
      if (hooks.length > 0) {
        const ctx: StepContext<S> = { t, W, ev, updates: step.updates, state: step.state, problem };
        for (const h of hooks) h.onStep(ctx);
      }
      const next = zeros(W.rows, W.cols);
      for (let e = 0; e < next.data.length; e++) next.data[e] = W.data[e]! + step.updates.data[e]!;
      W = next;
      state = step.state;
      ev = obj.evaluate(W);
    },
    final: () => ({ W, state, ev }),
  };
}
