import fc from 'fast-check';
import { expect } from 'vitest';

/** Multiplier for run counts (IBH_RUNS), so long local runs reuse the same suites. */
export const RUNS = Number(process.env.IBH_RUNS ?? 1);
export const runs = (n: number): number => Math.max(1, Math.round(n * RUNS));

/**
 * Asserts that a property fails, and that fast-check reports a shrunk counterexample with the
 * seed and path that replay it. Returns the report for further checks.
 */
export function expectCaught(run: () => void): string {
  let message = '';
  try {
    run();
  } catch (e) {
    message = (e as Error).message;
  }
  expect(message, 'the planted fault was not caught').toMatch(/Property failed/);
  expect(message).toMatch(/seed: -?\d+/);
  expect(message).toMatch(/path: "[\d:]*"/);
  expect(message).toMatch(/Counterexample/);
  return message;
}

/** fc.assert with the failure report kept whole (seed, path, shrunk counterexample). */
export function holds<T>(arb: fc.Arbitrary<T>, pred: (t: T) => boolean | void, numRuns: number): void {
  fc.assert(fc.property(arb, pred), { numRuns: runs(numRuns) });
}

/** a ≈ b within rel·max(|a|,|b|) + abs; non-finite values are close only to themselves. */
export function close(a: number, b: number, rel: number, abs = 0): boolean {
  if (!Number.isFinite(a) || !Number.isFinite(b)) return a === b;
  return Math.abs(a - b) <= rel * Math.max(Math.abs(a), Math.abs(b)) + abs;
}
