import { describe, expect, test, vi } from 'vitest';
import { DEFAULT_SEED, harnessSeed } from '../../src/config/seed.js';

describe('IBH_SEED is read in one place (harnessSeed)', () => {
  test('unset or empty: the fixed default', () => {
    expect(harnessSeed({})).toBe(DEFAULT_SEED);
    expect(harnessSeed({ IBH_SEED: '' })).toBe(DEFAULT_SEED);
  });
  test('an integer: that seed', () => {
    expect(harnessSeed({ IBH_SEED: '107' })).toBe(107);
    expect(harnessSeed({ IBH_SEED: '-5' })).toBe(-5);
  });
  test('random: a fresh integer seed, printed so it can be replayed', () => {
    const spy = vi.spyOn(process.stderr, 'write').mockImplementation(() => true);
    const s = harnessSeed({ IBH_SEED: 'random' });
    expect(Number.isInteger(s)).toBe(true);
    expect(spy).toHaveBeenCalledWith(expect.stringContaining(`IBH_SEED=${s}`));
    spy.mockRestore();
  });
  test('anything else is a clear error, never the default in disguise', () => {
    expect(() => harnessSeed({ IBH_SEED: 'abc' })).toThrow(/IBH_SEED must be an integer or "random"/);
    expect(() => harnessSeed({ IBH_SEED: '1.5' })).toThrow(/IBH_SEED/);
  });
});
