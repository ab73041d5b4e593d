/**
 * The exact log-domain cross-entropy step as one WebAssembly SIMD kernel (AssemblyScript source;
 * `npm run build:wasm` compiles it to src/losses/kernel/ceStepWasm.ts). It computes what
 * src/losses/objective.ts + gradient.ts compute for crossEntropy, with the same formulas and the
 * same summation orders:
 * - the logits V = X Wᵀ with the reference's four partial sums per dot (j mod 4), combined as
 *   s0 + s1 + (s2 + s3): bit-identical to linalg/matrix.ts multiplyABt;
 * - per sample r = LSE_{c≠y}(v_c) − v_y, log a_ic = v_c − v_y − softplus(r), log G_i = log σ(r),
 *   log ℓ_i = log softplus(r) (losses/crossEntropy.ts), with this file's exp/log/log1p;
 * - the row scales S_c, the signed row-scaled weights e^{log a − S_c} and their sums
 *   Σ_i w_ic x_i in the reference's order over i (each lane of f64x2 is one column j);
 * - each entry's log|g| and sign, or a flag where the row-scaled sum is below
 *   TINY_MANTISSA (the caller takes those entries term by term, as the reference does).
 * The only differences from the reference are exp/log/log1p here vs V8's Math (each within a
 * few ulps, tested) and the two-pass log-sum-exp of log L and log G (vs a streaming one).
 * Every operation is IEEE-754 basic arithmetic (no FMA, no relaxed SIMD), so results are the
 * same bit for bit on every run and every machine.
 *
 * Memory: the caller allocates every buffer once with `alloc` (a bump allocator; nothing is
 * freed) and passes byte offsets; a step allocates nothing.
 */

// ---- elementary functions -------------------------------------------------------------------

// ln 2 = LN2_HI + LN2_LO, LN2_HI with 32 trailing zero bits so k·LN2_HI is exact for |k| < 2^20.
const LN2_HI: f64 = reinterpret<f64>(0x3fe62e42fee00000);
const LN2_LO: f64 = reinterpret<f64>(0x3dea39ef35793c76);
const LOG2E: f64 = 1.4426950408889634;
const SQRT2: f64 = 1.4142135623730951;

const MAGIC: f64 = 6755399441055744.0; // 2^52 + 2^51: y = MAGIC + k has k in its low bits
/** log 2^-1022: e^x below the smallest normal number for x below it. */
const MIN_LOG: f64 = -708.3964185322641;
// The constants of expV as f64x2 pairs, loaded from memory (a splat of an immediate costs more).
const EXPC: usize = memory.data<f64>([
  710.0, 710.0, MIN_LOG, MIN_LOG, LOG2E, LOG2E, LN2_HI, LN2_HI, LN2_LO, LN2_LO,
  1.0 / 479001600.0, 1.0 / 479001600.0, 1.0 / 6227020800.0, 1.0 / 6227020800.0,
  1.0 / 3628800.0, 1.0 / 3628800.0, 1.0 / 39916800.0, 1.0 / 39916800.0,
  1.0 / 40320.0, 1.0 / 40320.0, 1.0 / 362880.0, 1.0 / 362880.0,
  1.0 / 720.0, 1.0 / 720.0, 1.0 / 5040.0, 1.0 / 5040.0,
  1.0 / 24.0, 1.0 / 24.0, 1.0 / 120.0, 1.0 / 120.0,
  0.5, 0.5, 1.0 / 6.0, 1.0 / 6.0, 1.0, 1.0, MAGIC, MAGIC, MIN_LOG, MIN_LOG,
], 16);
// @ts-ignore: decorator
@inline
function cst(i: i32): v128 { return v128.load(EXPC + (<usize>i << 4)); }
/**
 * e^x lane by lane, for any x, without branches: x = k·ln2 + r, |r| ≤ ln2/2 (ln2 in two parts,
 * LN2_HI·k exact), e^r = A(r²) + r·B(r²) (the even and odd Taylor parts to r^13, truncation
 * < 2^-60, two independent chains), times 2^k as 2^{k1}·2^{k2} (k1 = ⌊k/2⌋: each factor normal,
 * so k = 1024 overflows to +∞ correctly). A result below the smallest normal number 2^-1022 is
 * flushed to 0 (x < −708.39…): every exponential here is a term of a sum whose largest term is
 * 1 (a softmax denominator, a row-scaled weight), where such a term is invisible (relative
 * 2^-1022), and arithmetic on subnormals costs ~100 cycles an operation on x86 (measured: the
 * step took 2.3× as long deep in the log domain; x is clamped to MIN_LOG first so that no
 * intermediate product is subnormal either). x > 710 gives +∞, −∞ gives 0, NaN stays NaN.
 */
