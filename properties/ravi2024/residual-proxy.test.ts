import { describe, expect, test } from 'vitest';
import { decelerates } from '../../src/claims/ravi2024/theorem34.js';

/** The finite-window "ρ_t stays bounded" proxy of the Thm 3.4 claims, on sequences whose fate is known. */
describe('Thm 3.4 residual proxy (decelerates)', () => {
  const T = 1e5;
  const at = (f: (t: number) => number) => [f(T / 100), f(T / 10), f(T)] as const;

  test('bounded sequences pass: converging from below or above, level', () => {
    expect(decelerates(...at((t) => 3 - 1 / Math.sqrt(t))).ok).toBe(true);
    expect(decelerates(...at((t) => 3 + 1 / Math.sqrt(t))).ok).toBe(true);
    expect(decelerates(...at(() => 2)).ok).toBe(true);
  });

  test('power growth is caught (t^0.5 and t^0.1)', () => {
    expect(decelerates(...at((t) => 0.01 * Math.sqrt(t))).ok).toBe(false);
    expect(decelerates(...at((t) => Math.pow(t, 0.1))).ok).toBe(false);
  });

  test('the documented blind spot: log t growth (late/early rise = 1) passes, so the exact bounds must catch a wrong Ŵ', () => {
    expect(decelerates(...at((t) => 1 + 0.05 * Math.log(t))).ok).toBe(true);
  });

  test('the reason for θ ≥ 0.3: a slow t^{−θ} transient (θ = 0.091, seed 107) rises like growth', () => {
    // measured ‖ρ_t‖ at 10³, 10⁴, 10⁵ on plantedTeacher({k: 2, d: 2, n: 7, seed: 9989, minMargin: 0.2}), CE
    expect(decelerates(0.1847, 0.1628, 0.1992).ok).toBe(false);
  });
});
