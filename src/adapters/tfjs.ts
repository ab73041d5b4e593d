import { ArgumentError } from '../errors.js';
import type { Matrix } from '../linalg/matrix.js';
import { plainGradient, type ScaledGradient } from '../linalg/scaled.js';
import type { AdamOptions } from '../optimizers/optimizers.js';
import type { Schedule } from '../optimizers/schedule.js';
import type { Optimizer } from '../optimizers/types.js';

/**
 * An optimizer from TensorFlow.js (`tf.train.sgd`, `tf.train.momentum`, `tf.train.adam`, …),
 * used as it is, behind the harness's contract (issue #9, "Adapters"). TensorFlow.js is an
 * optional dependency: this module never imports it; the caller hands in the `tf` module, e.g.
 *
 *   import * as tf from '@tensorflow/tfjs-core';
 *   import '@tensorflow/tfjs-backend-cpu';
 *   export default fromTfjs(tf, (lr) => tf.train.adam(lr, 0.9, 0.999, 1e-7));
 *
 * Design, from the tfjs-core 4.22.0 sources (dist/optimizers/*.js):
 * - The schedule. A tfjs optimizer takes its learning rate at construction, but every
 *   `applyGradients` reads it afresh: Adam `mul(…, -this.learningRate)`, Adagrad, Adadelta,
 *   Adamax `-this.learningRate`, RMSProp `mul(gradient, this.learningRate)`; SGD and Momentum
 *   read the scalar `this.c`, which `setLearningRate(lr)` replaces (sgd_optimizer.js:
 *   `this.learningRate = learningRate; … this.c = keep(scalar(-learningRate))`). So before step
 *   t the adapter sets η_t, through `setLearningRate` where the optimizer has it and the
 *   `learningRate` field otherwise, and checks `getConfig().learningRate` took it. This is what a
 *   user's learning-rate schedule does, and it is faithful where rescaling the output is not:
 *   RMSProp with momentum folds the learning rate into its accumulator
 *   (`newAccumulatedMoments = momentum·moments + lr·g/√(ms + ε)`), so its update is not η_t
 *   times a schedule-free direction.
 * - No cancellation. Every tfjs optimizer's new value is `add(δ, value)` or `sub(value, δ)`
 *   with δ computed from the gradient and the optimizer's own accumulators only (no weight
 *   decay in tfjs-core), so the adapter keeps a float32 variable that it resets to 0 before
 *   each `applyGradients` and reads back δ exactly (0 + δ and 0 − δ are exact). Reading
 *   W_{t+1} − W_t off a variable holding W_t would lose the update's low bits to W's magnitude.
 * - float32. Gradients enter as a Float32Array (entries below the float32 range become 0 —
 *   the float32 precision horizon, `beyondHorizon(…, 'float32')`); `precision` is 'float32'.
 *   A backend that does not compute in float32 (WebGL at float16) is refused.
 * - State. The contract's state is explicit and immutable; tfjs keeps its accumulators inside
 *   the optimizer object. The adapter's state is a persistent history of (float32 gradient, η)
 *   per step; one live tfjs optimizer follows the newest state, and `update` from any other
 *   state (a branch, a second run, a replay) rebuilds a fresh tfjs optimizer and replays that
 *   state's history first, so `update` behaves as a pure function of its arguments.
 * - Disposal. Each step's tensors are created and released inside `tf.tidy`; the live
 *   optimizer and its variable are disposed when replaced, by `dispose()`, or when the adapted
 *   optimizer is garbage-collected (FinalizationRegistry). The tensor count stays flat.
 * - Moments. tfjs exposes an optimizer's accumulators only through `getWeights()`, which is
 *   async (`async getWeights()` in every optimizer class), so the adapter has no `moments`
 *   accessor: the Lemma D.1 checks cannot read a tfjs Adam's m and v.
 * - Adam. tfjs Adam is bias-corrected (`div(newFirstMoment, oneMinusAccBeta1)` with
 *   accBeta = β^{k+1} kept as a float32 variable) and adds ε outside the square root
 *   (`add(sqrt(biasCorrectedSecondMoment), this.epsilon)`), with ε = `ENGINE.backend.epsilon()`
 *   = 1e-7 (EPSILON_FLOAT32, backends/backend.js) when not given: it is the `adam-eps` family
 *   with `{ beta1, beta2, eps, biasCorrection: true }`, which `reference` reports.
 */

