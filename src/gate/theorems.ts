import { adamEpsilonOverlap, corollary54, corollary64, theoremC4 } from '../claims/fan2025/rates.js';
import { descentInequality } from '../claims/fan2025/section5.js';
import { trajectoryAdamDescent, trajectoryAdamDirection, trajectoryAdamMoments, trajectoryDescent, trajectoryMarginBound, trajectoryNormGrowth } from '../claims/fan2025/trajectories.js';
import { theorem34 } from '../claims/ravi2024/theorem34.js';
import { runClaimWithDb } from '../claims/failureDb.js';
import { runClaim } from '../claims/runner.js';
import { gateCaseDir, gateFoundBy, type GateDb } from './failureDb.js';
import type { Claim } from '../claims/types.js';
import { adam } from '../optimizers/optimizers.js';
import { constantSchedule } from '../optimizers/schedule.js';
import type { OptimizerFactory } from '../optimizers/types.js';
import type { FamilySpec } from './families.js';

/**
 * Tier 2, the theorems' checks for the family (issue #9): the registry's claims, built with the
 * optimizer under test in place of the reference, run through `runClaim` at the gate's seed.
 * These hold for any correct implementation (per-step inequalities, explicit bounds, Adam's
 * moment bounds). A claim that reads Adam's moments is skipped, not passed, when the optimizer
 * has no `moments` accessor; one whose every run stopped at the precision horizon is skipped.
 */
export interface TheoremCheck {
  readonly id: string;
  readonly status: 'pass' | 'fail' | 'skipped';
  readonly detail: string;
  readonly path?: string;
  readonly durationMs: number;
}

export type ClaimEntry = { readonly claim: Claim<unknown> } | { readonly id: string; readonly skip: string };

const of = <I>(c: Claim<I>): ClaimEntry => ({ claim: c });

/**
 * The claims that apply to a family, with the optimizer under test:
 * - NSD (signgd, ngd, cd, nsd:P): (8) one step (Lemma C.1 / App. E) and along runs, Lemma C.3's
 *   norm growth, Cor. 5.4's explicit bound and rate; SignGD also (9) = Lemma 5.2 and Thm 5.3 = C.4;
 * - adam (ε = 0, no bias correction): Lemma D.1 / D.7 moment bounds, D.5 descent, D.4 direction,
 *   Cor. 6.4; with bias correction only the moment bounds (they hold for any gradient sequence);
 * - adam-eps: the moment bounds and the ε-overlap of Sec. 6 (this optimizer as the candidate);
 * - signum: the norm growth ‖W_t‖_∞ ≤ ‖W_0‖_∞ + Σηₛ (every step has unit max-norm);
 * - gd: Ravi et al. Thm 3.4 (CE);
 * - custom: none (no theorem is about it).
 */
export function familyClaims(factory: OptimizerFactory, spec: FamilySpec): ClaimEntry[] {
  const optimizer = factory;
  switch (spec.name) {
    case 'signgd':
    case 'ngd':
    case 'cd':
    case 'nsd': {
      const p = spec.p!;
      const list = [of(descentInequality({ p, optimizer })), of(trajectoryDescent(p, 'ce', { optimizer })), of(trajectoryNormGrowth(p, { optimizer }))];
      if (p === Infinity) list.push(of(trajectoryMarginBound({ optimizer })), of(theoremC4({ optimizer })));
      if (p === Infinity || p === 2 || p === 1) list.push(of(corollary54(p, { optimizer })));
      return list;
    }
    case 'adam': {
      const { beta1, beta2, biasCorrection } = spec.adam!;
      const moments = of(trajectoryAdamMoments({ optimizer, beta1, beta2 }));
      if (biasCorrection) return [moments, { id: 'fan2025/adam (descent, D.4, Cor. 6.4)', skip: 'the theorems are for Adam without bias correction' }];
      return [moments, of(trajectoryAdamDescent({ optimizer, beta1, beta2 })), of(trajectoryAdamDirection({ optimizer, beta1, beta2 })), of(corollary64({ optimizer }))];
    }
    case 'adam-eps': {
      const { beta1, beta2, eps, biasCorrection } = spec.adam!;
      return [of(trajectoryAdamMoments({ optimizer, beta1, beta2 })), of(adamEpsilonOverlap({ candidates: [optimizer], eps: [eps], baseline: (s) => adam(s, { beta1, beta2, biasCorrection }) }))];
    }
    case 'signum':
      return [of(trajectoryNormGrowth(Infinity, { optimizer }))];
    case 'gd':
      return [of(theorem34('ce', { optimizer }))];
    case 'custom':
      return [{ id: 'theorems', skip: 'no theorem of either paper is about a custom optimizer' }];
  }
}


/**
 * The family's claims at one seed. With a failure database, each claim's saved cases for this
 * module replay first (one that still fails is the result) and a new failure is saved;
 * `replay` is the gate command line the saved entry carries.
 */
export function theoremChecks(factory: OptimizerFactory, spec: FamilySpec, seed: number, db?: { readonly db: GateDb; readonly replay: string }): TheoremCheck[] {
  const probe = factory(constantSchedule(0.1));
  const hasMoments = typeof probe.moments === 'function';
  return familyClaims(factory, spec).map((e): TheoremCheck => {
    if ('skip' in e) return { id: e.id, status: 'skipped', detail: e.skip, durationMs: 0 };
    const c = e.claim;
    if (c.needs?.includes('moments') && !hasMoments) return { id: c.id, status: 'skipped', detail: `${c.ref} reads Adam's moments m_t, v_t: the optimizer has no moments(state) accessor`, durationMs: 0 };
    const r = db ? runClaimWithDb(c, { seed }, gateCaseDir(db.db, spec.label), gateFoundBy(db.db, spec.label, db.replay)) : runClaim(c, { seed });
    const what = `${c.ref} (${c.kind})`;
    if (r.status === 'pass') {
      if (r.unchecked !== undefined && r.unchecked >= r.runs) return { id: c.id, status: 'skipped', detail: `${what}: every run stopped at the precision horizon before the check${r.horizon ? ` (earliest t = ${r.horizon.step})` : ''}`, durationMs: r.durationMs };
      return { id: c.id, status: 'pass', detail: `${what}: ${r.runs} runs, worst ratio ${Number.isFinite(r.worstRatio) ? r.worstRatio.toPrecision(4) : '—'}${r.unchecked ? `; ${r.unchecked} runs stopped at the precision horizon before the check` : ''}`, durationMs: r.durationMs };
    }
    const cx = r.counterexample ? `; counterexample ${r.counterexample}` : '';
    // An O(·)/limit statement checked by a finite-run proxy is not something every correct
    // implementation meets on every input: our own Adam needs cor-6.4's re-check at 10·T on 2 of
    // 380 registry problems (an S-shaped approach to its bound), and an implementation with other
    // moment constants may enter its regime later still; the gate reports it and lets the exact
    // checks decide.
    if (r.status === 'fail' && c.kind === 'asymptotic-evidence') {
      return { id: c.id, status: 'skipped', detail: `${what}: not judged by the gate (asymptotic evidence on a finite run), failed here: ${r.failure?.message ?? ''}${cx}`, ...(r.path !== undefined ? { path: r.path } : {}), durationMs: r.durationMs };
    }
    return { id: c.id, status: 'fail', detail: `${what} ${r.status === 'error' ? 'raised an error' : 'failed'}: ${r.failure?.message ?? ''}${cx}`, ...(r.path !== undefined ? { path: r.path } : {}), durationMs: r.durationMs };
  });
}
