/**
 * Certified refutations (issue #10): the high-precision building blocks (src/exact) agree with
 * the float ones, a planted fault's failure is `certified`, a float64 near-tie is `rounding`
 * (never a refutation), and runs report coverage and per-run ratios that survive serialisation.
 */
import fc from 'fast-check';
import { describe, expect, test } from 'vitest';
import { problemFromRecipe } from '../../src/arbitraries/separableProblem.js';
import { certify, floatAgrees, holdsExactly, sidesOf } from '../../src/claims/certify.js';
import { allClaims } from '../../src/claims/registry.js';
import { coverageSummary, describeInput } from '../../src/claims/coverage.js';
import { lemma42, lemmaA1Identity, lemmaA1Lower, simplexLogs } from '../../src/claims/fan2025/appendixA.js';
import { lemma43iii, lemma51 } from '../../src/claims/fan2025/section4.js';
import { descentInequality } from '../../src/claims/fan2025/section5.js';
import { trajectoryDescent, trajectoryNormGrowth } from '../../src/claims/fan2025/trajectories.js';
import { objectiveOf, pointInput, simplexInput } from '../../src/claims/inputs.js';
import { leq, REL_TOL } from '../../src/claims/outcome.js';
import { replayCase, formatReplay } from '../../src/claims/replay.js';
import { formatFailure, runClaim } from '../../src/claims/runner.js';
import type { CheckOutcome, Claim } from '../../src/claims/types.js';
import { dec, Exact, logSumExp as lseExact, type Dec } from '../../src/exact/decimal.js';
import { vectorNormExact } from '../../src/exact/norms.js';
import { evaluateExact, softmaxExact } from '../../src/exact/objective.js';
import { vectorNorm } from '../../src/linalg/norms.js';
import { minMargin } from '../../src/losses/objective.js';
import { logSumExp } from '../../src/numerics/logspace.js';
import { tooLong, uphill } from '../faults.js';

const EPS = Number.EPSILON;
/** |x − e| ≤ rel·max(|e|, floor), x a float64 and e its high-precision value. */
function near(x: number, e: Dec, rel: number, floor = 0, what = ''): void {
  const err = dec(x).minus(e).abs();
  const scale = Exact.max(e.abs(), floor);
  expect(err.lte(scale.times(rel)), `${what}: float ${x} vs exact ${e.toSignificantDigits(20).toString()}`).toBe(true);
}

/** The float gradient entry ±e^{logAbs} as an exact decimal (it may be far below float64's range). */
const gradEntry = (sign: number, logAbs: number): Dec => (sign === 0 ? new Exact(0) : Exact.exp(dec(logAbs)).times(sign));

function agreeAt(problem: ReturnType<typeof problemFromRecipe>, W: { rows: number; cols: number; data: Float64Array }, rel: number): void {
  const ev = objectiveOf(problem).evaluate(W);
  const ex = evaluateExact(problem.dataset, W);
  near(ev.logLoss, ex.logLoss, rel, 1, 'log L');
  near(ev.logProxy, ex.logProxy, rel, 1, 'log G');
  // Entries relative to the largest one (an entry is a signed sum: its own relative error is
  // the cancellation's, the float one's error is relative to the terms).
  // The float gradient holds each entry as a log-magnitude, whose absolute rounding is ~|log|·ε:
  // relative to the entry, ε·max(1, |log max|∇L||) (9e-13 at L = e^{−4000}).
  const gmax = Exact.max(...ex.gradient.map((g) => g.abs()));
  const logScale = Math.max(1, Math.abs(Exact.ln(gmax).toNumber()));
  ex.gradient.forEach((g, e) => {
    const diff = gradEntry(ev.gradient.sign[e]!, ev.gradient.logAbs[e]!).minus(g).abs();
    expect(diff.lte(gmax.times(rel * logScale)), `∇L entry ${e}: |float − exact| = ${diff.toSignificantDigits(6).toString()}, max |∇L| = ${gmax.toSignificantDigits(6).toString()}`).toBe(true);
  });
}