/** The part of a tfjs tensor the adapter uses. */
export interface TfTensorLike {
  dataSync(): ArrayLike<number>;
  dispose(): void;
}

/** The part of a tfjs variable the adapter uses. */
export interface TfVariableLike extends TfTensorLike {
  readonly name: string;
  assign(value: TfTensorLike): void;
}

/** The part of a tfjs optimizer (`tf.Optimizer`) the adapter uses. */
export interface TfOptimizerLike {
  applyGradients(grads: { name: string; tensor: TfTensorLike }[] | Record<string, TfTensorLike>): void;
  getConfig(): Record<string, unknown>;
  dispose(): void;
  setLearningRate?(learningRate: number): void;
}

/** The part of the `tf` module the adapter uses (`@tensorflow/tfjs-core` or `@tensorflow/tfjs`). */
export interface TfModuleLike {
  tensor2d(values: Float32Array, shape: [number, number], dtype: 'float32'): TfTensorLike;
  zeros(shape: [number, number], dtype: 'float32'): TfTensorLike;
  variable(initial: TfTensorLike, trainable?: boolean, name?: string, dtype?: 'float32'): TfVariableLike;
  tidy(fn: () => void): void;
  backend(): { floatPrecision(): number };
}

/** Builds a tfjs optimizer at a learning rate, e.g. `(lr) => tf.train.adam(lr)`. */
export type TfOptimizerBuilder = (learningRate: number) => TfOptimizerLike;

/** What the adapted tfjs optimizer is, for the gate to compare it against a reference family. */
export interface TfjsDescription {
  /** The tfjs class name ('SGD', 'Momentum', 'Adam', …). */
  readonly className: string;
  /** Its `getConfig()` without the learning rate (the schedule sets it; ε resolved to the backend's default where not given). */
  readonly config: Readonly<Record<string, unknown>>;
  /**
   * The reference it implements: 'gd' (SGD, `gd`), 'momentum' (Momentum without Nesterov,
   * `momentumGD(schedule, momentum)`), 'adam-eps' (Adam, `adam(schedule, adam)`), or null.
   */
  readonly family: 'gd' | 'momentum' | 'adam-eps' | null;
  /** For Adam: the reference `adam` options it implements (bias-corrected, ε outside √v). */
  readonly adam?: Required<AdamOptions>;
  /** For Momentum: μ. */
  readonly momentum?: number;
}

/** The adapted optimizer: the contract plus what the tfjs optimizer is, and explicit disposal. */
export interface TfjsOptimizer extends Optimizer<TfjsState> {
  readonly precision: 'float32';
  readonly tfjs: TfjsDescription;
  /** Releases the live tfjs optimizer and variable (later updates rebuild them). */
  dispose(): void;
}

/** An `OptimizerFactory` (assignable to one) whose optimizers also describe the tfjs optimizer and can be disposed. */
export type TfjsFactory = (schedule: Schedule) => TfjsOptimizer;

/** One applied step: its float32 gradient and learning rate, after the steps before it. */
interface HistoryNode {
  readonly prev: HistoryNode | null;
  readonly grad: Float32Array;
  readonly eta: number;
}

/** The adapter's state: the run it belongs to (its shape) and the steps applied so far. */
export interface TfjsState {
  readonly run: RunId;
  readonly history: HistoryNode | null;
}

interface RunId {
  readonly rows: number;
  readonly cols: number;
}

/** The one tfjs optimizer kept in step with the newest state. */
interface LiveRun {
  readonly run: RunId;
  head: HistoryNode | null;
  readonly optimizer: TfOptimizerLike;
  readonly variable: TfVariableLike;
}

