/**
 * The optimizer-under-test contract as the claims use it (issue #9): claims that read Adam's
 * moments say so (`needs`) and refuse an optimizer without the accessor with a clear error; a
 * plain-arithmetic optimizer's run stops at its precision horizon, and a check that needs steps
 * past it is reported as not checked, never as a silent pass.
 */
import { describe, expect, test } from 'vitest';
import { problemFromRecipe } from '../../src/arbitraries/index.js';
import { trajectoryAdamDirection, trajectoryAdamMoments, trajectoryDescent, type RunInput } from '../../src/claims/fan2025/trajectories.js';
import { adamEpsilonOverlap } from '../../src/claims/fan2025/rates.js';
import { descentInequality } from '../../src/claims/fan2025/section5.js';
import { allClaims, runClaim } from '../../src/claims/index.js';
import type { CheckOutcome } from '../../src/claims/types.js';
import { ArgumentError } from '../../src/errors.js';
import { adam, nsd, type OptimizerFactory } from '../../src/optimizers/index.js';
import * as ibh from '../../src/index.js';

/** A user's SignGD in plain float64, written against the package entry only. */
const userSignGD: ibh.OptimizerFactory<null> = (schedule) => ({
  name: 'user SignGD (float64)',
  precision: 'float64',
  init: () => null,
  update(g, state, _W, t) {
    const p = ibh.plainGradient(g);
    return { updates: { ...p, data: p.data.map((v) => -schedule(t) * Math.sign(v)) }, state };
  },
});

/** A user's Adam (ε = 0) in plain float64 with plain moments, guarding 0/0 where m = v = 0. */
const userAdam: ibh.OptimizerFactory<{ m: Float64Array; v: Float64Array }> = (schedule) => ({
  name: 'user Adam (float64)',
  precision: 'float64',
  init: (W) => ({ m: new Float64Array(W.data.length), v: new Float64Array(W.data.length) }),
  update(g, st, _W, t) {
    const p = ibh.plainGradient(g);
    const m = st.m.map((x, e) => 0.9 * x + 0.1 * p.data[e]!);
    const v = st.v.map((x, e) => 0.99 * x + 0.01 * p.data[e]! * p.data[e]!);
    return { updates: { ...p, data: m.map((x, e) => (x === 0 ? 0 : (-schedule(t) * x) / Math.sqrt(v[e]!))) }, state: { m, v } };
  },
  moments: (st) => ({ m: st.m, v: st.v }),
});

const list = (o: CheckOutcome | readonly CheckOutcome[]): readonly CheckOutcome[] => (Array.isArray(o) ? o : [o as CheckOutcome]);
/** The reference optimizer with its accessor removed / declared as plain float64 arithmetic. */
const withoutMoments: OptimizerFactory = (s) => {
  const { moments: _m, ...rest } = adam(s);
  return rest;
};
const asPlain = (make: OptimizerFactory, precision: 'float64' | 'float32' = 'float64'): OptimizerFactory => (s) => ({ ...make(s), precision });

/** An unnormalised problem with a large step: the loss leaves the float64 range within the run. */
const deep: RunInput = { problem: problemFromRecipe({ recipe: 'clusters', k: 3, d: 4, nPerClass: 5, sigma: 0.1, seed: 7 }), eta0: 5, a: 0.5, steps: 3000 };

describe('optimizer contract in the claims', () => {
  test('the claims that read moments declare it, and only they', () => {
    const needing = allClaims().filter((c) => c.needs?.includes('moments')).map((c) => c.id).sort();
    expect(needing).toEqual(['fan2025/adam-eps-overlap', 'fan2025/traj-adam-D.4', 'fan2025/traj-adam-moments']);
  });

  test('a claim that needs moments throws an ArgumentError naming Optimizer.moments when the optimizer has none', () => {
    for (const claim of [trajectoryAdamMoments({ optimizer: withoutMoments }), trajectoryAdamDirection({ optimizer: withoutMoments })]) {
      expect(() => claim.check(deep)).toThrow(ArgumentError);
      expect(() => claim.check(deep)).toThrow(/needs Optimizer\.moments/);
    }
    expect(() => adamEpsilonOverlap({ candidates: [(s) => adam(s, { eps: 1e-8 })] })).toThrow(ArgumentError);
  });

  test('a float64 optimizer is checked up to its precision horizon, and the outcomes say so', () => {
    const ref = list(trajectoryDescent(Infinity).check(deep));
    expect(ref.every((o) => o.ok && o.horizon === undefined)).toBe(true);
    const plain = list(trajectoryDescent(Infinity, 'ce', { optimizer: asPlain((s) => nsd(Infinity, s)) }).check(deep));
    expect(plain.length).toBeGreaterThan(0);
    for (const o of plain) {
      expect(o.ok).toBe(true);
      expect(o.horizon?.precision).toBe('float64');
      expect(o.note).toMatch(/precision horizon t = \d+/);
    }
  });

  test('a check that needs steps past the horizon is "not checked", and the runner counts it', () => {
    // float32 Adam on these data: the horizon comes within the first third of the run.
    const claim = trajectoryAdamDirection({ optimizer: asPlain((s) => adam(s), 'float32') });
    const os = list(claim.check(deep));
    expect(os).toHaveLength(1);
    expect(os[0]!.unchecked).toBe(true);
    expect(os[0]!.note).toMatch(/^not checked/);
    const r = runClaim({ ...claim, inputs: () => trajectoryDescent(Infinity).inputs().map(() => deep) }, { numRuns: 2 });
    expect(r.status).toBe('pass');
    expect(r.unchecked).toBe(2);
    expect(r.horizon?.precision).toBe('float32');
  });

  test('the one-step (8) check takes one update of the optimizer built at the constant schedule η', () => {
    const calls: number[] = [];
    const spy: OptimizerFactory<readonly [null, null]> = (s) => {
      const o = nsd(Infinity, s);
      return { ...o, update: (g, st, W, t) => (calls.push(s(t), t), o.update(g, st, W, t)) };
    };
    const claim = descentInequality({ optimizer: spy });
    const x = claim.inputs().map((v) => v);
    const r = runClaim({ ...claim, inputs: () => x }, { numRuns: 5 });
    expect(r.status).toBe('pass');
    expect(calls.length).toBe(10);
    for (let i = 1; i < calls.length; i += 2) expect(calls[i]).toBe(0);
  });

  test('a user optimizer written against the package entry runs through the exported builders', () => {
    const claims: ibh.Claim[] = [ibh.trajectoryDescent(Infinity, 'ce', { optimizer: userSignGD }), ibh.trajectoryNormGrowth(Infinity, { optimizer: userSignGD }), ibh.descentInequality({ optimizer: userSignGD }), ibh.trajectoryAdamMoments({ optimizer: userAdam })];
    for (const claim of claims) {
      const r = ibh.runClaim(claim, { numRuns: 5 });
      expect(r.status, ibh.formatFailure(r)).toBe('pass');
    }
  });
});
