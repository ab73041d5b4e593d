import fc from 'fast-check';

/** Options of `simplexLogits`. */
export interface SimplexLogitsConstraints {
  /** Smallest and largest dimension k (defaults 2 and 8). */
  minK?: number;
  maxK?: number;
}

/**
 * Points s = softmax(z) of the simplex Δ^{k−1}, given by their logits z (so 1 − s_c and every
 * log s_c stay exact). Regimes (THEOREMS.md A.3 test): Gaussian logits at scales 0.1–30,
 * near-vertex (one coordinate boosted by 5–60), two-point masses, near-uniform (scale 1e-6).
 * Sampling logits, not `fc.double` on [0, 1], avoids clustering at tiny values.
 * Shrinks toward k = 2, the near-uniform regime and small logits.
 */
export function simplexLogits(c: SimplexLogitsConstraints = {}): fc.Arbitrary<Float64Array> {
  const minK = c.minK ?? 2;
  const maxK = c.maxK ?? 8;
  const unit = fc.double({ min: -1, max: 1, noNaN: true, noDefaultInfinity: true });
  return fc.integer({ min: minK, max: maxK }).chain((k) =>
    fc
      .record({
        regime: fc.constantFrom('near-uniform', 'gaussian', 'near-vertex', 'two-point'),
        scale: fc.constantFrom(0.1, 1, 3, 10, 30),
        boost: fc.double({ min: 5, max: 60, noNaN: true }),
        vertex: fc.integer({ min: 0, max: k - 1 }),
        other: fc.integer({ min: 0, max: k - 1 }),
        base: fc.array(unit, { minLength: k, maxLength: k }),
      })
      .map(({ regime, scale, boost, vertex, other, base }) => {
        const z = Float64Array.from(base);
        switch (regime) {
          case 'near-uniform':
            for (let i = 0; i < k; i++) z[i] = z[i]! * 1e-6;
            break;
          case 'gaussian':
            for (let i = 0; i < k; i++) z[i] = z[i]! * scale;
            break;
          case 'near-vertex':
            z[vertex] = z[vertex]! + boost;
            break;
          case 'two-point':
            z[vertex] = z[vertex]! + boost;
            if (other !== vertex) z[other] = z[other]! + boost - 1 + base[0]!;
            break;
        }
        return z;
      }),
  );
}