// @ts-ignore: decorator
@inline
function expV(x: v128): v128 {
  const xc = f64x2.pmax(f64x2.pmin(x, cst(0)), cst(1));
  const k = f64x2.nearest(f64x2.mul(xc, cst(2)));
  const r = f64x2.sub(f64x2.sub(xc, f64x2.mul(k, cst(3))), f64x2.mul(k, cst(4)));
  const z = f64x2.mul(r, r);
  let A = cst(5);
  let B = cst(6);
  A = f64x2.add(f64x2.mul(A, z), cst(7));
  B = f64x2.add(f64x2.mul(B, z), cst(8));
  A = f64x2.add(f64x2.mul(A, z), cst(9));
  B = f64x2.add(f64x2.mul(B, z), cst(10));
  A = f64x2.add(f64x2.mul(A, z), cst(11));
  B = f64x2.add(f64x2.mul(B, z), cst(12));
  A = f64x2.add(f64x2.mul(A, z), cst(13));
  B = f64x2.add(f64x2.mul(B, z), cst(14));
  A = f64x2.add(f64x2.mul(A, z), cst(15));
  B = f64x2.add(f64x2.mul(B, z), cst(16));
  const p = f64x2.add(cst(17), f64x2.add(r, f64x2.add(f64x2.mul(z, A), f64x2.mul(f64x2.mul(r, z), B))));
  const k1 = f64x2.floor(f64x2.mul(k, f64x2.splat(0.5)));
  const k2 = f64x2.sub(k, k1);
  const magic = i64x2.splat(reinterpret<i64>(MAGIC) - 1023);
  const e1 = i64x2.shl(i64x2.sub(f64x2.add(k1, cst(18)), magic), 52);
  const e2 = i64x2.shl(i64x2.sub(f64x2.add(k2, cst(18)), magic), 52);
  const y = v128.andnot(f64x2.mul(f64x2.mul(p, e1), e2), f64x2.lt(x, cst(19)));
  return v128.bitselect(x, y, f64x2.ne(x, x));
}

/**
 * log x lane by lane for normal x: x = 2^e·m, m ∈ [√½, √2), f = m − 1 (exact), s = f/(2 + f),
 * log m = 2 atanh s = f − (f²/2 − s(f²/2 + R)), R = Σ_{n=1}^{11} 2s^{2n}/(2n + 1) (truncation
 * < 2^-60; odd and even powers of z = s² in two chains), plus e·ln2 in two parts. x = +∞ gives
 * +∞, 0 gives −∞, x < 0 or NaN gives NaN. Subnormal x is never an input here (every log is of a
 * sum ≥ 1, of 1 + t, of softplus(r) ≥ 2e-9 or of a row-scaled sum ≥ TINY_MANTISSA).
 */
