import { adam, chain, constantSchedule, gd, nsd, optimizerOf, scaleByAdam, scaleBySchedule, signum, steepestDescent, zeroGuard, type OptimizerFactory, type Transform } from '../../src/index.js';
import { adamBug, adamThen, scaleWhen, switchAt, tooFastDecay, tooLong, uphill } from '../faults.js';
import { plainAdam, plainGD, plainNSD, plainSignum, type PlainAdamState } from './plain.js';

/**
 * What the gate is calibrated and tested on: every family's reference optimizer exposed through
 * the public contract (a factory from the package entry, as a user module would export it), the
 * plain textbook implementations (float64, and float32 for two families), and the planted faults
 * wrapped as user factories, each with the family it claims.
 */
export interface Candidate {
  readonly name: string;
  readonly as: string;
  readonly options?: Record<string, number | boolean | string>;
  readonly factory: OptimizerFactory;
}

export const CORRECT: readonly Candidate[] = [
  { name: 'reference GD', as: 'gd', factory: (s) => gd(s) },
  { name: 'reference NGD', as: 'ngd', factory: (s) => nsd(2, s) },
  { name: 'reference SignGD', as: 'signgd', factory: (s) => nsd(Infinity, s) },
  { name: 'reference CD', as: 'cd', factory: (s) => nsd(1, s) },
  { name: 'reference NSD p=3', as: 'nsd:3', factory: (s) => nsd(3, s) },
  { name: 'reference Adam', as: 'adam', factory: (s) => adam(s) },
  { name: 'reference Adam (β₂ = 0.999, bias-corrected)', as: 'adam', options: { beta2: 0.999, biasCorrection: true }, factory: (s) => adam(s, { beta2: 0.999, biasCorrection: true }) },
  { name: 'reference Adam ε = 1e-8', as: 'adam-eps', options: { eps: 1e-8 }, factory: (s) => adam(s, { eps: 1e-8 }) },
  { name: 'reference Signum', as: 'signum', factory: (s) => signum(s) },
  { name: 'plain GD', as: 'gd', factory: plainGD() },
  { name: 'plain NGD', as: 'ngd', factory: plainNSD(2) },
  { name: 'plain SignGD', as: 'signgd', factory: plainNSD(Infinity) },
  { name: 'plain CD', as: 'cd', factory: plainNSD(1) },
  { name: 'plain NSD p=3', as: 'nsd:3', factory: plainNSD(3) },
  { name: 'plain Adam', as: 'adam', factory: plainAdam() },
  { name: 'plain Adam (β₂ = 0.999, bias-corrected)', as: 'adam', options: { beta2: 0.999, biasCorrection: true }, factory: plainAdam({ beta2: 0.999, biasCorrection: true }) },
  { name: 'plain Adam ε = 1e-8', as: 'adam-eps', options: { eps: 1e-8 }, factory: plainAdam({ eps: 1e-8 }) },
  { name: 'plain Signum', as: 'signum', factory: plainSignum() },
  { name: 'plain SignGD float32', as: 'signgd', factory: plainNSD(Infinity, 'float32') },
  { name: 'plain Adam float32', as: 'adam', factory: plainAdam({}, 'float32') },
];

/** Plain float64 Adam without the 0/0 guard (the textbook update m/√v). */
const adamNoGuard: OptimizerFactory<PlainAdamState> = (s) => {
  const inner = plainAdam()(s);
  return {
    ...inner,
    name: 'plain Adam without the 0/0 guard',
    update(g, st, W, t) {
      const r = inner.update(g, st, W, t);
      const data = r.updates.data.slice();
      const { m, v } = r.state;
      for (let e = 0; e < data.length; e++) data[e] = (-s(t) * m[e]!) / Math.sqrt(v[e]!);
      return { updates: { ...r.updates, data }, state: r.state };
    },
  };
};

