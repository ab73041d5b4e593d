/**
 * The rate bounds of Cor. 5.4 (SignGD and p-norm NSD) and Cor. 6.4 (Adam) for η_t = Θ(t^{−a}),
 * up to constants (THEOREMS.md §4, §5).
 */
export type RateFamily = 'nsd' | 'adam';

export interface RateBound {
  readonly family: RateFamily;
  readonly a: number;
  /** The bound as a function of t (up to a constant). */
  readonly rate: (t: number) => number;
  readonly text: string;
  /** The power of t in the bound (0 for 1/log t), log factors aside. */
  readonly exponent: number;
}

const EPS = 1e-9;

export function rateBound(family: RateFamily, a: number): RateBound {
  const pivot = family === 'nsd' ? 0.5 : 2 / 3;
  const early = family === 'nsd' ? a : a / 2;
  if (Math.abs(a - 1) < EPS) return { family, a, rate: (t) => 1 / Math.log(t), text: '1/log t', exponent: 0 };
  if (Math.abs(a - pivot) < EPS) {
    const e = family === 'nsd' ? 0.5 : 1 / 3;
    return { family, a, rate: (t) => Math.log(t) * Math.pow(t, -e), text: `log t / t^${e.toFixed(3)}`, exponent: -e };
  }
  if (a < pivot) return { family, a, rate: (t) => Math.pow(t, -early), text: `t^-${early.toFixed(3)}`, exponent: -early };
  return { family, a, rate: (t) => Math.pow(t, -(1 - a)), text: `t^-${(1 - a).toFixed(3)}`, exponent: -(1 - a) };
}

