/**
 * One vitest block per claim, run from the registry: the claim holds; every planted fault is
 * caught with a shrunk counterexample whose seed and path replay it; where the constant is
 * tight, a witness family reaches ratio 1; each assumption probe returns a verdict (data, not
 * a red test) and a "needed" counterexample really violates the dropped assumption.
 */
import fc from 'fast-check';
import { describe, expect, test } from 'vitest';
import { formatFailure, probeAssumption, runClaim, sections } from '../src/claims/index.js';
import { harnessSeed } from '../src/config/seed.js';
import type { Claim, CheckOutcome, ClaimResult } from '../src/claims/types.js';
import { RUNS } from './support.js';

export const SEED = harnessSeed();
// eslint-disable-next-line @typescript-eslint/no-explicit-any
const runsOf = (c: Claim<any>): number => Math.max(1, Math.round(c.runs * RUNS));

/** How many seeds each planted fault must be caught on. */
export const FAULT_SEEDS = 20;

/** Twenty trajectory runs (rate claims) can outlast the default test timeout on a busy machine. */
const FAULT_SWEEP_TIMEOUT_MS = 900_000;

/** The seeds of the fault sweep: the suite seed and the next ones (seed, seed + 1, …), as int32. */
export function faultSeeds(seed: number, n = FAULT_SEEDS): number[] {
  return Array.from({ length: n }, (_, j) => (seed + j) | 0);
}

/**
 * Does the claim's generator give one and the same input (as printed) for every seed and run?
 * Then every seed runs the identical check, and determinism makes one run stand for all.
 */
export function constantInputs(claim: Claim<any>, seeds: readonly number[], numRuns: number): boolean {
  const arb = claim.inputs();
  let first: string | undefined;
  for (const seed of seeds) {
    for (const v of fc.sample(arb, { seed, numRuns })) {
      const key = fc.stringify(v);
      if (first === undefined) first = key;
      else if (key !== first) return false;
    }
  }
  return true;
}

/** A fault is caught when the run fails with a counterexample (a generator error is not a catch). */
const caught = (r: ClaimResult): boolean => r.status !== 'pass' && r.counterexample !== undefined;

export interface Fault {
  /** What is planted: "constant 4 → 3.9", "B with the 2-norm", "ascent instead of descent". */
  readonly name: string;
  // eslint-disable-next-line @typescript-eslint/no-explicit-any -- a fault may be any claim variant
  readonly claim: Claim<any>;
}

export interface Tightness<I> {
  /** The witness family, e.g. s = (1 − ε, ε). */
  readonly name: string;
  readonly witness: (eps: number) => I;
  /** Parameters approaching the limit, in order (ratio must rise toward 1). */
  readonly eps: readonly number[];
  /** How close to 1 the last ratio must come. */
  readonly within: number;
}

export interface ClaimSpec<I> {
  readonly claim: Claim<I>;
  readonly faults: readonly Fault[];
  readonly tightness?: Tightness<I>;
}

/** What a section file supplies for each claim of the registry: its faults and witness. */
export interface SuiteSpec<I = never> {
  readonly faults: readonly Fault[];
  readonly tightness?: Tightness<I>;
}

/**
 * Runs every claim of a registry section (so the suite cannot drift from the registry): a
 * claim without a spec, a spec without a claim, a claim without a planted fault, or a tight
 * claim without a witness is itself a failing test. `only` runs a subset of the section's claims
 * (a costly section split over several files, so vitest's workers can share it); the coverage
 * test still checks the whole section in every file.
 */
export function sectionSuite(sectionId: string, specs: Record<string, SuiteSpec<any>>, only?: readonly string[]): void {
  const section = sections().find((s) => s.id === sectionId);
  describe(`${sectionId}: registry coverage`, () => {
    test('every claim of the section has a spec with a planted fault (and a witness when tight), and no spec is stray', () => {
      expect(section, `no registry section ${sectionId}`).toBeDefined();
      const ids = section!.claims.map((c) => c.id);
      expect(Object.keys(specs).sort()).toEqual([...ids].sort());
      for (const c of section!.claims) {
        expect(specs[c.id]!.faults.length, `${c.id} has no planted fault`).toBeGreaterThan(0);
        if (c.tight) expect(specs[c.id]!.tightness, `${c.id} is tight but has no witness`).toBeDefined();
      }
    });
  });
  for (const id of only ?? []) {
    if (!section?.claims.some((c) => c.id === id)) throw new Error(`sectionSuite(${sectionId}): no claim ${id} in the section`);
  }
  for (const c of section?.claims ?? []) {
    const spec = specs[c.id];
    if (spec && (only === undefined || only.includes(c.id))) claimSuite<unknown>({ claim: c, ...spec });
  }
}

