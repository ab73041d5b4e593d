import { ShapeError } from '../../errors.js';
import { WASM_BASE64 } from './ceStepWasm.js';

/**
 * The cross-entropy step's WebAssembly kernel (wasm/ceStep.ts, compiled to ceStepWasm.ts): the
 * logits, the per-sample log weights, log L, log G and the row-scaled gradient in one module
 * instance per objective, every buffer allocated once. Objective uses it for crossEntropy and
 * keeps the TypeScript path (gradient.ts) as the reference and fallback.
 */

/** An export of the instance, checked to be a function (called with fixed arguments: no allocation). */
function exported(e: WebAssembly.Exports, name: string): Function {
  const f = e[name];
  if (typeof f !== 'function') throw new Error(`ce kernel: export ${name} is not a function`);
  return f;
}

/** A number returned by an export (a kernel function returns f64 or i32). */
function num(r: unknown): number {
  if (typeof r !== 'number') throw new Error('ce kernel: an export returned a non-number');
  return r;
}

let compiled: WebAssembly.Module | null | undefined;

/** The compiled module, or null where this runtime has no WebAssembly SIMD (the caller falls back). */
export function kernelModule(): WebAssembly.Module | null {
  if (compiled === undefined) {
    try {
      compiled = new WebAssembly.Module(Buffer.from(WASM_BASE64, 'base64'));
    } catch {
      compiled = null;
    }
  }
  return compiled;
}

/** The kernel's elementary functions (for tests against Math). */
export interface KernelMath {
  exp(x: number): number;
  log(x: number): number;
  log1p(x: number): number;
}

export function kernelMath(mod: WebAssembly.Module): KernelMath {
  const e = new WebAssembly.Instance(mod, {}).exports;
  const [exp, log, log1p] = [exported(e, 'exp'), exported(e, 'log'), exported(e, 'log1p')];
  return { exp: (x) => num(exp(x)), log: (x) => num(log(x)), log1p: (x) => num(log1p(x)) };
}

/**
 * One kernel instance over a fixed dataset. The Float64Array views (X, W, V, logA, logLoss,
 * logAbs, sign) alias the instance's memory, which never grows after construction.
 */
export class CrossEntropyKernel {
  readonly n: number;
  readonly d: number;
  readonly k: number;
  /** W (k×d): the caller writes the iterate here before `forward`. */
  readonly W: Float64Array;
  /** The logits V = X Wᵀ (n×k). */
  readonly V: Float64Array;
  /** log a_ic (c ≠ y_i) and log G_i (c = y_i), n×k, as PermLoss.sample writes them. */
  readonly logA: Float64Array;
  /** log ℓ_i (n). */
  readonly logLoss: Float64Array;
  /** Per gradient entry (k×d): log|g| (NaN where the row-scaled sum is below TINY_MANTISSA) and sign. */
  readonly logAbs: Float64Array;
  readonly sign: Float64Array;
  private readonly out: Float64Array;
  private readonly p: Readonly<Record<'X' | 'W' | 'V' | 'y' | 'logA' | 'rs' | 'logLoss' | 'logG' | 'out' | 'rowS' | 'wts' | 'idx' | 'sums' | 'logAbs' | 'sign', number>>;
  private readonly fLogits: Function;
  private readonly fRows: Function;
  private readonly fGradient: Function;
  private readonly logN: number;

  constructor(mod: WebAssembly.Module, X: Float64Array, y: ArrayLike<number>, n: number, d: number, k: number) {
    if (X.length !== n * d || y.length !== n) throw new ShapeError(`ce kernel: X must have ${n * d} entries and y ${n}, got ${X.length} and ${y.length}`);
    this.n = n;
    this.d = d;
    this.k = k;
    this.logN = Math.log(n);
    const e = new WebAssembly.Instance(mod, {}).exports;
    const memory = e['memory'];
    if (!(memory instanceof WebAssembly.Memory)) throw new Error('ce kernel: no memory export');
    const alloc = exported(e, 'alloc');
    const f64 = (count: number): number => num(alloc(8 * Math.max(1, count)));
    this.p = {
      X: f64(n * d),
      W: f64(k * d),
      V: f64(n * k),
      y: num(alloc(4 * Math.max(1, n))),
      logA: f64(n * k),
      rs: f64(3 * n),
      logLoss: f64(n),
      logG: f64(n),
      out: f64(4),
      rowS: f64(k),
      wts: f64(n * k),
      idx: num(alloc(4 * Math.max(1, n))),
      sums: f64(k * d),
      logAbs: f64(k * d),
      sign: f64(k * d),
    };
    const buf = memory.buffer;
    const view = (at: number, count: number): Float64Array => new Float64Array(buf, at, count);
    view(this.p.X, n * d).set(X);
    new Int32Array(buf, this.p.y, n).set(Array.from(y));
    this.W = view(this.p.W, k * d);
    this.V = view(this.p.V, n * k);
    this.logA = view(this.p.logA, n * k);
    this.logLoss = view(this.p.logLoss, n);
    this.logAbs = view(this.p.logAbs, k * d);
    this.sign = view(this.p.sign, k * d);
    this.out = view(this.p.out, 4);
    this.fLogits = exported(e, 'logits');
    this.fRows = exported(e, 'ceRows');
    this.fGradient = exported(e, 'ceGradient');
  }

  /** V, logA and logLoss at the W written into `this.W`; then logNL, logNG and maxLogG hold its sums. */
  forward(): void {
    const { p, n, d, k } = this;
    this.fLogits(p.X, p.W, p.V, n, d, k);
    this.fRows(p.V, p.y, p.logA, p.rs, p.logLoss, p.logG, p.out, n, k);
    this.logNL = this.out[0]!;
    this.logNG = this.out[1]!;
    this.maxLogG = this.out[2]!;
  }

  /** After `forward`: log(n·L), log(n·G) and max_i log G_i. */
  logNL = NaN;
  logNG = NaN;
  maxLogG = NaN;

  /**
   * The gradient from the last forward pass into logAbs and sign. Returns the number of entries
   * left to the caller (logAbs NaN: their row-scaled sum is below TINY_MANTISSA); `logScale` is
   * the largest log|g| of the others.
   */
  gradient(): number {
    const { p, n, d, k } = this;
    return num(this.fGradient(p.X, p.y, p.logA, p.rowS, p.wts, p.idx, p.sums, p.logAbs, p.sign, p.out, n, d, k, this.logN));
  }

  /** The largest log|g| the last `gradient` found among the entries it computed. */
  get logScale(): number {
    return this.out[0]!;
  }
}