interface Holder {
  live: LiveRun | null;
}

/**
 * Disposes a tfjs optimizer. MomentumOptimizer.dispose() (momentum_optimizer.js) disposes
 * `this.m` and the accumulations but not the learning-rate scalar `this.c` its SGDOptimizer
 * base keeps (`this.c = keep(scalar(-learningRate))`): one leaked tensor per Momentum
 * optimizer, so `c` is released here too (disposing a disposed tensor is a no-op).
 */
function disposeOptimizer(o: TfOptimizerLike): void {
  o.dispose();
  const c: unknown = 'c' in o ? o.c : undefined;
  if (typeof c === 'object' && c !== null && 'dispose' in c && typeof c.dispose === 'function') c.dispose();
}

function disposeLive(h: Holder): void {
  if (!h.live) return;
  disposeOptimizer(h.live.optimizer);
  h.live.variable.dispose();
  h.live = null;
}

const finalizer = new FinalizationRegistry<Holder>(disposeLive);

function className(o: TfOptimizerLike): string {
  const ctor: unknown = Object.getPrototypeOf(o)?.constructor;
  const name = typeof ctor === 'function' && 'className' in ctor ? ctor.className : undefined;
  return typeof name === 'string' ? name : 'unknown';
}

function describe(o: TfOptimizerLike): TfjsDescription {
  const cls = className(o);
  const { learningRate: _lr, ...config } = o.getConfig();
  const num = (key: string): number => {
    const v = config[key];
    if (typeof v !== 'number') throw new ArgumentError(`tfjs ${cls}: getConfig().${key} is not a number (${String(v)})`);
    return v;
  };
  if (cls === 'SGD') return { className: cls, config, family: 'gd' };
  if (cls === 'Momentum' && config['useNesterov'] !== true) return { className: cls, config, family: 'momentum', momentum: num('momentum') };
  if (cls === 'Adam') return { className: cls, config, family: 'adam-eps', adam: { beta1: num('beta1'), beta2: num('beta2'), eps: num('epsilon'), biasCorrection: true } };
  return { className: cls, config, family: null };
}

/** Sets a tfjs optimizer's learning rate for the next step (see the module comment). */
function setLearningRate(o: TfOptimizerLike, eta: number, cls: string): void {
  if (typeof o.setLearningRate === 'function') o.setLearningRate(eta);
  else if ('learningRate' in o && typeof o.learningRate === 'number') Object.assign(o, { learningRate: eta });
  else throw new ArgumentError(`tfjs ${cls}: the optimizer has neither setLearningRate nor a numeric learningRate field, so the schedule cannot reach it`);
  const got = o.getConfig()['learningRate'];
  if (got !== eta) throw new ArgumentError(`tfjs ${cls}: setting the learning rate to ${eta} left getConfig().learningRate = ${String(got)}`);
}

/**
 * What a tfjs optimizer builder makes, without a schedule: for a module's `gate` export, e.g.
 * `export const gate = describeTfjs(build).adam` ({ beta1, beta2, eps, biasCorrection: true })
 * with `--as adam-eps`. Builds one optimizer at learning rate 1 and disposes it.
 */
export function describeTfjs(build: TfOptimizerBuilder): TfjsDescription {
  if (typeof build !== 'function') throw new ArgumentError('describeTfjs: the argument must build a tfjs optimizer from a learning rate, e.g. (lr) => tf.train.adam(lr)');
  const probe = build(1);
  try {
    return describe(probe);
  } finally {
    disposeOptimizer(probe);
  }
}

function checkEta(eta: number, t: number): void {
  if (!(eta > 0) || !Number.isFinite(eta)) throw new ArgumentError(`tfjs adapter: the schedule gave η_${t} = ${eta}; a learning rate must be positive and finite`);
}

/**
 * Turns a tfjs optimizer builder into an `OptimizerFactory`: the harness hands in the schedule,
 * and each step runs the tfjs optimizer's own `applyGradients` at η_t.
 */
