/**
 * The engine's contract with hooks and optimizers when it steps in place (issue #11): a hook may
 * keep what it is handed (the claims' step checks keep W_t and ev_t past the call, and W_0 to the
 * end); a transient hook is handed the working buffers, which later steps overwrite; the returned
 * `final` is the run's own; a copy of an optimizer with an update of its own runs that update.
 */
import { describe, expect, test } from 'vitest';
import { problemFromRecipe } from '../../src/arbitraries/index.js';
import { clone, type Matrix } from '../../src/linalg/matrix.js';
import { crossEntropy } from '../../src/losses/index.js';
import { Objective, type Evaluation } from '../../src/losses/objective.js';
import { adam, chain, optimizerOf, polynomialSchedule, scaleBySchedule, signGD, signum, steepestDescent, type Optimizer, type Transform } from '../../src/optimizers/index.js';
import { continueTrajectory, runTrajectory, type StepContext, type StepHook } from '../../src/trajectory/run.js';

const pb = problemFromRecipe({ recipe: 'clusters', k: 4, d: 3, nPerClass: 2, sigma: 1, seed: 10 }, true);
const T = 300;

/** A deep copy of plain data (typed arrays, arrays, objects, numbers). */
function deepCopy<X>(x: X): X {
  return structuredClone(x);
}

const copyEvaluation = (ev: Evaluation): Evaluation => ({
  logLoss: ev.logLoss,
  logProxy: ev.logProxy,
  maxLogSampleProxy: ev.maxLogSampleProxy,
  gradient: { mantissa: clone(ev.gradient.mantissa), logScale: ev.gradient.logScale, logAbs: ev.gradient.logAbs.slice(), sign: ev.gradient.sign.slice() },
});

interface Kept<S> {
  readonly kept: StepContext<S>;
  readonly copy: { W: Matrix; ev: Evaluation; updates: Matrix; state: S };
}

/** Keeps every context it is handed, with a deep copy of it taken during the call. */
function keeper<S>(transient: boolean): StepHook<S> & { readonly seen: Kept<S>[] } {
  const seen: Kept<S>[] = [];
  return {
    transient,
    seen,
    onStep(c) {
      seen.push({ kept: c, copy: { W: clone(c.W), ev: copyEvaluation(c.ev), updates: clone(c.updates), state: deepCopy(c.state) } });
    },
  };
}

const inPlaceOptimizers: readonly (readonly [string, () => Optimizer<unknown>])[] = [
  ['Adam', () => adam(polynomialSchedule(2, 0.8))],
  ['SignGD', () => signGD(polynomialSchedule(1, 0.5))],
  ['Signum', () => signum(polynomialSchedule(1, 0.5))],
];

/** The same optimizer without its in-place form (a copy with an update of its own): the pure way. */
const pure = (o: Optimizer<unknown>): Optimizer<unknown> => ({ ...o, update: (g, s, W, t) => o.update(g, s, W, t) });

describe('hooks may keep what they are handed', () => {
  for (const [name, make] of inPlaceOptimizers) {
    test(`${name}: every kept W_t, ev_t, update and state still holds its step's values after the run`, () => {
      expect(make().inPlace).toBeDefined();
      const h = keeper<unknown>(false);
      const tr = runTrajectory({ problem: pb, optimizer: make(), steps: T, hooks: [h], checkpoints: [], withMargins: false });
      expect(h.seen).toHaveLength(T);
      for (const { kept, copy } of h.seen) {
        expect(kept.W).toEqual(copy.W);
        expect(kept.ev).toEqual(copy.ev);
        expect(kept.updates).toEqual(copy.updates);
        expect(kept.state).toEqual(copy.state);
      }
      // consecutive kept iterates are W_{t+1} = W_t + updates_t, and the last one steps to final.W
      for (let t = 0; t + 1 < T; t++) {
        const { kept } = h.seen[t]!;
        expect(h.seen[t + 1]!.kept.W.data).toEqual(kept.W.data.map((w, e) => w + kept.updates.data[e]!));
      }
      const last = h.seen[T - 1]!.kept;
      expect(tr.final.W.data).toEqual(last.W.data.map((w, e) => w + last.updates.data[e]!));
    });

    test(`${name}: the in-place way takes the pure way's steps, hook contexts and final state bit for bit`, () => {
      const [a, b] = [keeper<unknown>(false), keeper<unknown>(false)];
      const fast = runTrajectory({ problem: pb, optimizer: make(), steps: T, hooks: [a] });
      const slow = runTrajectory({ problem: pb, optimizer: pure(make()), steps: T, hooks: [b] });
      expect(a.seen.map((s) => s.copy)).toEqual(b.seen.map((s) => s.copy));
      expect(fast.final).toEqual(slow.final);
      expect(fast.checkpoints).toEqual(slow.checkpoints);
    });
  }

  test("final is the run's own: W, ev and state are not the engine's buffers, and continuing a run leaves it as it was", () => {
    const opt = adam(polynomialSchedule(2, 0.8));
    const tr = runTrajectory({ problem: pb, optimizer: opt, steps: T, checkpoints: [], withMargins: false });
    const before = deepCopy(tr.final);
    const ev = new Objective(pb.dataset, crossEntropy).evaluate(tr.final.W);
    expect(tr.final.ev).toEqual(ev);
    const more = continueTrajectory(tr, { problem: pb, optimizer: opt, steps: 2 * T, checkpoints: [], withMargins: false });
    expect(tr.final).toEqual(before);
    expect(more.final.W).not.toEqual(before.W);
    const whole = runTrajectory({ problem: pb, optimizer: opt, steps: 2 * T, checkpoints: [], withMargins: false });
    expect(more.final).toEqual(whole.final);
  });
});