// @ts-ignore: decorator
@inline
function logV(x: v128): v128 {
  const bits = x;
  let e = i64x2.sub(i64x2.shr_u(bits, 52), i64x2.splat(1023));
  let m = v128.or(v128.and(bits, i64x2.splat(0x000fffffffffffff)), i64x2.splat(0x3ff0000000000000));
  const big = f64x2.gt(m, f64x2.splat(SQRT2));
  m = v128.bitselect(f64x2.mul(m, f64x2.splat(0.5)), m, big);
  e = i64x2.sub(e, big); // big lanes are −1
  const dk = f64x2.sub(i64x2.add(e, i64x2.splat(reinterpret<i64>(MAGIC))), f64x2.splat(MAGIC));
  const f = f64x2.sub(m, f64x2.splat(1.0));
  const s = f64x2.div(f, f64x2.add(f64x2.splat(2.0), f));
  const z = f64x2.mul(s, s);
  const z2 = f64x2.mul(z, z);
  let O = f64x2.splat(2.0 / 23.0);
  let E = f64x2.splat(2.0 / 21.0);
  O = f64x2.add(f64x2.mul(O, z2), f64x2.splat(2.0 / 19.0));
  E = f64x2.add(f64x2.mul(E, z2), f64x2.splat(2.0 / 17.0));
  O = f64x2.add(f64x2.mul(O, z2), f64x2.splat(2.0 / 15.0));
  E = f64x2.add(f64x2.mul(E, z2), f64x2.splat(2.0 / 13.0));
  O = f64x2.add(f64x2.mul(O, z2), f64x2.splat(2.0 / 11.0));
  E = f64x2.add(f64x2.mul(E, z2), f64x2.splat(2.0 / 9.0));
  O = f64x2.add(f64x2.mul(O, z2), f64x2.splat(2.0 / 7.0));
  E = f64x2.add(f64x2.mul(E, z2), f64x2.splat(2.0 / 5.0));
  O = f64x2.add(f64x2.mul(O, z2), f64x2.splat(2.0 / 3.0));
  const R = f64x2.mul(z, f64x2.add(O, f64x2.mul(z, E)));
  const hfsq = f64x2.mul(f64x2.mul(f64x2.splat(0.5), f), f);
  const inner = f64x2.sub(f64x2.sub(hfsq, f64x2.add(f64x2.mul(s, f64x2.add(hfsq, R)), f64x2.mul(dk, f64x2.splat(LN2_LO)))), f);
  let y = f64x2.sub(f64x2.mul(dk, f64x2.splat(LN2_HI)), inner);
  y = v128.bitselect(x, y, f64x2.eq(x, f64x2.splat(Infinity)));
  y = v128.bitselect(f64x2.splat(-Infinity), y, f64x2.eq(x, f64x2.splat(0.0)));
  return v128.bitselect(f64x2.splat(NaN), y, v128.not(f64x2.ge(x, f64x2.splat(0.0))));
}

/** log(1 + u) lane by lane for u > −1: log w, w = 1 + u, plus the rounding error of w, (u − (w − 1))/w (exact for |u| ≤ 1). */
// @ts-ignore: decorator
@inline
function log1pV(u: v128): v128 {
  const one = f64x2.splat(1.0);
  const w = f64x2.add(one, u);
  const lw = logV(w);
  let y = f64x2.add(lw, f64x2.div(f64x2.sub(u, f64x2.sub(w, one)), w));
  y = v128.bitselect(lw, y, v128.or(f64x2.gt(u, one), f64x2.ne(u, u)));
  return v128.bitselect(u, y, f64x2.eq(w, one));
}

/**
 * expV, skipping the work when both lanes flush to 0 (deep in the log domain most exponentials
 * of a softmax row or of a row-scaled weight do: this branch is what keeps long runs fast).
 */
// @ts-ignore: decorator
@inline
function expOrZero(a: v128): v128 {
  return i64x2.all_true(f64x2.lt(a, cst(19))) ? f64x2.splat(0.0) : expV(a);
}

/** The lane functions on one number (the exports the accuracy tests call). */
export function exp(x: f64): f64 {
  return f64x2.extract_lane(expV(f64x2.splat(x)), 0);
}
export function log(x: f64): f64 {
  return f64x2.extract_lane(logV(f64x2.splat(x)), 0);
}
export function log1p(x: f64): f64 {
  return f64x2.extract_lane(log1pV(f64x2.splat(x)), 0);
}

// ---- the step -------------------------------------------------------------------------------

/** Bump allocation of n bytes, 16-aligned (memory grows as needed; nothing is freed). */
let top: usize = 0;
export function alloc(n: usize): usize {
  if (top == 0) top = (__heap_base + 15) & ~15;
  const p = top;
  top = (top + n + 15) & ~15;
  const need = <i32>((top + 0xffff) >> 16) - memory.size();
  if (need > 0) memory.grow(need);
  return p;
}

