/**
 * Ravi et al. 2024 probes (short versions; `npm run probes` runs them long and writes
 * reports/ravi2024/): App. H / Eq. (8), the step size of Thm 3.4, open questions 2 and 3.
 */
import { describe, expect, test } from 'vitest';
import { designRank, eq8Check } from '../../src/claims/ravi2024/appendixH.js';
import { edgeCase, plantedTeacher } from '../../src/data/samplers.js';
import { appendixHProbe, assumption41Probe, openQuestionProbes, stepSizeProbe } from '../../src/probes/ravi2024.js';
import { assumption41Certified } from '../../src/claims/ravi2024/appendixH.js';
import { ass41Teacher, marginTieDataset, simplexDataset } from '../../src/claims/ravi2024/assumption41.js';
import { margin } from '../../src/margins/index.js';

describe('Eq. (8) / App. H checker', () => {
  test('generic datasets: the support-vector design has full rank and Eq. (8) is solvable', () => {
    for (let seed = 0; seed < 10; seed++) {
      const r = eq8Check(plantedTeacher({ k: 3, d: 4, n: 30, seed }).dataset);
      expect(r.sufficientCondition).toBe(true);
      expect(r.solvableForAlpha).toBe(true);
      expect(r.residual).toBeLessThan(1e-10);
      expect(r.weaklyActive).toBe(0);
    }
  });

  test('degenerate datasets are detected: x and −x in two classes give one design row twice', () => {
    const r = eq8Check(edgeCase('binary-mirror'));
    expect(r.active).toBe(2);
    expect(r.rankActive).toBe(1);
    expect(r.sufficientCondition).toBe(false);
    expect(r.weaklyActive).toBe(1);
  });

  test('planted fault: a checker that takes the rank over the α-support only misses the degeneracy', () => {
    // The α-support of the solver is independent by construction (Lawson–Hanson), so a rank
    // check on it alone would always pass: the active set is what the sufficient condition needs.
    const ds = edgeCase('binary-mirror');
    const r = margin(ds, 2);
    const supportOnly = designRank(ds, Array.from(r.dual.pairs).filter((_, t) => r.dual.weights[t]! > 0));
    expect(supportOnly).toBe(r.dual.pairs.filter((_, t) => r.dual.weights[t]! > 0).length);
    expect(eq8Check(ds).sufficientCondition).toBe(false);
  });

  test('the App. H probe: none found on random datasets; fast-check finds and shrinks a degenerate one', () => {
    const f = appendixHProbe({ numRuns: 40, seed: 3 });
    const byId = Object.fromEntries(f.map((x) => [x.id, x]));
    expect(byId['ravi2024/probe-app-H-sufficientCondition-random']!.summary).toMatch(/none found; sample: fails on 0 of \d+/);
    const adv = byId['ravi2024/probe-app-H-sufficientCondition-adversarial']!;
    expect(adv.summary).toMatch(/a counterexample, shrunk; sample: fails on [1-9]\d* of/);
    expect(adv.counterexample).toMatch(/lattice|edge/);
    expect(adv.replay?.path).toMatch(/^\d+(:\d+)*$/);
  });
});

describe('Assumption 4.1 inputs', () => {
  test('the constructed fallback (one point per class at e_c) satisfies Ass. 4.1, for K = 2..6', () => {
    for (let K = 2; K <= 6; K++) {
      const r = eq8Check(simplexDataset(K));
      expect(r.active).toBe(K * (K - 1));
      expect(assumption41Certified(r)).toBe(true);
    }
  });

  test('planted-teacher inputs are certified; margin-tie datasets violate Ass. 4.1 (an active pair with α = 0)', () => {
    for (let seed = 0; seed < 10; seed++) {
      expect(assumption41Certified(ass41Teacher(3, 3, 10, seed).eq8)).toBe(true);
      const tie = marginTieDataset(3, 3, 10, seed).eq8;
      expect(tie.weaklyActive).toBeGreaterThan(0);
      expect(assumption41Certified(tie)).toBe(false);
    }
  });

  test('planted fault: a certificate that ignores strict complementarity passes the margin-tie datasets', () => {
    const fullRank = Array.from({ length: 10 }, (_, seed) => marginTieDataset(3, 3, 10, seed).eq8).filter((r) => r.sufficientCondition && r.solvableForAlpha);
    expect(fullRank.length).toBeGreaterThan(0);
    for (const r of fullRank) expect(assumption41Certified(r)).toBe(false);
  });
});

describe('probes of the hypotheses and open questions (data, not verdicts)', () => {
  test('Ass. 4.1 probe: a finding per loss and a rate trace per dataset, the tie datasets outside the assumption', () => {
    const f = assumption41Probe({ numRuns: 1, seed: 5, losses: ['ce'], steps: 5000, traceSteps: 5000, datasets: 1 });
    expect(f.map((x) => x.id)).toEqual(['ravi2024/probe-ass-4.1-ce', 'ravi2024/probe-ass-4.1-rate']);
    expect(f.every((x) => x.kind === 'assumption-probe')).toBe(true);
    const traces = f[1]!.data as { certified: boolean; trace: { eLog: number }[] }[];
    expect(traces.map((t) => t.certified)).toEqual([false, true]);
    for (const t of traces) expect(t.trace.every((p) => Number.isFinite(p.eLog))).toBe(true);
  });

  test('step-size probe returns a finding per loss, with a replayable counterexample when one is found', () => {
    const f = stepSizeProbe({ numRuns: 2, seed: 5, losses: ['ce'], steps: 20000 });
    expect(f).toHaveLength(1);
    expect(f[0]!.kind).toBe('assumption-probe');
    if (f[0]!.counterexample) expect(f[0]!.replay?.seed).toBe(5);
    else expect(f[0]!.summary).toMatch(/none found in 2 runs/);
  });

  test('open questions 2 and 3 are labelled exploration and carry finite direction errors', () => {
    const f = openQuestionProbes({ steps: 2000, datasets: 1 });
    expect(f.map((x) => x.kind)).toEqual(['exploration', 'exploration']);
    for (const x of f) expect(x.summary).toMatch(/direction error to Ŵ at T = 2000: .*\d\.\d+e[-+]\d/);
    const data = f[0]!.data as { poly: { trace: { directionError: number }[] }[] };
    expect(data.poly[0]!.trace.every((p) => Number.isFinite(p.directionError))).toBe(true);
  });
});