describe('src/exact agrees with the float building blocks', () => {
  test('log L, log G and ∇L at random points, to ~1e-15 relative', () => {
    fc.assert(
      fc.property(pointInput(), (x) => {
        agreeAt(x.problem, x.W, 16 * EPS);
      }),
      { seed: 5, numRuns: 40 },
    );
  });

  test('log-sum-exp, softmax and p-norms on random inputs', () => {
    fc.assert(
      fc.property(simplexInput(), fc.constantFrom(1, 2, 3, 4.5, Infinity), ({ z, v }, p) => {
        const zs = Array.from(z, dec);
        near(logSumExp(z), lseExact(zs), 8 * EPS, 1, 'lse');
        const { logS } = simplexLogs(z);
        softmaxExact(zs).forEach((s, j) => near(logS[j]!, Exact.ln(s), 16 * EPS, 1, `log s_${j}`));
        near(vectorNorm(v, p), vectorNormExact(Array.from(v, dec), p), 8 * EPS * v.length, 0, `‖v‖_${p}`);
      }),
      { seed: 6, numRuns: 200 },
    );
  });

  test('stay correct at L = e^{−4000}, far below float64 (where 1 − s_y and L underflow)', () => {
    for (const seed of [1, 2, 3]) {
      const pb = problemFromRecipe({ recipe: 'teacher', k: 3, d: 3, n: 6, seed });
      const star = pb.margin(Infinity).W;
      const t = 4000 / minMargin(pb.dataset, star);
      const W = { ...star, data: star.data.map((w) => t * w) };
      const ex = evaluateExact(pb.dataset, W);
      // L itself is about e^{−4000} ≈ 1e−1738, a normal decimal number.
      expect(ex.logLoss.toNumber()).toBeLessThan(-3990);
      expect(ex.logLoss.toNumber()).toBeGreaterThan(-4010);
      expect(ex.loss.gt(0)).toBe(true);
      // float64 keeps log L with absolute error ~ulp(4000); relative to |log L| that is ~1e-16.
      agreeAt(pb, W, 16 * EPS);
    }
  });
});

