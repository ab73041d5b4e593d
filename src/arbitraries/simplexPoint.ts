import fc from 'fast-check';

/** Options of `simplexLogits`. */
export interface SimplexLogitsConstraints {
  /** Smallest and largest dimension k (defaults 2 and 8). */
  minK?: number;
  maxK?: number;
}

export type SimplexRegime = 'near-uniform' | 'gaussian' | 'near-vertex' | 'two-point';

/** The recipe of a simplex point: shrinks field by field toward k = minK, near-uniform, 0. */
export interface SimplexSpec {
  readonly k: number;
  readonly regime: SimplexRegime;
  readonly scale: number;
  readonly boost: number;
  readonly vertex: number;
  readonly other: number;
  readonly base: readonly number[];
}

export function simplexSpec(c: SimplexLogitsConstraints = {}): fc.Arbitrary<SimplexSpec> {
  const minK = c.minK ?? 2;
  const maxK = c.maxK ?? 8;
  return fc.record({
    k: fc.integer({ min: minK, max: maxK }),
    regime: fc.constantFrom<SimplexRegime>('near-uniform', 'gaussian', 'near-vertex', 'two-point'),
    scale: fc.constantFrom(0.1, 1, 3, 10, 30),
    boost: fc.double({ min: 5, max: 60, noNaN: true }),
    vertex: fc.nat({ max: maxK - 1 }),
    other: fc.nat({ max: maxK - 1 }),
    base: fc.array(fc.double({ min: -1, max: 1, noNaN: true, noDefaultInfinity: true }), { minLength: maxK, maxLength: maxK }),
  });
}

/** The logits a spec describes (deterministic). */
export function logitsFromSpec(s: SimplexSpec): Float64Array {
  const { k } = s;
  const z = Float64Array.from(s.base.slice(0, k));
  const vertex = s.vertex % k;
  const other = s.other % k;
  switch (s.regime) {
    case 'near-uniform':
      for (let i = 0; i < k; i++) z[i] = z[i]! * 1e-6;
      break;
    case 'gaussian':
      for (let i = 0; i < k; i++) z[i] = z[i]! * s.scale;
      break;
    case 'near-vertex':
      z[vertex] = z[vertex]! + s.boost;
      break;
    case 'two-point':
      z[vertex] = z[vertex]! + s.boost;
      if (other !== vertex) z[other] = z[other]! + s.boost - 1 + s.base[0]!;
      break;
  }
  return z;
}

/**
 * Points s = softmax(z) of the simplex Δ^{k−1}, given by their logits z (so 1 − s_c and every
 * log s_c stay exact). Regimes (THEOREMS.md A.3 test): Gaussian logits at scales 0.1–30,
 * near-vertex (one coordinate boosted by 5–60), two-point masses, near-uniform (scale 1e-6).
 * Sampling logits, not `fc.double` on [0, 1], avoids clustering at tiny values.
 */
export function simplexLogits(c: SimplexLogitsConstraints = {}): fc.Arbitrary<Float64Array> {
  return simplexSpec(c).map(logitsFromSpec);
}
