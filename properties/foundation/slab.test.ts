/** Float64Slab (src/linalg/slab.ts): arrays carved from shared chunks are zero, disjoint and the caller's own. */
import { expect, test } from 'vitest';
import { Float64Slab } from '../../src/linalg/slab.js';

test('taken arrays are zero, disjoint, and survive chunk turnover; large ones stand alone', () => {
  const slab = new Float64Slab(64);
  const arrays = Array.from({ length: 40 }, (_, i) => slab.take(1 + (i % 5)));
  for (const a of arrays) expect(Array.from(a).every((v) => v === 0)).toBe(true);
  arrays.forEach((a, i) => a.fill(i + 1));
  arrays.forEach((a, i) => expect(Array.from(a)).toEqual(new Array<number>(a.length).fill(i + 1)));
  const big = slab.take(17);
  expect(big.byteOffset).toBe(0);
  expect(big.buffer.byteLength).toBe(17 * 8);
  const src = Float64Array.of(1, -0, NaN, Infinity, 5e-324);
  const c = slab.copy(src);
  expect(c).not.toBe(src);
  expect(Object.is(c[1], -0) && Number.isNaN(c[2]!) && c[4] === 5e-324).toBe(true);
  src[0] = 7;
  expect(c[0]).toBe(1);
});
