import { readFileSync } from 'node:fs';
import { describe, expect, test } from 'vitest';
import { CASES, iterateHashes } from './iterateHashes.js';

/**
 * Bit-identity of the optimizers' iterates across the engine's and transforms' rewrites
 * (issue #11): the fingerprints of fixtures/iterate-hashes.json were computed by
 * scripts/optimizer-hashes.ts on commit eca1ada (before the in-place steppers and the
 * double-buffered engine); every reference optimizer, Adam at ε ∈ {0, 1e-8, 1e-2} and with bias
 * correction, and planted faults must take the same iterates, bit for bit: the final W and state
 * of a plain run, every hook context of a hooked run, and a run continued from its half.
 */
const expected = JSON.parse(readFileSync(new URL('../../fixtures/iterate-hashes.json', import.meta.url), 'utf8')) as Record<string, string>;

describe('optimizer iterates equal those of commit eca1ada bit for bit', () => {
  for (const c of CASES) {
    test(c.name, () => {
      const got = iterateHashes((key) => key.startsWith(`${c.name}/`));
      const want = Object.fromEntries(Object.entries(expected).filter(([k]) => k.startsWith(`${c.name}/`)));
      expect(Object.keys(got).length).toBeGreaterThan(0);
      expect(got).toEqual(want);
    });
  }
});