describe('certification of a failure', () => {
  test('a planted fault (a wrong constant) is certified: it fails in exact arithmetic', () => {
    const r = runClaim(lemma42({ constant: 3 }), { seed: 1, numRuns: 200 });
    expect(r.status).toBe('fail');
    expect(r.certification).toBe('certified');
    expect(r.exact).toBeDefined();
    expect(new Exact(r.exact!.lhs).gt(new Exact(r.exact!.rhs))).toBe(true);
    expect(r.failure!.message).toMatch(/certified: fails in exact arithmetic/);
    expect(formatFailure(r)).toMatch(/failed \(certified refutation\)/);
  });

  test('a planted trajectory fault is certified at the failing step, on its float iterates', () => {
    for (const c of [trajectoryDescent(Infinity, 'ce', { optimizer: uphill(Infinity) }), trajectoryNormGrowth(2, { optimizer: tooLong(2) }), descentInequality({ optimizer: uphill(Infinity) })] as Claim<unknown>[]) {
      const r = runClaim(c, { seed: 2, numRuns: 20 });
      expect(r.status, c.id).toBe('fail');
      expect(r.certification, c.id).toBe('certified');
      expect(r.exact, c.id).toBeDefined();
    }
  });

  test('a float64 near-tie (a tolerance-free identity) is labelled rounding, never a refutation', () => {
    // Lemma A.1 (11) is an identity: with tolerance 0 its two float64 sums differ by rounding.
    const r = runClaim(lemmaA1Identity({ rel: 0 }), { seed: 3, numRuns: 100 });
    expect(r.status).toBe('fail');
    expect(r.certification).toBe('rounding');
    expect(r.failure!.message).toMatch(/^not a refutation: holds in exact arithmetic; float64 near-tie/);
    expect(formatFailure(r)).toMatch(/harness tolerance defect \(float64 near-tie, not a refutation\)/);
    expect(formatFailure(r)).not.toMatch(/certified refutation/);
    const rep = replayCase(lemmaA1Identity({ rel: 0 }), { seed: r.seed, path: r.path! });
    expect(rep.certificate?.certification).toBe('rounding');
    const text = formatReplay(rep);
    expect(text).toMatch(/exact {2}lhs \S+, rhs \S+ \(60 digits/);
    expect(text).toMatch(/HARNESS TOLERANCE DEFECT, not a refutation/);
  });

  test('a deliberately rounded side: the float check fails by one ulp, exact arithmetic holds', () => {
    // "L ≤ 2G" at a low-loss point, its rhs lowered by one ulp below L in float64 only.
    const base = lemma43iii();
    const claim: Claim<unknown> = {
      ...(base as Claim<unknown>),
      check(x) {
        const o = base.check(x as Parameters<typeof base.check>[0]);
        const one = Array.isArray(o) ? o[0]! : (o as ReturnType<typeof leq>);
        const rhs = one.lhs - Math.abs(one.lhs) * EPS;
        return { ...leq(one.lhs, rhs, undefined, 0, 0), lhs: one.lhs, rhs };
      },
      exact(x) {
        // The exact sides of L ≤ L: lhs = rhs = log L.
        const [s] = base.exact!(x as Parameters<typeof base.check>[0]);
        return [{ ...s!, rhs: s!.lhs }];
      },
    };
    const r = runClaim(claim, { seed: 4, numRuns: 10 });
    expect(r.status).toBe('fail');
    expect(r.certification).toBe('rounding');
  });

  test('a failing check whose float sides disagree with the exact ones is not called a near-tie', () => {
    const base = lemma51();
    const claim: Claim<unknown> = {
      ...(base as Claim<unknown>),
      // The float evaluation is wrong (rhs shifted by 1), the exact one says the claim holds.
      check: (x) => {
        const o = base.check(x as Parameters<typeof base.check>[0]);
        const one = Array.isArray(o) ? o[0]! : (o as ReturnType<typeof leq>);
        return { ...one, rhs: one.rhs - 1, ok: false };
      },
    };
    const r = runClaim(claim, { seed: 4, numRuns: 10 });
    expect(r.certification).toBe('uncertified');
  });

  test('a claim without an exact evaluator reports uncertified; holdsExactly decides up to 1e-40', () => {
    const { exact: _e, ...rest } = lemma42({ constant: 3 });
    void _e;
    expect(runClaim(rest, { seed: 1, numRuns: 200 }).certification).toBe('uncertified');
    const one = new Exact(1);
    expect(holdsExactly({ lhs: one.plus('1e-45'), rhs: one, relation: 'leq' })).toBe(true);
    expect(holdsExactly({ lhs: one.plus('1e-35'), rhs: one, relation: 'leq' })).toBe(false);
    expect(holdsExactly({ lhs: one, rhs: one.plus('1e-35'), relation: 'eq' })).toBe(false);
    expect(holdsExactly({ lhs: new Exact(-Infinity), rhs: one, relation: 'leq' })).toBe(true);
    expect(certify(lemma42(), { z: Float64Array.from([0, 0]), v: Float64Array.from([1, -1]), c: 0, mass: 1 }, [{ ok: true, lhs: 0, rhs: 1, ratio: 0 }])).toBeUndefined();
  });
});

describe('coverage and per-run ratios', () => {
  test('each generated run is counted once per dimension, identically on a rerun and through serialisation', () => {
    const a = runClaim(lemmaA1Lower(), { seed: 7, numRuns: 60 });
    const b = runClaim(lemmaA1Lower(), { seed: 7, numRuns: 60 });
    expect(a.coverage).toEqual(b.coverage);
    expect(a.ratios).toEqual(b.ratios);
    for (const dim of ['recipe', 'k', 'd', 'loss']) {
      expect(Object.values(a.coverage![dim]!).reduce((s, n) => s + n, 0), dim).toBe(60);
    }
    expect(Object.keys(a.coverage!.loss!).length).toBeGreaterThan(2);
    expect(a.ratios!.every((r) => Number.isFinite(r))).toBe(true);
    expect(Math.max(...a.ratios!)).toBe(a.worstRatio);
    // ClaimResults cross process boundaries (src/sweep/pool.ts) and land in summary.json.
    expect(structuredClone(a).coverage).toEqual(a.coverage);
    expect(JSON.parse(JSON.stringify(a)).ratios).toEqual(a.ratios);
    expect(coverageSummary(a.coverage!)).toMatch(/recipe ×\d+, k 2–\d, d 2–\d, loss ×\d/);
  });

  test('a failing run counts the generated inputs only, not the shrink candidates', () => {
    const r = runClaim(lemma42({ constant: 3 }), { seed: 1, numRuns: 200 });
    const counted = Object.values(r.coverage!.k!).reduce((s, n) => s + n, 0);
    // The generated runs up to and including the first failure.
    expect(counted).toBe(r.ratios!.length + 1);
    expect(describeInput({ z: Float64Array.from([0, 1, 2]) })).toEqual({ k: '3' });
  });
});

describe('every exact evaluator matches its float check', () => {
  test('on generated inputs, each outcome with exact sides agrees with them and holds exactly when the float check holds', () => {
    let compared = 0;
    for (const claim of allClaims().filter((c) => c.exact && c.kind !== 'asymptotic-evidence' && !c.id.includes('traj-'))) {
      fc.assert(
        fc.property(claim.inputs(), (input) => {
          const o = claim.check(input);
          const outs = Array.isArray(o) ? (o as readonly CheckOutcome[]) : [o as CheckOutcome];
          const sides = claim.exact!(input);
          for (const out of outs) {
            if (out.unchecked) continue;
            const s = sidesOf(sides, out);
            expect(s, `${claim.id}: no exact sides for part ${out.part ?? '(none)'}`).toBeDefined();
            expect(floatAgrees(out, s!), `${claim.id} ${out.part ?? ''}: float ${out.lhs}, ${out.rhs} vs exact ${s!.lhs.toString()}, ${s!.rhs.toString()}`).toBe(true);
            // A pass in float64 holds exactly up to the check's own rounding tolerance (REL_TOL):
            // the tight claims with γ meet their bound with the LP's float γ, which may exceed
            // the true γ by an ulp.
            if (out.ok && !holdsExactly(s!)) {
              const excess = s!.lhs.minus(s!.rhs).toNumber();
              expect(excess, `${claim.id} ${out.part ?? ''} holds in float64 but fails exactly by ${excess}`).toBeLessThanOrEqual(REL_TOL * Math.max(1, Math.abs(s!.rhs.toNumber())));
            }
            compared++;
          }
        }),
        { seed: 8, numRuns: 8 },
      );
    }
    expect(compared).toBeGreaterThan(100);
  });
});