/** V (n×k) = X (n×d) Wᵀ (W k×d), row-major f64, summed as linalg/matrix.ts multiplyABt sums. */
// Each dot product keeps the reference's four partial sums s0..s3 (j mod 4) in two f64x2, the
// tail (j ≥ d − d mod 4) into s0, and s0 + s1 + (s2 + s3): bit-identical logits. Two samples ×
// two classes share their loads (an odd last sample or class is computed twice, same value).
export function logits(X: usize, W: usize, V: usize, n: i32, d: i32, k: i32): void {
  const d4 = d & ~3;
  for (let i = 0; i < n; i += 2) {
    const i1 = i + 1 < n ? i + 1 : i;
    const xo0 = X + (<usize>(i * d) << 3);
    const xo1 = X + (<usize>(i1 * d) << 3);
    for (let c = 0; c < k; c += 2) {
      const c1 = c + 1 < k ? c + 1 : c;
      const wo0 = W + (<usize>(c * d) << 3);
      const wo1 = W + (<usize>(c1 * d) << 3);
      let p01 = f64x2.splat(0.0), p23 = f64x2.splat(0.0); // sample i, class c
      let q01 = f64x2.splat(0.0), q23 = f64x2.splat(0.0); // sample i, class c1
      let r01 = f64x2.splat(0.0), r23 = f64x2.splat(0.0); // sample i1, class c
      let t01 = f64x2.splat(0.0), t23 = f64x2.splat(0.0); // sample i1, class c1
      for (let j = 0; j < d4; j += 4) {
        const o = <usize>j << 3;
        const xa = v128.load(xo0 + o), xb = v128.load(xo0 + o, 16);
        const ya = v128.load(xo1 + o), yb = v128.load(xo1 + o, 16);
        const wa = v128.load(wo0 + o), wb = v128.load(wo0 + o, 16);
        const ua = v128.load(wo1 + o), ub = v128.load(wo1 + o, 16);
        p01 = f64x2.add(p01, f64x2.mul(xa, wa));
        p23 = f64x2.add(p23, f64x2.mul(xb, wb));
        q01 = f64x2.add(q01, f64x2.mul(xa, ua));
        q23 = f64x2.add(q23, f64x2.mul(xb, ub));
        r01 = f64x2.add(r01, f64x2.mul(ya, wa));
        r23 = f64x2.add(r23, f64x2.mul(yb, wb));
        t01 = f64x2.add(t01, f64x2.mul(ya, ua));
        t23 = f64x2.add(t23, f64x2.mul(yb, ub));
      }
      store<f64>(V + (<usize>(i * k + c) << 3), dotEnd(p01, p23, xo0, wo0, d4, d));
      store<f64>(V + (<usize>(i * k + c1) << 3), dotEnd(q01, q23, xo0, wo1, d4, d));
      store<f64>(V + (<usize>(i1 * k + c) << 3), dotEnd(r01, r23, xo1, wo0, d4, d));
      store<f64>(V + (<usize>(i1 * k + c1) << 3), dotEnd(t01, t23, xo1, wo1, d4, d));
    }
  }
}

/** A dot product's end: the tail into s0, then s0 + s1 + (s2 + s3). */
// @ts-ignore: decorator
@inline
function dotEnd(a01: v128, a23: v128, xo: usize, wo: usize, d4: i32, d: i32): f64 {
  let s0 = f64x2.extract_lane(a01, 0);
  for (let j = d4; j < d; j++) s0 += load<f64>(xo + (<usize>j << 3)) * load<f64>(wo + (<usize>j << 3));
  return s0 + f64x2.extract_lane(a01, 1) + (f64x2.extract_lane(a23, 0) + f64x2.extract_lane(a23, 1));
}