/** `before` then NGD from step N on (a branch taken only in long runs), as properties/fan2025/rates.specs.ts. */
function driftsAfter(N: number, before: Transform<unknown>): OptimizerFactory {
  return (s) => optimizerOf(`drifts to NGD after t = ${N} (${s.description})`, chain(switchAt(N, before, steepestDescent(2)), scaleBySchedule(s)));
}

/** A plain float64 (or float32) SignGD whose steps are 1% too long. */
const plainSignGdTooLong =
  (a: 'float64' | 'float32'): OptimizerFactory =>
  (s) => {
    const inner = plainNSD(Infinity, a)(s);
    return { ...inner, update: (g, st, W, t) => ({ updates: { ...W, data: inner.update(g, st, W, t).updates.data.map((x) => 1.01 * x) }, state: st }) };
  };

/**
 * The registry's planted optimizer faults (properties/faults.ts and the sectionSuite specs of
 * properties/fan2025, properties/ravi2024), each claimed as the family it imitates, and two
 * false bias claims for `custom`.
 */
export const FAULTS: readonly Candidate[] = [
  { name: 'uphill SignGD', as: 'signgd', factory: uphill(Infinity) },
  { name: 'uphill NGD', as: 'ngd', factory: uphill(2) },
  { name: 'uphill coordinate descent', as: 'cd', factory: uphill(1) },
  { name: 'uphill NSD p = 3', as: 'nsd:3', factory: uphill(3) },
  { name: 'SignGD steps 10% too long', as: 'signgd', factory: tooLong(Infinity) },
  { name: 'NGD steps 10% too long', as: 'ngd', factory: tooLong(2) },
  { name: 'coordinate descent steps 10% too long', as: 'cd', factory: tooLong(1) },
  { name: 'SignGD steps 1% too long (plain float64)', as: 'signgd', factory: plainSignGdTooLong('float64') },
  { name: 'SignGD steps 1% too long (plain float32)', as: 'signgd', factory: plainSignGdTooLong('float32') },
  { name: 'SignGD with too-fast decay', as: 'signgd', factory: (s) => nsd(Infinity, tooFastDecay(s)) },
  { name: 'NGD passed off as SignGD', as: 'signgd', factory: (s) => nsd(2, s) },
  { name: 'SignGD passed off as GD', as: 'gd', factory: (s) => nsd(Infinity, constantSchedule(s(0) / 10)) },
  { name: 'SignGD drifting to NGD after 5000 steps', as: 'signgd', factory: driftsAfter(5000, steepestDescent(Infinity)) },
  { name: 'Adam without (1 − β₁)', as: 'adam', factory: (s) => adamBug(s, 'no-one-minus-beta1') },
  { name: 'Adam with frozen v', as: 'adam', factory: (s) => adamBug(s, 'frozen-v') },
  { name: 'Adam 0/0 (no guard, the registry\'s)', as: 'adam', factory: (s) => adamBug(s, 'no-zero-guard') },
  { name: 'Adam 0/0 (a textbook float64 Adam, no guard)', as: 'adam', factory: adamNoGuard },
  { name: 'Adam stepping uphill on every 97th step', as: 'adam', factory: (s) => adamThen(s, scaleWhen(-1, (t) => t % 97 === 96)) },
  { name: 'Adam with too-fast decay', as: 'adam', factory: (s) => adam(tooFastDecay(s)) },
  { name: 'Adam with ε = 10⁻² passed off as ε = 0', as: 'adam', factory: (s) => adam(s, { eps: 1e-2 }) },
  { name: 'Adam drifting to NGD after 5000 steps', as: 'adam', factory: driftsAfter(5000, chain(scaleByAdam(), zeroGuard())) },
  { name: 'Adam whose ε enters 10⁶ times too large', as: 'adam-eps', options: { eps: 1e-8 }, factory: (s) => adam(s, { eps: 1e-2 }) },
  { name: 'NGD claimed max-norm bias', as: 'custom', options: { expect: 'max' }, factory: (s) => nsd(2, s) },
  { name: 'SignGD claimed 2-norm bias', as: 'custom', options: { expect: '2' }, factory: (s) => nsd(Infinity, s) },
];
