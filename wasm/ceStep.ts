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
 * few ulps, tested), the two-pass log-sum-exp of log L and log G (vs a streaming one), and the
 * row-scaled weights formed where exact from the row pass's exponentials as E_ic·P_i·Q_c (a few
 * more roundings of the same magnitudes: see ceGradient; within the tested tolerance).
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
const SQRT2: f64 = 1.4142135623730951;

const MAGIC: f64 = 6755399441055744.0; // 2^52 + 2^51: y = MAGIC + k has k in its low bits
/** log 2^-1022: e^x below the smallest normal number for x below it. */
const MIN_LOG: f64 = -708.3964185322641;
/** 2^{j/128} = EXPT_HI[j] + EXPT_LO[j] (j = 0..127; hi correctly rounded, lo the next 53 bits), interleaved. */
const EXPT: usize = memory.data<f64>([
  1.0, 0.0, 1.0054299011128027, 9.499186535455032e-17,
  1.0108892860517005, -1.5234778603368577e-17, 1.016378314910953, -5.77217007319966e-17,
  1.0218971486541166, 5.109225028973444e-17, 1.0274459491187637, -4.9560741746453704e-17,
  1.0330248790212284, 7.600838874027088e-18, 1.0386341019613787, 5.996273788852511e-17,
  1.0442737824274138, 8.551889705537965e-17, 1.0499440858006872, 5.592937848127003e-17,
  1.0556451783605572, 1.759325738772092e-18, 1.061377227289262, -1.1973537085365658e-17,
  1.0671404006768237, -7.899853966841582e-17, 1.0729348675259756, -3.839668843358824e-18,
  1.0787607977571199, -6.656660436056593e-17, 1.0846183622133092, 3.166152845816346e-17,
  1.0905077326652577, -3.046782079812471e-17, 1.0964290818163769, -5.919933484449316e-17,
  1.102382583307841, 5.2660368715706944e-17, 1.1083684117236787, -8.786813845180527e-17,
  1.1143867425958924, 1.0410278456845571e-16, 1.1204377524096067, -6.201085906554179e-17,
  1.1265216186082418, 5.165856758795457e-17, 1.1326385195987192, 3.237356166738e-17,
  1.1387886347566916, 8.912812676025408e-17, 1.1449721444318042, 4.6412898921700107e-17,
  1.1511892299529827, 3.250710218863827e-17, 1.1574400736337511, -9.1238712311344e-17,
  1.1637248587775775, 3.8292048369240935e-17, 1.1700437696832502, -1.8477442017900047e-18,
  1.1763969916502812, 5.554203254218079e-17, 1.182784710984341, 1.542975430079076e-17,
  1.189207115002721, 3.982015231465646e-17, 1.1956643920398273, 4.6166036704814814e-17,
  1.202156731452703, 6.644981499252301e-17, 1.2086843236265816, -4.746725945228984e-17,
  1.215247359980469, -7.712630692681488e-17, 1.2218460329727576, -1.0611021211402691e-16,
  1.22848053610687, -1.89878163130253e-17, 1.2351510639369334, -1.0755244344307841e-16,
  1.241857812073484, 4.658027591836937e-17, 1.2486009771892048, -8.261810999021964e-17,
  1.255380757024691, -6.7113898212968784e-18, 1.2621973503942507, -3.0844648874738465e-17,
  1.2690509571917332, 2.667932131342186e-18, 1.275941778396392, 9.91543024421429e-17,
  1.2828700160787783, 1.713594918243561e-17, 1.2898358734066657, 8.949257530897592e-17,
  1.2968395546510096, 2.5382502794888315e-17, 1.3038812651919358, 8.647675598267871e-17,
  1.3109612115247644, -7.181536135519454e-17, 1.318079601266064, -5.4579558271491535e-17,
  1.3252366431597413, -2.8587312100388614e-17, 1.3324325470831615, -5.101586630916744e-17,
  1.339667524053303, 8.927282594831732e-17, 1.3469417862329458, 3.224065101254679e-17,
  1.3542555469368927, 7.70094837980299e-17, 1.3616090206382248, 1.533787661270668e-18,
  1.3690024229745905, 9.593797919118849e-17, 1.3764359707545302, -6.898588935871801e-17,
  1.383909881963832, -6.770511658794786e-17, 1.3914243757719262, -4.9061748652889893e-17,
  1.3989796725383112, -9.614213209051323e-17, 1.4065759938190154, 7.034914812136422e-18,
  1.4142135623730951, -9.667293313452913e-17, 1.4218926021691656, -1.6077828915890244e-17,
  1.42961333839197, -1.2031642489053655e-17, 1.4373759974489824, -4.2040340164675566e-17,
  1.4451808069770467, -3.0237581349939873e-17, 1.4530279958490526, -5.779948609396106e-17,
  1.460917794180647, -5.600377186075216e-17, 1.4688504333369818, 8.465882756533628e-17,
  1.4768261459394993, -3.483994556892796e-17, 1.4848451658727524, 1.0780086764407481e-16,
  1.4929077282912648, 1.4192920154284036e-17, 1.5010140696264256, -6.413767275790235e-17,
  1.5091644275934228, -1.016455327754295e-16, 1.5173590411982147, -4.308699472043341e-17,
  1.5255981507445384, -1.1024941712342561e-16, 1.533881997840956, 8.875226844438446e-17,
  1.5422108254079407, 7.949834809697621e-17, 1.550584877685, -1.4600706590689385e-17,
  1.559004400237837, 3.7812070533575275e-17, 1.567469639965553, -1.0352061768849722e-16,
  1.5759808451078865, -1.0136916471278304e-17, 1.5845382652524937, -1.9337717034585703e-17,
  1.593142151342267, -1.0094406542311964e-16, 1.6017927556826934, -6.054917453527784e-17,
  1.6104903319492543, 2.4707192569797888e-17, 1.6192351351948637, 2.0941334154229092e-17,
  1.6280274218573478, -6.712955084707084e-17, 1.6368674497669644, 7.698325071319876e-17,
  1.645755478153965, -1.0125679913674773e-16, 1.6546917676561943, 9.643294303196029e-17,
  1.6636765803267364, 5.8909926967131e-17, 1.6727101796415966, -5.476715964599563e-17,
  1.681792830507429, 8.199010020581497e-17, 1.6909247992693053, -9.66967147439488e-17,
  1.7001063537185235, -8.0237193703977e-18, 1.709337763100463, -9.868779456632931e-17,
  1.718619298122478, -1.851380418263111e-17, 1.7279512309618377, -1.0750981861204642e-16,
  1.7373338352737062, 3.164389299292957e-17, 1.746767386199169, -1.0752290483507515e-16,
  1.7562521603732995, 2.960140695448873e-17, 1.7657884359332727, 9.461315018083268e-17,
  1.7753764925265212, 6.429731796556572e-17, 1.785016611318935, 1.5330400121031314e-17,
  1.7947090750031072, 1.8227458427912087e-17, 1.804454167806624, -5.177222408793318e-17,
  1.8142521755003989, -9.969531538920349e-17, 1.8241033854070534, -1.0159627862277083e-16,
  1.8340080864093424, 3.283107224245627e-17, 1.843966568958626, -5.939742026949965e-17,
  1.8539791250833855, 9.761887490727594e-17, 1.864046048397789, 6.540912680620572e-17,
  1.8741676341103, -6.122763413004143e-17, 1.8843441790323345, -8.226593125533711e-17,
  1.8945759815869656, 3.4034035352165297e-17, 1.9048633418176741, 6.533857514718279e-17,
  1.9152065613971474, -1.0619946056195963e-16, 1.925605943636125, -9.914963769693741e-17,
  1.9360617934922943, 1.0332385960676326e-16, 1.9465744175792332, 6.811022349533877e-17,
  1.9571441241754002, 8.960767791036668e-17, 1.9677712232331759, -1.0314928011531132e-16,
  1.978456026387951, 4.0388753109278167e-17, 1.9891988469672663, 8.2051326383692e-18,
], 16);
// The constants of expV as f64x2 pairs, loaded from memory (a splat of an immediate costs more).
// 128/ln 2, ln 2/128 = LN2_HI/128 + LN2_LO/128 (LN2_HI/128 keeps 32 trailing zero bits).
const EXPC: usize = memory.data<f64>([
  710.0, 710.0, MIN_LOG, MIN_LOG, 184.6649652337873, 184.6649652337873,
  LN2_HI / 128.0, LN2_HI / 128.0, LN2_LO / 128.0, LN2_LO / 128.0,
  1.0 / 2.0, 1.0 / 2.0, 1.0 / 6.0, 1.0 / 6.0, 1.0 / 24.0, 1.0 / 24.0, 1.0 / 120.0, 1.0 / 120.0,
  MAGIC, MAGIC,
], 16);
// @ts-ignore: decorator
@inline
function cst(i: i32): v128 { return v128.load(EXPC + (<usize>i << 4)); }
/**
 * e^x lane by lane, for any x, without branches, table-driven: x = (128e + j)·ln2/128 + r,
 * |r| ≤ ln2/256 (ln2/128 in two parts, the product with the integer exact), e^r − 1 = p(r) =
 * r + r²/2 + … + r⁵/120 (truncation < 2^-60, two independent chains), e^x = 2^e·(T_hi +
 * (T_hi·p + T_lo)) with 2^{j/128} = T_hi + T_lo from the table (≈ ½ ulp + a few hundredths),
 * 2^e as 2^{e1}·2^{e2} (e1 = ⌊e/2⌋: each factor normal, so e = 1024 overflows to +∞ correctly).
 * A result below the smallest normal number 2^-1022 is flushed to 0 (x < −708.39…): every
 * exponential here is a term of a sum whose largest term is 1 (a softmax denominator, a
 * row-scaled weight), where such a term is invisible (relative 2^-1022), and arithmetic on
 * subnormals costs ~100 cycles an operation on x86 (measured: the step took 2.3× as long deep in
 * the log domain; x is clamped to MIN_LOG first so that no intermediate product is subnormal
 * either). x > 710 gives +∞, −∞ gives 0, NaN stays NaN (its table index is masked to 0..127).
 */
