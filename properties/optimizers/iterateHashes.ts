import { createHash, type Hash } from 'node:crypto';
import { problemFromRecipe } from '../../src/arbitraries/separableProblem.js';
import { gaussianClusters } from '../../src/data/samplers.js';
import type { LossName } from '../../src/losses/index.js';
import { adam, chain, constantSchedule, coordinateDescent, gd, momentumGD, normalizedGD, nsd, optimizerOf, polynomialSchedule, scaleByAdam, scaleBySchedule, signGD, signum, steepestDescent, zeroGuard, type Optimizer } from '../../src/optimizers/index.js';
import { Problem } from '../../src/problem.js';
import { continueTrajectory, runTrajectory, type StepHook } from '../../src/trajectory/run.js';
import { adamBug, adamThen, switchAt, tooLong } from '../faults.js';

/**
 * Fingerprints of the iterates every reference optimizer takes (scripts/optimizer-hashes.ts
 * writes them, iterate-hashes.test.ts checks them): SHA-256 over the bytes of the final W, the
 * final state and log L, and, for the step-by-step runs, of every hook context.
 */

/** Feeds a value's bits to the hash: typed arrays by their bytes, numbers as float64, objects by sorted key. */
function feed(h: Hash, x: unknown): void {
  if (x === null || x === undefined) h.update(String(x));
  else if (typeof x === 'number') h.update(new Uint8Array(Float64Array.of(x).buffer));
  else if (typeof x === 'string' || typeof x === 'boolean') h.update(`${typeof x}:${String(x)}`);
  else if (ArrayBuffer.isView(x)) h.update(new Uint8Array(x.buffer, x.byteOffset, x.byteLength));
  else if (Array.isArray(x)) {
    h.update(`[${x.length}`);
    for (const v of x) feed(h, v);
  } else if (typeof x === 'object') {
    const o = x as Record<string, unknown>;
    for (const key of Object.keys(o).sort()) {
      h.update(`${key}:`);
      feed(h, o[key]);
    }
  } else throw new TypeError(`cannot hash a ${typeof x}`);
}

const hashOf = (...xs: unknown[]): string => {
  const h = createHash('sha256');
  for (const x of xs) feed(h, x);
  return h.digest('hex').slice(0, 32);
};

interface Case {
  readonly name: string;
  readonly problem: () => Problem;
  readonly steps: number;
  readonly loss?: LossName;
}

const small = (): Problem => problemFromRecipe({ recipe: 'clusters', k: 4, d: 3, nPerClass: 2, sigma: 1, seed: 10 }, true);
const wider = (): Problem => problemFromRecipe({ recipe: 'clusters', k: 3, d: 7, nPerClass: 4, sigma: 0.5, seed: 3 }, true);
const teacher = (): Problem => problemFromRecipe({ recipe: 'teacher', k: 5, d: 4, n: 12, seed: 21 });
const paper = (): Problem => new Problem(gaussianClusters({ k: 10, d: 25, nPerClass: 50, sigma: 0.1, seed: 0 }));

export const CASES: readonly Case[] = [
  { name: 'small', problem: small, steps: 3000 },
  { name: 'wider', problem: wider, steps: 2000 },
  { name: 'teacher-exp', problem: teacher, steps: 1500, loss: 'exp' },
  { name: 'small-pll', problem: small, steps: 1000, loss: 'pll' },
  { name: 'paper', problem: paper, steps: 150 },
];

