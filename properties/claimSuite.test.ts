import fc from 'fast-check';
import { describe, expect, test } from 'vitest';
import type { Claim } from '../src/claims/types.js';
import { constantInputs, faultSeeds } from './claimSuite.js';

const claimWith = (inputs: () => fc.Arbitrary<unknown>): Claim<unknown> => ({
  id: 'test/inputs',
  paper: 'fan2025',
  ref: 'none',
  title: 'inputs only',
  statement: 'none',
  assumptions: [],
  inputs,
  check: () => ({ ok: true, lhs: 0, rhs: 0, ratio: 0 }),
  runs: 3,
  confidence: 'high',
  kind: 'exact-inequality',
  tight: false,
});

describe('fault sweep: one run stands for all seeds only when every seed sees the same input', () => {
  const seeds = faultSeeds(20251122);
  test('a fixed input (constant generator, also through map) is constant', () => {
    expect(constantInputs(claimWith(() => fc.constant({ problems: 'RATE_PROBLEMS' })), seeds, 1)).toBe(true);
    expect(constantInputs(claimWith(() => fc.constant(null).map(() => [1, 2, 3])), seeds, 3)).toBe(true);
  });
  test('a generator that varies with the seed or the run is not', () => {
    expect(constantInputs(claimWith(() => fc.integer()), seeds, 3)).toBe(false);
    expect(constantInputs(claimWith(() => fc.constantFrom(1, 2)), seeds, 1)).toBe(false);
  });
});