/** log Σ e^{x_i} over n contiguous f64 by max then sum (NaN if any is NaN, ±∞ as the max). */
function logSumExp(p: usize, n: i32): f64 {
  let m = -Infinity;
  for (let i = 0; i < n; i++) {
    const v = load<f64>(p + (<usize>i << 3));
    if (v > m || v != v) m = v;
  }
  if (m == -Infinity || m == Infinity || m != m) return m;
  const mv = f64x2.splat(m);
  let acc = f64x2.splat(0.0);
  const n2 = n & ~1;
  for (let i = 0; i < n2; i += 2) acc = f64x2.add(acc, expOrZero(f64x2.sub(v128.load(p + (<usize>i << 3)), mv)));
  let s = f64x2.extract_lane(acc, 0) + f64x2.extract_lane(acc, 1);
  if (n2 < n) s += exp(load<f64>(p + (<usize>n2 << 3)) - m);
  return m + log(s);
}

/** out[c] = e^{x[c] − m} for c < k (x and out may be the same buffer). */
// @ts-ignore: decorator
@inline
function expShifted(x: usize, out: usize, m: f64, k: i32): void {
  const mv = f64x2.splat(m);
  const k2 = k & ~1;
  for (let c = 0; c < k2; c += 2) {
    const o = <usize>c << 3;
    v128.store(out + o, expOrZero(f64x2.sub(v128.load(x + o), mv)));
  }
  if (k2 < k) store<f64>(out + (<usize>k2 << 3), exp(load<f64>(x + (<usize>k2 << 3)) - m));
}

/**
 * The scalar part of one sample: the row max m over c ≠ y, Σ_{c≠y} e^{v_c − m} (the row's logA
 * is scratch for the exponentials), and v_y. Returns s; m and v_y go to tmp[0], tmp[1].
 */
// @ts-ignore: decorator
@inline
function rowSums(vo: usize, ao: usize, yi: i32, k: i32, tmp: usize): f64 {
  const vy = load<f64>(vo + (<usize>yi << 3));
  let m = -Infinity;
  for (let c = 0; c < k; c++) {
    if (c == yi) continue;
    const v = load<f64>(vo + (<usize>c << 3));
    if (v > m || v != v) m = v;
  }
  let s: f64 = 1.0;
  if (m != -Infinity && m != Infinity && m == m) {
    expShifted(vo, ao, m, k);
    s = 0.0;
    for (let c = 0; c < k; c++) {
      if (c != yi) s += load<f64>(ao + (<usize>c << 3));
    }
  }
  store<f64>(tmp, m);
  store<f64>(tmp, vy, 8);
  return s;
}

/** Writes sample i's logA row, log ℓ_i and log G_i from v, v_y and softplus(r), log σ(r), log softplus(r). */
// @ts-ignore: decorator
@inline
function rowStore(vo: usize, ao: usize, yi: i32, k: i32, vy: f64, sp: f64, lsig: f64, ll: f64, logLoss: usize, logG: usize, i: i32): f64 {
  for (let c = 0; c < k; c++) {
    if (c != yi) store<f64>(ao + (<usize>c << 3), load<f64>(vo + (<usize>c << 3)) - vy - sp);
  }
  store<f64>(ao + (<usize>yi << 3), lsig);
  store<f64>(logLoss + (<usize>i << 3), ll);
  store<f64>(logG + (<usize>i << 3), lsig);
  return lsig;
}

/**
 * Per sample (crossEntropy.sample): logA (n×k) gets log a_ic, and log G_i at c = y_i; logLoss
 * and logG (n) get log ℓ_i and log G_i. out[0..2] = log L + log n, log G + log n, max_i log G_i.
 * Two samples at a time: r = LSE_{c≠y}(v_c) − v_y, softplus(r) = max(r, 0) + log1p(e^{−|r|}),
 * log σ(r) = min(r, 0) − log1p(e^{−|r|}) and log softplus(r) in the lanes of f64x2.
 */