/** Every optimizer of src/optimizers/index.ts, Adam at three ε and with bias correction, and planted faults. */
export const OPTIMIZERS: readonly (readonly [string, () => Optimizer<unknown>])[] = [
  ['gd-constant', () => gd(constantSchedule(0.1))],
  ['gd-poly', () => gd(polynomialSchedule(1, 0.5))],
  ['signGD', () => signGD(polynomialSchedule(1, 0.5))],
  ['nsd-inf', () => nsd(Infinity, polynomialSchedule(0.5, 0.7, 2))],
  ['nsd-2', () => nsd(2, polynomialSchedule(1, 0.5))],
  ['nsd-1', () => nsd(1, polynomialSchedule(1, 0.5))],
  ['nsd-3', () => nsd(3, polynomialSchedule(1, 0.6))],
  ['normalizedGD', () => normalizedGD(constantSchedule(0.05))],
  ['coordinateDescent', () => coordinateDescent(polynomialSchedule(1, 0.5))],
  ['adam-eps0', () => adam(polynomialSchedule(2, 0.8))],
  ['adam-eps1e-8', () => adam(polynomialSchedule(2, 0.8), { eps: 1e-8 })],
  ['adam-eps1e-2', () => adam(polynomialSchedule(2, 0.8), { eps: 1e-2 })],
  ['adam-bias', () => adam(polynomialSchedule(0.1, 0.5), { eps: 1e-8, biasCorrection: true, beta1: 0.8, beta2: 0.95 })],
  ['signum', () => signum(polynomialSchedule(1, 0.5))],
  ['momentumGD', () => momentumGD(constantSchedule(0.05), 0.8)],
  ['fault-adam-no-zero-guard', () => adamBug(polynomialSchedule(2, 0.8), 'no-zero-guard')],
  ['fault-adam-frozen-v', () => adamBug(polynomialSchedule(2, 0.8), 'frozen-v')],
  ['fault-adam-no-one-minus-beta1', () => adamBug(polynomialSchedule(2, 0.8), 'no-one-minus-beta1')],
  ['fault-adam-drifts-to-ngd', () => optimizerOf('drifts', chain(switchAt(100, chain(scaleByAdam(), zeroGuard()), steepestDescent(2)), scaleBySchedule(polynomialSchedule(2, 0.8))))],
  ['fault-adam-then-scale', () => adamThen(polynomialSchedule(2, 0.8), { init: () => null, update: (u, state) => ({ updates: u, state }) })],
  ['fault-too-long-2', () => tooLong(2)(polynomialSchedule(1, 0.5))],
];

/** A hook hashing every step's context (W_t, the evaluation, the update, the state). */
function contextHash<S>(): { hook: StepHook<S>; digest: () => string } {
  const h = createHash('sha256');
  return {
    hook: { onStep: (c) => feed(h, [c.t, c.W.data, c.ev.logLoss, c.ev.logProxy, c.ev.maxLogSampleProxy, c.ev.gradient.logScale, c.ev.gradient.logAbs, c.ev.gradient.sign, c.ev.gradient.mantissa.data, c.updates.data, c.state]) },
    digest: () => h.digest('hex').slice(0, 32),
  };
}

/**
 * name → fingerprint, for every case × optimizer: `final` (a plain run), `steps` (the hooked run's
 * contexts and its final W), `continued` (the run in two halves with continueTrajectory).
 */
export function iterateHashes(only?: (key: string) => boolean): Record<string, string> {
  const out: Record<string, string> = {};
  for (const c of CASES) {
    const pb = c.problem();
    const loss = c.loss ?? 'ce';
    for (const [name, make] of OPTIMIZERS) {
      const key = `${c.name}/${name}`;
      if (only && !only(key)) continue;
      const plain = runTrajectory({ problem: pb, optimizer: make(), steps: c.steps, loss, withMargins: false, checkpoints: [] });
      out[`${key}/final`] = hashOf(plain.final.W.data, plain.final.state, plain.final.ev.logLoss, plain.reached);
      const ctx = contextHash<unknown>();
      const hooked = runTrajectory({ problem: pb, optimizer: make(), steps: c.steps, loss, withMargins: false, checkpoints: [], hooks: [ctx.hook] });
      out[`${key}/steps`] = hashOf(ctx.digest(), hooked.final.W.data, hooked.final.state);
      const opt = make();
      const half = runTrajectory({ problem: pb, optimizer: opt, steps: Math.floor(c.steps / 2), loss, withMargins: false, checkpoints: [] });
      const whole = continueTrajectory(half, { problem: pb, optimizer: opt, steps: c.steps, loss, withMargins: false, checkpoints: [] });
      out[`${key}/continued`] = hashOf(whole.final.W.data, whole.final.state, whole.final.ev.logLoss);
    }
  }
  return out;
}