// @ts-ignore: decorator
@inline
function expV(x: v128): v128 {
  const xc = f64x2.pmax(f64x2.pmin(x, cst(0)), cst(1));
  const kf = f64x2.nearest(f64x2.mul(xc, cst(2)));
  const r = f64x2.sub(f64x2.sub(xc, f64x2.mul(kf, cst(3))), f64x2.mul(kf, cst(4)));
  const ki = i64x2.sub(f64x2.add(kf, cst(9)), i64x2.splat(reinterpret<i64>(MAGIC)));
  const j = v128.and(ki, i64x2.splat(127));
  const t0 = v128.load(EXPT + (<usize>i64x2.extract_lane(j, 0) << 4));
  const t1 = v128.load(EXPT + (<usize>i64x2.extract_lane(j, 1) << 4));
  const hi = i64x2.shuffle(t0, t1, 0, 2);
  const lo = i64x2.shuffle(t0, t1, 1, 3);
  const z = f64x2.mul(r, r);
  const A = f64x2.add(cst(5), f64x2.mul(r, cst(6)));
  const B = f64x2.add(cst(7), f64x2.mul(r, cst(8)));
  const p = f64x2.add(r, f64x2.add(f64x2.mul(z, A), f64x2.mul(f64x2.mul(z, z), B)));
  const t = f64x2.add(hi, f64x2.add(f64x2.mul(hi, p), lo));
  const e = i64x2.shr_s(ki, 7);
  const e1 = i64x2.shr_s(e, 1);
  const e2 = i64x2.sub(e, e1);
  const bias = i64x2.splat(1023);
  const s1 = i64x2.shl(i64x2.add(e1, bias), 52);
  const s2 = i64x2.shl(i64x2.add(e2, bias), 52);
  const y = v128.andnot(f64x2.mul(f64x2.mul(t, s1), s2), f64x2.lt(x, cst(1)));
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
  return i64x2.all_true(f64x2.lt(a, cst(1))) ? f64x2.splat(0.0) : expV(a);
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
 * The scalar part of one sample: the row max m over c ≠ y, Σ_{c≠y} e^{v_c − m} (the
 * exponentials e^{v_c − m} stay in the row of E: ceGradient reuses them), and v_y. Returns s; m
 * and v_y go to tmp[0], tmp[1].
 */
// @ts-ignore: decorator
@inline
function rowSums(vo: usize, eo: usize, yi: i32, k: i32, tmp: usize): f64 {
  const vy = load<f64>(vo + (<usize>yi << 3));
  let m = -Infinity;
  for (let c = 0; c < k; c++) {
    if (c == yi) continue;
    const v = load<f64>(vo + (<usize>c << 3));
    if (v > m || v != v) m = v;
  }
  let s: f64 = 1.0;
  if (m != -Infinity && m != Infinity && m == m) {
    expShifted(vo, eo, m, k);
    s = 0.0;
    for (let c = 0; c < k; c++) {
      if (c != yi) s += load<f64>(eo + (<usize>c << 3));
    }
  }
  store<f64>(tmp, m);
  store<f64>(tmp, vy, 8);
  return s;
}

/**
 * Writes sample i's logA row, log ℓ_i and log G_i from v, v_y and softplus(r), log σ(r), log
 * softplus(r); β_i = (m − v_y) − softplus(r), which is exactly the row's largest log a_ic (the
 * same two roundings as logA at the class of the max m), or NaN where m is not finite (E's row
 * holds no exponentials then); E's entry at y_i becomes 1 (ceGradient's fast weight there is then
 * e^{β_i − B}, never a needless fallback, and is overwritten).
 */
// @ts-ignore: decorator
@inline
function rowStore(vo: usize, ao: usize, eo: usize, yi: i32, k: i32, m: f64, vy: f64, sp: f64, lsig: f64, ll: f64, logLoss: usize, logG: usize, beta: usize, i: i32): f64 {
  for (let c = 0; c < k; c++) {
    if (c != yi) store<f64>(ao + (<usize>c << 3), load<f64>(vo + (<usize>c << 3)) - vy - sp);
  }
  store<f64>(ao + (<usize>yi << 3), lsig);
  store<f64>(eo + (<usize>yi << 3), 1.0);
  store<f64>(beta + (<usize>i << 3), m - m == 0.0 ? m - vy - sp : NaN);
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
export function ceRows(V: usize, y: usize, logA: usize, E: usize, beta: usize, rs: usize, logLoss: usize, logG: usize, out: usize, n: i32, k: i32): void {
  // first every row's m, v_y and s (into rs, three f64 a sample), then the chains of
  // exp/log1p/log two samples at a time: consecutive pairs are independent, so the processor
  // overlaps their latencies (interleaved with the row scans it could not)
  for (let i = 0; i < n; i++) {
    const ro = rs + <usize>i * 24;
    store<f64>(ro, rowSums(V + (<usize>(i * k) << 3), E + (<usize>(i * k) << 3), load<i32>(y + (<usize>i << 2)), k, ro), 16);
  }
  let maxG = -Infinity;
  for (let i = 0; i < n; i += 2) {
    const i1 = i + 1 < n ? i + 1 : i; // an odd last sample fills both lanes
    const vo0 = V + (<usize>(i * k) << 3);
    const vo1 = V + (<usize>(i1 * k) << 3);
    const ao0 = logA + (<usize>(i * k) << 3);
    const ao1 = logA + (<usize>(i1 * k) << 3);
    const eo0 = E + (<usize>(i * k) << 3);
    const eo1 = E + (<usize>(i1 * k) << 3);
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
    const zero = f64x2.splat(0.0);
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
    const g0 = rowStore(vo0, ao0, eo0, y0, k, f64x2.extract_lane(m, 0), f64x2.extract_lane(vy, 0), f64x2.extract_lane(sp, 0), f64x2.extract_lane(lsig, 0), f64x2.extract_lane(ll, 0), logLoss, logG, beta, i);
    const g1 = rowStore(vo1, ao1, eo1, y1, k, f64x2.extract_lane(m, 1), f64x2.extract_lane(vy, 1), f64x2.extract_lane(sp, 1), f64x2.extract_lane(lsig, 1), f64x2.extract_lane(ll, 1), logLoss, logG, beta, i1);
    if (g0 > maxG) maxG = g0;
    if (g1 > maxG) maxG = g1;
  }
  store<f64>(out, logSumExp(logLoss, n));
  store<f64>(out, logSumExp(logG, n), 8);
  store<f64>(out, maxG, 16);
}

const TINY_MANTISSA: f64 = 1e-280;
/** The smallest E_ic·P_i a fast weight is formed from (2^-960: normal, with room below). */
const FAST_MIN: f64 = reinterpret<f64>(0x03f0000000000000);
/** Samples per block of the gradient's sums (IB·d·8 bytes of X stay in cache). */
const IB: i32 = 256;

/**
 * The scaled gradient from logA (gradient.ts scaledGradient), with E, β (n) and log G (n) from
 * ceRows: rowS (k) the row scales, qc (k), pr and py (n), wts (n×k) and idx (n i32) scratch, sums (k×d) the row-scaled sums Σ_i ±e^{log a_ic − S_c} x_i, then per entry logAbs
 * and sign (f64). An entry whose row-scaled sum is below TINY_MANTISSA gets logAbs NaN and is
 * counted: the caller takes it term by term. (The caller also forms the mantissa, with Math.exp.)
 * Returns that count; out[0] = the largest logAbs among the others.
 */
export function ceGradient(X: usize, y: usize, logA: usize, E: usize, beta: usize, logG: usize, rowS: usize, qc: usize, pr: usize, py: usize, wts: usize, idx: usize, sums: usize, logAbs: usize, sign: usize, out: usize, n: i32, d: i32, k: i32, logN: f64): i32 {
  for (let c = 0; c < k; c++) store<f64>(rowS + (<usize>c << 3), -Infinity);
  for (let i = 0; i < n; i++) {
    const ao = logA + (<usize>(i * k) << 3);
    for (let c = 0; c < k; c++) {
      const la = load<f64>(ao + (<usize>c << 3));
      const rp = rowS + (<usize>c << 3);
      if (la > load<f64>(rp)) store<f64>(rp, la);
    }
  }
  // The weights e^{log a_ic − S_c}, reusing the row pass's exponentials: for c ≠ y_i,
  // log a_ic − S_c = (v_c − m_i) + (β_i − B) + (B − S_c) with B = max_c S_c, so the weight is
  // E_ic · P_i · Q_c, P_i = e^{β_i − B} ≤ 1 (one exponential per sample), Q_c = e^{B − S_c} ≥ 1
  // (one per class), and at c = y_i it is P'_i · Q_{y_i}, P'_i = e^{log G_i − B}. This is taken
  // only where it is exact to the same relative order as the direct exponential: t = E_ic·P_i
  // (or P'_i) ≥ FAST_MIN (a normal number, so t and t·Q_c round to ≤ ½ ulp each) and
  // B − S_c ≤ 700 (Q_c finite). Everywhere else (an exponential that underflowed: a class far
  // below its row's max, a sample far below the best one, a class far below the best class) the
  // weight is the direct e^{log a_ic − S_c} as before. The arguments' roundings are of
  // quantities bounded by 4·max|v| + log k + 1 (|v_c − m_i| ≤ 2 max|v|, |β_i|, |S_c|, |B| ≤
  // 2 max|v| + |softplus|), so the fast weight's relative error stays within the 16εΛ + 4ε per
  // weight that ce-kernel.test.ts derives and tests (Λ = 2 + 7 max|v| + 3 log k).
  let B = -Infinity;
  for (let c = 0; c < k; c++) {
    const S = load<f64>(rowS + (<usize>c << 3));
    if (S > B) B = S;
  }
  const bFinite = B - B == 0.0;
  for (let c = 0; c < k; c++) {
    const g = B - load<f64>(rowS + (<usize>c << 3));
    store<f64>(qc + (<usize>c << 3), bFinite && g <= 700.0 ? exp(g) : 0.0);
  }
  const Bv = f64x2.splat(B);
  for (let i = 0; i < n; i += 2) {
    const o = <usize>i << 3;
    if (i + 1 < n) {
      v128.store(pr + o, expOrZero(f64x2.sub(v128.load(beta + o), Bv)));
      v128.store(py + o, expOrZero(f64x2.sub(v128.load(logG + o), Bv)));
    } else {
      store<f64>(pr + o, exp(load<f64>(beta + o) - B));
      store<f64>(py + o, exp(load<f64>(logG + o) - B));
    }
  }
  const k2 = k & ~1;
  const minusInf = f64x2.splat(-Infinity);
  const fastMin = f64x2.splat(FAST_MIN);
  const fastLog = cst(1); // MIN_LOG
  const zero = f64x2.splat(0.0);
  for (let i = 0; i < n; i++) {
    const ao = logA + (<usize>(i * k) << 3);
    const eo = E + (<usize>(i * k) << 3);
    const wo = wts + (<usize>(i * k) << 3);
    const P = v128.load64_splat(pr + (<usize>i << 3));
    for (let c = 0; c < k2; c += 2) {
      const o = <usize>c << 3;
      const Q = v128.load(qc + o);
      const t = f64x2.mul(v128.load(eo + o), P);
      const ok = v128.and(f64x2.ge(t, fastMin), f64x2.gt(Q, zero));
      const S = v128.load(rowS + o);
      const arg = f64x2.sub(v128.load(ao + o), S);
      // the direct exponential where the fast weight is not taken and the weight is not flushed
      // (arg ≥ MIN_LOG, or NaN); elsewhere a lane that is not fast is 0 (branch-free deep in the
      // log domain, where most lanes are flushed and which lanes are fast varies)
      const need = v128.not(v128.or(ok, f64x2.lt(arg, fastLog)));
      let w = v128.and(f64x2.mul(t, Q), ok);
      if (v128.any_true(need)) {
        // a row no sample weighs (S_c = −∞) has weight 0, not e^{−∞+∞}
        w = v128.bitselect(w, v128.andnot(expV(arg), f64x2.eq(S, minusInf)), ok);
      }
      v128.store(wo + o, w);
    }
    if (k2 < k) {
      const o = <usize>k2 << 3;
      const S = load<f64>(rowS + o);
      store<f64>(wo + o, S == -Infinity ? 0.0 : exp(load<f64>(ao + o) - S));
    }
    const yi = load<i32>(y + (<usize>i << 2));
    const yo = wo + (<usize>yi << 3);
    const tY = load<f64>(py + (<usize>i << 3));
    const qY = load<f64>(qc + (<usize>yi << 3));
    const sY = load<f64>(rowS + (<usize>yi << 3));
    store<f64>(yo, tY >= FAST_MIN && qY > 0.0 ? tY * qY : sY == -Infinity ? 0.0 : exp(load<f64>(ao + (<usize>yi << 3)) - sY));
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
