import { Decimal } from 'decimal.js';

/**
 * High-precision arithmetic for certifying refutations (issue #10): 60 significant digits, so a
 * float64 near-tie (relative 1e-16) and a real violation are told apart with 40+ digits to spare.
 * Exponent range is decimal.js's (|e| ≤ 9e15): L = e^{−4000} ≈ 1e−1738 is an ordinary number.
 */
export const Exact = Decimal.clone({ precision: 60, rounding: Decimal.ROUND_HALF_EVEN });
export type Dec = Decimal;

export const ZERO = new Exact(0);
export const ONE = new Exact(1);

/**
 * The exact value of a float64 (through its binary expansion): `new Decimal(0.1)` would read the
 * shortest decimal text "0.1", not the binary float 0.1000000000000000055…, and certification
 * must evaluate the inequality on the float inputs as they are.
 */
export function dec(x: number): Dec {
  if (Number.isNaN(x)) return new Exact(NaN);
  if (!Number.isFinite(x)) return new Exact(x);
  if (Number.isInteger(x) && Number.isSafeInteger(x)) return new Exact(x);
  const text = Math.abs(x).toString(2);
  return new Exact(`${x < 0 ? '-' : ''}0b${text}`).toSignificantDigits(Exact.precision);
}

/** A decimal as text with `digits` significant digits (summary.json, replay). */
export function decText(x: Dec, digits = 30): string {
  if (!x.isFinite()) return x.toString();
  return x.toSignificantDigits(digits).toExponential();
}

/**
 * log(1 + u) for u ≥ −1: the series when |u| is small (1 + u would round to 1 at 60 digits for
 * u < 1e−60, which is routine here: u = Σ e^{v_c − v_y} at L = e^{−4000}).
 */
export function log1p(u: Dec): Dec {
  // For |u| ≥ 1e−15, 1 + u keeps 45 digits of u: ln(1 + u) is accurate to ~1e−45 relative.
  if (u.abs().lt(1e-15)) {
    let term = u;
    let sum = ZERO;
    // |u|^j/j < 1e-15^j: 5 terms are below 1e-75 relative.
    for (let j = 1; j <= 5; j++) {
      sum = j % 2 === 1 ? sum.plus(term.div(j)) : sum.minus(term.div(j));
      term = term.times(u);
    }
    return sum;
  }
  return Exact.ln(ONE.plus(u));
}

/** e^x − 1, by its series when |x| is small (e^x rounds to 1 at 60 digits for |x| < 1e−60). */
export function expm1(x: Dec): Dec {
  // For |x| ≥ 1e−15, e^x − 1 keeps 45 digits (as in log1p).
  if (x.abs().lt(1e-15)) {
    let term = x;
    let s = ZERO;
    for (let j = 2; j <= 7; j++) {
      s = s.plus(term);
      term = term.times(x).div(j);
    }
    return s;
  }
  return Exact.exp(x).minus(ONE);
}

/** ln x, with ln 0 = −Infinity. */
export function ln(x: Dec): Dec {
  return x.isZero() ? new Exact(-Infinity) : Exact.ln(x);
}

export const exp = (x: Dec): Dec => Exact.exp(x);

/** max of a non-empty list. */
export function maxOf(xs: readonly Dec[]): Dec {
  return Exact.max(...xs);
}

/** Σ xs. */
export function sum(xs: readonly Dec[]): Dec {
  let s = ZERO;
  for (const x of xs) s = s.plus(x);
  return s;
}

/** log Σ e^{x_j} (max-shifted; −Infinity for an empty list or all −Infinity). */
export function logSumExp(xs: readonly Dec[]): Dec {
  const finite = xs.filter((x) => !x.isNaN() && !(x.isNegative() && !x.isFinite()));
  if (finite.length === 0) return new Exact(-Infinity);
  const m = maxOf(finite);
  return m.plus(Exact.ln(sum(finite.map((x) => Exact.exp(x.minus(m))))));
}
