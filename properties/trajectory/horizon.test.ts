import { describe, expect, it } from 'vitest';
import type { ScaledGradient } from '../../src/linalg/scaled.js';
import { beyondHorizon } from '../../src/trajectory/horizon.js';

/** A 1×3 scaled gradient with the given log-magnitudes (−Infinity: an exact zero). */
function gradient(logs: number[]): ScaledGradient {
  const top = Math.max(...logs);
  const sign = Int8Array.from(logs.map((l) => (l === -Infinity ? 0 : 1)));
  return {
    mantissa: { rows: 1, cols: logs.length, data: Float64Array.from(logs.map((l) => (l === -Infinity ? 0 : Math.exp(l - top)))) },
    logScale: top,
    logAbs: Float64Array.from(logs),
    sign,
  };
}

describe('the precision horizon (beyondHorizon)', () => {
  it('never ends for the log domain, nor at exact zeros', () => {
    expect(beyondHorizon(gradient([-5000, 2000, -Infinity]), -9000, 'log-domain')).toBeNull();
    expect(beyondHorizon(gradient([-1, -Infinity, -3]), -2, 'float32')).toBeNull();
  });
  it('ends where a nonzero entry squared is below the smallest normal number of the precision', () => {
    // float32: ln(1.18e-38) = −87.3, so |g| = e^{−44} squares below it; float64 holds it.
    expect(beyondHorizon(gradient([-1, -44, -Infinity]), -2, 'float32')).toMatch(/entry \(0, 1\).*its square is below the smallest normal float32/);
    expect(beyondHorizon(gradient([-1, -44, -Infinity]), -2, 'float64')).toBeNull();
    expect(beyondHorizon(gradient([-1, -355, -Infinity]), -2, 'float64')).toMatch(/its square is below the smallest normal float64/);
  });
  it('ends where the loss is below the smallest normal number', () => {
    expect(beyondHorizon(gradient([-1, -2, -3]), -90, 'float32')).toMatch(/the loss e\^-90\.0 is below the smallest normal float32/);
    expect(beyondHorizon(gradient([-1, -2, -3]), -90, 'float64')).toBeNull();
  });
  it('ends where a gradient entry overflows the precision', () => {
    // float32's largest finite number is 3.4e38 = e^{88.7}.
    expect(beyondHorizon(gradient([89, 0, -Infinity]), 0, 'float32')).toMatch(/entry \(0, 0\).*exceeds the largest finite float32/);
    expect(beyondHorizon(gradient([89, 0, -Infinity]), 0, 'float64')).toBeNull();
  });
});
