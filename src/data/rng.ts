import seedrandom from 'seedrandom';

/**
 * A seeded random source (seedrandom's ARC4 generator): same seed, same stream, bit for bit,
 * on every platform. Normals by Box–Muller (no cached spare, so draws are position-independent).
 */
export interface Rng {
  /** Uniform in [0, 1). */
  uniform(): number;
  /** Standard normal N(0, 1). */
  normal(): number;
  /** Integer in [lo, hi]. */
  integer(lo: number, hi: number): number;
}

export function makeRng(seed: number | string): Rng {
  const prng = seedrandom(String(seed));
  const uniform = (): number => prng.double();
  return {
    uniform,
    normal() {
      let u = uniform();
      while (u === 0) u = uniform();
      const v = uniform();
      return Math.sqrt(-2 * Math.log(u)) * Math.cos(2 * Math.PI * v);
    },
    integer(lo, hi) {
      return lo + Math.floor(uniform() * (hi - lo + 1));
    },
  };
}