export function ceRows(V: usize, y: usize, logA: usize, rs: usize, logLoss: usize, logG: usize, out: usize, n: i32, k: i32): void {
  // first every row's m, v_y and s (into rs, three f64 a sample), then the chains of
  // exp/log1p/log two samples at a time: consecutive pairs are independent, so the processor
  // overlaps their latencies (interleaved with the row scans it could not)
  for (let i = 0; i < n; i++) {
    const ro = rs + <usize>i * 24;
    store<f64>(ro, rowSums(V + (<usize>(i * k) << 3), logA + (<usize>(i * k) << 3), load<i32>(y + (<usize>i << 2)), k, ro), 16);
  }
  let maxG = -Infinity;
  for (let i = 0; i < n; i += 2) {
    const i1 = i + 1 < n ? i + 1 : i; // an odd last sample fills both lanes
    const vo0 = V + (<usize>(i * k) << 3);
    const vo1 = V + (<usize>(i1 * k) << 3);
    const ao0 = logA + (<usize>(i * k) << 3);
    const ao1 = logA + (<usize>(i1 * k) << 3);
    const y0 = load<i32>(y + (<usize>i << 2));
    const y1 = load<i32>(y + (<usize>i1 << 2));
    const r0 = rs + <usize>i * 24;
    const r1 = rs + <usize>i1 * 24;
    const m = f64x2.replace_lane(f64x2.splat(load<f64>(r0)), 1, load<f64>(r1));
    const vy = f64x2.replace_lane(f64x2.splat(load<f64>(r0, 8)), 1, load<f64>(r1, 8));
    const sv = f64x2.replace_lane(f64x2.splat(load<f64>(r0, 16)), 1, load<f64>(r1, 16));
    // LSE = m + log s, or m itself when m is ±∞ or NaN (s = 1 there, log 1 = 0 would do for finite)
    const mFinite = f64x2.eq(f64x2.sub(m, m), f64x2.splat(0.0));
    const lse = v128.bitselect(f64x2.add(m, logV(sv)), m, mFinite);
    const r = f64x2.sub(lse, vy);
    const t = expOrZero(f64x2.neg(f64x2.abs(r)));
    // log softplus(r): r + log1p(−u/2 + u²/3), u = e^r (= t), below −20; log(softplus r) above
    const far = f64x2.lt(r, f64x2.splat(-20.0));
    const small = f64x2.add(f64x2.mul(f64x2.neg(t), f64x2.splat(0.5)), f64x2.div(f64x2.mul(t, t), f64x2.splat(3.0))); // −t/2 exactly
    const one = f64x2.splat(1.0);
    const w = f64x2.add(one, small);
    let sp: v128, lsig: v128, ll: v128;
    if (i64x2.all_true(v128.and(v128.and(far, f64x2.eq(f64x2.add(one, t), one)), f64x2.eq(w, one)))) {
      // deep in the log domain (both r < −20 and 1 + t, 1 + small rounding to 1): log1pV(t) is
      // t and log1p(small) is small (log1pV returns its argument where 1 + u = 1), so the two
      // logs below are skipped, with the same results bit for bit
      sp = t;
      lsig = f64x2.sub(r, t);
      ll = f64x2.add(r, small);
    } else {
      const zero = f64x2.splat(0.0);
      const l = log1pV(t);
      const pos = f64x2.gt(r, zero);
      const neg = f64x2.lt(r, zero);
      sp = v128.bitselect(f64x2.add(r, l), l, pos);
      lsig = v128.bitselect(f64x2.sub(r, l), f64x2.neg(l), neg);
      lsig = v128.bitselect(r, lsig, f64x2.ne(r, r));
      // one logV for both: of w = 1 + small (log1p as log1pV has it, w = 1 exactly giving small)
      // in the far lanes, of softplus(r) in the others
      const L = logV(v128.bitselect(w, sp, far));
      const l1p = v128.bitselect(small, f64x2.add(L, f64x2.div(f64x2.sub(small, f64x2.sub(w, one)), w)), f64x2.eq(w, one));
      ll = v128.bitselect(f64x2.add(r, l1p), L, far);
    }
    const g0 = rowStore(vo0, ao0, y0, k, f64x2.extract_lane(vy, 0), f64x2.extract_lane(sp, 0), f64x2.extract_lane(lsig, 0), f64x2.extract_lane(ll, 0), logLoss, logG, i);
    const g1 = rowStore(vo1, ao1, y1, k, f64x2.extract_lane(vy, 1), f64x2.extract_lane(sp, 1), f64x2.extract_lane(lsig, 1), f64x2.extract_lane(ll, 1), logLoss, logG, i1);
    if (g0 > maxG) maxG = g0;
    if (g1 > maxG) maxG = g1;
  }
  store<f64>(out, logSumExp(logLoss, n));
  store<f64>(out, logSumExp(logG, n), 8);
  store<f64>(out, maxG, 16);
}