describe('transient hooks are handed the working buffers, valid during the call only', () => {
  test('the same W and evaluation objects every step, overwritten by later steps; the state read on demand is the step\'s', () => {
    const opt = (): Optimizer<unknown> => adam(polynomialSchedule(2, 0.8));
    const t = keeper<unknown>(true);
    const kept = keeper<unknown>(false);
    runTrajectory({ problem: pb, optimizer: opt(), steps: T, hooks: [t], checkpoints: [], withMargins: false });
    runTrajectory({ problem: pb, optimizer: opt(), steps: T, hooks: [kept], checkpoints: [], withMargins: false });
    // during the call, a transient hook sees exactly what a keeping hook is handed
    expect(t.seen.map((s) => s.copy)).toEqual(kept.seen.map((s) => s.copy));
    // no copies: one W, one evaluation, one context for the whole run
    expect(new Set(t.seen.map((s) => s.kept)).size).toBe(1);
    expect(new Set(t.seen.map((s) => s.kept.W)).size).toBe(1);
    expect(new Set(t.seen.map((s) => s.kept.ev)).size).toBe(1);
    // and so a transient hook that keeps W_0 anyway finds it overwritten: the contract forbids keeping
    expect(t.seen[0]!.kept.W).not.toEqual(t.seen[0]!.copy.W);
    expect(t.seen[0]!.kept.ev.logLoss).not.toBe(t.seen[0]!.copy.ev.logLoss);
  });

  test('one hook that keeps its contexts makes the engine copy for every hook', () => {
    const [t, k] = [keeper<unknown>(true), keeper<unknown>(false)];
    runTrajectory({ problem: pb, optimizer: signGD(polynomialSchedule(1, 0.5)), steps: T, hooks: [t, k], checkpoints: [], withMargins: false });
    for (const { kept, copy } of [...t.seen, ...k.seen]) expect(kept.W).toEqual(copy.W);
  });
});

describe('an in-place form stands for its own update only', () => {
  test('{ ...opt, update } runs the new update (a planted fault is not replaced by the in-place reference)', () => {
    const s = polynomialSchedule(1, 0.5);
    const ref = signGD(s);
    const longer: Optimizer<readonly [null, null]> = { ...ref, update: (g, st, W, t) => ({ updates: { ...W, data: ref.update(g, st, W, t).updates.data.map((x) => 1.01 * x) }, state: st }) };
    expect(longer.inPlace).toBeDefined();
    const plain: Optimizer<readonly [null, null]> = { name: 'x', init: ref.init, update: longer.update };
    const a = runTrajectory({ problem: pb, optimizer: longer, steps: T, checkpoints: [], withMargins: false });
    const b = runTrajectory({ problem: pb, optimizer: plain, steps: T, checkpoints: [], withMargins: false });
    const c = runTrajectory({ problem: pb, optimizer: ref, steps: T, checkpoints: [], withMargins: false });
    expect(a.final.W).toEqual(b.final.W);
    expect(a.final.W).not.toEqual(c.final.W);
  });

  test('a transform copied with an update of its own, or without an in-place form, is stepped by its own update', () => {
    const s = polynomialSchedule(1, 0.5);
    const step = scaleBySchedule(s);
    const longer: Transform<null> = {
      ...step,
      update(u, st, params, t) {
        const r = step.update(u, st, params, t);
        return { updates: { factor: r.updates.factor.map((x) => 1.01 * x), log: r.updates.log }, state: st };
      },
    };
    const bare: Transform<null> = { init: step.init, update: longer.update };
    const runs = [chain(steepestDescent(2), longer), chain(steepestDescent(2), bare), chain(steepestDescent(2), step)].map((tr) => {
      const opt = optimizerOf('x', tr);
      expect(opt.inPlace?.of).toBe(opt.update);
      return [runTrajectory({ problem: pb, optimizer: opt, steps: T, checkpoints: [], withMargins: false }), runTrajectory({ problem: pb, optimizer: pure(opt), steps: T, checkpoints: [], withMargins: false })] as const;
    });
    for (const [inPlace, pureWay] of runs) expect(inPlace.final).toEqual(pureWay.final);
    expect(runs[0]![0].final.W).toEqual(runs[1]![0].final.W);
    expect(runs[0]![0].final.W).not.toEqual(runs[2]![0].final.W);
  });
});