export function fromTfjs(tf: TfModuleLike, build: TfOptimizerBuilder): TfjsFactory {
  if (typeof tf?.tidy !== 'function' || typeof tf.variable !== 'function' || typeof tf.tensor2d !== 'function') {
    throw new ArgumentError('fromTfjs: the first argument must be the TensorFlow.js module (import * as tf from "@tensorflow/tfjs-core" with a backend, or "@tensorflow/tfjs")');
  }
  if (typeof build !== 'function') throw new ArgumentError('fromTfjs: the second argument must build a tfjs optimizer from a learning rate, e.g. (lr) => tf.train.adam(lr)');
  return (schedule: Schedule): TfjsOptimizer => adapt(tf, build, schedule);
}

function adapt(tf: TfModuleLike, build: TfOptimizerBuilder, schedule: Schedule): TfjsOptimizer {
  const precision = tf.backend().floatPrecision();
  if (precision !== 32) throw new ArgumentError(`tfjs adapter: the active backend computes in float${precision}; only float32 backends (cpu, tensorflow, wasm) are supported`);
  const eta0 = schedule(0);
  checkEta(eta0, 0);
  const tfjs = describeTfjs(build);
  const cls = tfjs.className;
  const holder: Holder = { live: null };

  const fresh = (run: RunId): LiveRun => {
    const optimizer = build(eta0);
    const zero = tf.zeros([run.rows, run.cols], 'float32');
    const variable = tf.variable(zero, true, undefined, 'float32');
    zero.dispose();
    return { run, head: null, optimizer, variable };
  };

  /** One tfjs step from the live run's head: W reset to 0, applyGradients at η, δ read back. */
  const apply = (live: LiveRun, grad: Float32Array, eta: number): Float32Array => {
    setLearningRate(live.optimizer, eta, cls);
    tf.tidy(() => {
      live.variable.assign(tf.zeros([live.run.rows, live.run.cols], 'float32'));
      live.optimizer.applyGradients([{ name: live.variable.name, tensor: tf.tensor2d(grad, [live.run.rows, live.run.cols], 'float32') }]);
    });
    return Float32Array.from(live.variable.dataSync());
  };

  /** The live run positioned at `state`: reused when it is there, else rebuilt and replayed. */
  const liveAt = (state: TfjsState): LiveRun => {
    const cur = holder.live;
    if (cur && cur.run === state.run && cur.head === state.history) return cur;
    disposeLive(holder);
    const live = fresh(state.run);
    holder.live = live;
    const path: HistoryNode[] = [];
    for (let n = state.history; n; n = n.prev) path.push(n);
    for (let i = path.length - 1; i >= 0; i--) {
      apply(live, path[i]!.grad, path[i]!.eta);
      live.head = path[i]!;
    }
    return live;
  };

  const opt: TfjsOptimizer = {
    name: `TensorFlow.js ${cls} (${JSON.stringify(tfjs.config)}; ${schedule.description})`,
    precision: 'float32',
    tfjs,
    init: (params: Matrix): TfjsState => ({ run: { rows: params.rows, cols: params.cols }, history: null }),
    update(g: ScaledGradient, state: TfjsState, params: Matrix, t: number) {
      const { rows, cols } = state.run;
      if (params.rows !== rows || params.cols !== cols) throw new ArgumentError(`tfjs adapter: params are ${params.rows}x${params.cols}, the state was initialised for ${rows}x${cols}`);
      const eta = schedule(t);
      checkEta(eta, t);
      const grad = Float32Array.from(plainGradient(g).data);
      const live = liveAt(state);
      const delta = apply(live, grad, eta);
      const history: HistoryNode = { prev: state.history, grad, eta };
      live.head = history;
      return { updates: { rows, cols, data: Float64Array.from(delta) }, state: { run: state.run, history } };
    },
    dispose: () => disposeLive(holder),
  };
  finalizer.register(opt, holder);
  return opt;
}