function ratioOf(o: CheckOutcome | readonly CheckOutcome[]): number {
  const list = Array.isArray(o) ? (o as readonly CheckOutcome[]) : [o as CheckOutcome];
  return Math.max(...list.map((x) => (Number.isFinite(x.ratio) ? x.ratio : -Infinity)));
}

export function claimSuite<I>(spec: ClaimSpec<I>): void {
  const c: Claim<unknown> = spec.claim;
  describe(`${c.id} (${c.ref}): ${c.title}`, () => {
    test(`holds: ${c.statement}`, () => {
      const r = runClaim(c, { seed: SEED, numRuns: runsOf(c) });
      if (r.status !== 'pass') throw new Error(formatFailure(r));
      expect(r.runs).toBe(runsOf(c));
    });

    for (const f of spec.faults) {
      test(`planted fault is caught on each of ${FAULT_SEEDS} seeds: ${f.name}`, () => {
        const seeds = faultSeeds(SEED);
        const n = runsOf(f.claim);
        // First seed: caught with a shrunk counterexample whose seed and path replay it.
        const r = runClaim(f.claim, { seed: seeds[0]!, numRuns: n });
        expect(r.status, `fault "${f.name}" was not caught on seed ${seeds[0]}`).not.toBe('pass');
        // A planted fault is never a float64 near-tie (certification, src/claims/certify.ts).
        expect(r.certification, `fault "${f.name}" labelled a near-tie: ${r.failure?.message ?? ''}`).not.toBe('rounding');
        expect(r.counterexample).toBeTruthy();
        expect(r.path).toBeDefined();
        const replay = runClaim(f.claim, { seed: r.seed, path: r.path!, numRuns: n });
        expect(replay.status).toBe(r.status);
        expect(replay.counterexample).toBe(r.counterexample);
        // Every other seed: caught too, with a counterexample, on the same budget, unshrunk
        // (catching is the point; a caught run stops at its first failing input, so the sweep
        // costs about one run per seed for a fault that is caught at once).
        // A claim whose input generator is constant (a fixed set run in full) sees the same
        // input on every seed: its one run stands for all of them.
        if (constantInputs(f.claim, seeds, n)) return;
        const missed = seeds.slice(1).filter((seed) => !caught(runClaim(f.claim, { seed, numRuns: n, shrink: false, certify: false })));
        expect(missed, `fault "${f.name}" of ${c.id} was not caught on seeds ${missed.join(', ')} (${n} runs each)`).toEqual([]);
      }, FAULT_SWEEP_TIMEOUT_MS);
    }

    const t = spec.tightness;
    if (t) {
      test(`tight: ${t.name} drives the ratio to 1`, () => {
        const ratios = t.eps.map((e) => {
          const o = spec.claim.check(t.witness(e));
          const list = Array.isArray(o) ? (o as readonly CheckOutcome[]) : [o as CheckOutcome];
          for (const x of list) expect(x.ok, `witness ${e} violates the claim: ${JSON.stringify(x)}`).toBe(true);
          return ratioOf(o);
        });
        // Non-decreasing up to rounding once the ratio has reached 1.
        for (let i = 1; i < ratios.length; i++) expect(ratios[i]!).toBeGreaterThanOrEqual(ratios[i - 1]! - 1e-12);
        expect(1 - ratios[ratios.length - 1]!).toBeLessThanOrEqual(t.within);
      });
    }

    if (c.assumptions.length > 0) {
      test(`assumption probes: ${c.assumptions.map((a) => a.id).join(', ')}`, () => {
        for (const a of c.assumptions) {
          const p = probeAssumption(c, a.id, { seed: SEED, numRuns: runsOf(c) });
          expect(['needed', 'none-found']).toContain(p.verdict);
          // A counterexample found with the assumption dropped must lie outside it; one inside
          // it would be a failure of the claim itself.
          if (p.verdict === 'needed') expect(p.violatesAssumption, `${a.id}: ${p.counterexample}`).toBe(true);
        }
      });
    }
  });
}