const TINY_MANTISSA: f64 = 1e-280;
/** Samples per block of the gradient's sums (IB·d·8 bytes of X stay in cache). */
const IB: i32 = 256;

/**
 * The scaled gradient from logA (gradient.ts scaledGradient): rowS (k) the row scales, wts (n×k)
 * and idx (n i32) scratch, sums (k×d) the row-scaled sums Σ_i ±e^{log a_ic − S_c} x_i, then per entry logAbs
 * and sign (f64). An entry whose row-scaled sum is below TINY_MANTISSA gets logAbs NaN and is
 * counted: the caller takes it term by term. (The caller also forms the mantissa, with Math.exp.)
 * Returns that count; out[0] = the largest logAbs among the others.
 */
export function ceGradient(X: usize, y: usize, logA: usize, rowS: usize, wts: usize, idx: usize, sums: usize, logAbs: usize, sign: usize, out: usize, n: i32, d: i32, k: i32, logN: f64): i32 {
  for (let c = 0; c < k; c++) store<f64>(rowS + (<usize>c << 3), -Infinity);
  for (let i = 0; i < n; i++) {
    const ao = logA + (<usize>(i * k) << 3);
    for (let c = 0; c < k; c++) {
      const la = load<f64>(ao + (<usize>c << 3));
      const rp = rowS + (<usize>c << 3);
      if (la > load<f64>(rp)) store<f64>(rp, la);
    }
  }
  const k2 = k & ~1;
  const minusInf = f64x2.splat(-Infinity);
  for (let i = 0; i < n; i++) {
    const ao = logA + (<usize>(i * k) << 3);
    const wo = wts + (<usize>(i * k) << 3);
    for (let c = 0; c < k2; c += 2) {
      const o = <usize>c << 3;
      const S = v128.load(rowS + o);
      const w = expOrZero(f64x2.sub(v128.load(ao + o), S));
      // a row no sample weighs (S_c = −∞) has weight 0, not e^{−∞+∞}
      v128.store(wo + o, v128.andnot(w, f64x2.eq(S, minusInf)));
    }
    if (k2 < k) {
      const o = <usize>k2 << 3;
      const S = load<f64>(rowS + o);
      store<f64>(wo + o, S == -Infinity ? 0.0 : exp(load<f64>(ao + o) - S));
    }
    const yo = wo + (<usize>load<i32>(y + (<usize>i << 2)) << 3);
    store<f64>(yo, -load<f64>(yo));
  }
  const kd = k * d;
  memory.fill(sums, 0, <usize>kd << 3);
  // sums[c, j] += w_ic x_ij for i = 0, 1, ... in order (each entry sums as the reference does),
  // register-blocked: two classes × eight columns in eight f64x2 accumulators over all i. A zero
  // weight adds ±0, which changes nothing but the sign of an exact-zero sum (which the caller
  // takes term by term anyway). Samples go in blocks of IB so a block of X stays in cache.
  const d8 = d & ~7;
  for (let ib = 0; ib < n; ib += IB) {
  const ie = ib + IB < n ? ib + IB : n;
  for (let c = 0; c < k; c += 2) {
    const c1 = c + 1 < k ? c + 1 : c; // an odd last class is done twice, into the same row
    const m0 = sums + (<usize>(c * d) << 3);
    const m1 = sums + (<usize>(c1 * d) << 3);
    // the samples of this block with a nonzero weight in either class, in order (the others add 0)
    let cnt = 0;
    for (let i = ib; i < ie; i++) {
      const wo = wts + (<usize>(i * k) << 3);
      if (load<f64>(wo + (<usize>c << 3)) != 0.0 || load<f64>(wo + (<usize>c1 << 3)) != 0.0) {
        store<i32>(idx + (<usize>cnt << 2), i);
        cnt++;
      }
    }
    for (let j = 0; j < d8; j += 8) {
      const jo = <usize>j << 3;
      let a0 = v128.load(m0 + jo), a1 = v128.load(m0 + jo, 16), a2 = v128.load(m0 + jo, 32), a3 = v128.load(m0 + jo, 48);
      let b0 = v128.load(m1 + jo), b1 = v128.load(m1 + jo, 16), b2 = v128.load(m1 + jo, 32), b3 = v128.load(m1 + jo, 48);
      for (let q = 0; q < cnt; q++) {
        const i = load<i32>(idx + (<usize>q << 2));
        const xo = X + (<usize>(i * d) << 3) + jo;
        const wo = wts + (<usize>(i * k) << 3);
        const w0 = v128.load64_splat(wo + (<usize>c << 3));
        const w1 = v128.load64_splat(wo + (<usize>c1 << 3));
        const x0 = v128.load(xo), x1 = v128.load(xo, 16), x2 = v128.load(xo, 32), x3 = v128.load(xo, 48);
        a0 = f64x2.add(a0, f64x2.mul(w0, x0));
        a1 = f64x2.add(a1, f64x2.mul(w0, x1));
        a2 = f64x2.add(a2, f64x2.mul(w0, x2));
        a3 = f64x2.add(a3, f64x2.mul(w0, x3));
        b0 = f64x2.add(b0, f64x2.mul(w1, x0));
        b1 = f64x2.add(b1, f64x2.mul(w1, x1));
        b2 = f64x2.add(b2, f64x2.mul(w1, x2));
        b3 = f64x2.add(b3, f64x2.mul(w1, x3));
      }
      v128.store(m0 + jo, a0);
      v128.store(m0 + jo, a1, 16);
      v128.store(m0 + jo, a2, 32);
      v128.store(m0 + jo, a3, 48);
      v128.store(m1 + jo, b0);
      v128.store(m1 + jo, b1, 16);
      v128.store(m1 + jo, b2, 32);
      v128.store(m1 + jo, b3, 48);
    }
    for (let j = d8; j < d; j++) {
      const jo = <usize>j << 3;
      let a = load<f64>(m0 + jo), b = load<f64>(m1 + jo);
      for (let q = 0; q < cnt; q++) {
        const i = load<i32>(idx + (<usize>q << 2));
        const x = load<f64>(X + (<usize>(i * d) << 3) + jo);
        const wo = wts + (<usize>(i * k) << 3);
        a += load<f64>(wo + (<usize>c << 3)) * x;
        b += load<f64>(wo + (<usize>c1 << 3)) * x;
      }
      store<f64>(m0 + jo, a);
      store<f64>(m1 + jo, b);
    }
  }
  }
  // log|sums| two entries at a time into logAbs (the same bits as the lane function one at a time)
  for (let e = 0; e + 1 < kd; e += 2) {
    const o = <usize>e << 3;
    v128.store(logAbs + o, logV(f64x2.abs(v128.load(sums + o))));
  }
  if (kd & 1) {
    const o = <usize>(kd - 1) << 3;
    store<f64>(logAbs + o, log(abs<f64>(load<f64>(sums + o))));
  }
  let fallback = 0;
  let logScale = -Infinity;
  for (let c = 0; c < k; c++) {
    const S = load<f64>(rowS + (<usize>c << 3));
    for (let j = 0; j < d; j++) {
      const e = <usize>(c * d + j) << 3;
      const m = load<f64>(sums + e);
      if (abs<f64>(m) >= TINY_MANTISSA) {
        const la = S + load<f64>(logAbs + e) - logN;
        store<f64>(logAbs + e, la);
        store<f64>(sign + e, m > 0.0 ? 1.0 : -1.0);
        if (la > logScale) logScale = la;
      } else {
        store<f64>(logAbs + e, NaN);
        store<f64>(sign + e, 0.0);
        fallback++;
      }
    }
  }
  store<f64>(out, logScale);
  return fallback;
}
