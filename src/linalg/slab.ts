/**
 * Float64Arrays carved from shared chunks: many small arrays for about the price of one. V8 keeps a
 * Float64Array of more than 8 entries outside its heap, and creating one costs ~5× a view of an
 * existing buffer; the engine's per-step copies for hooks (W_t, the gradient, the update) are such
 * arrays. Chunks are never reused: every array is zero when taken, its own, and keeps its chunk alive.
 */
export class Float64Slab {
  private chunk: ArrayBuffer;
  private used = 0;
  /** @param chunkEntries entries per chunk (arrays over a quarter of it are allocated on their own) */
  constructor(private readonly chunkEntries = 8192) {
    this.chunk = new ArrayBuffer(8 * chunkEntries);
  }

  /** A new zero array of n entries. */
  take(n: number): Float64Array {
    if (4 * n > this.chunkEntries) return new Float64Array(n);
    if (this.used + n > this.chunkEntries) {
      this.chunk = new ArrayBuffer(8 * this.chunkEntries);
      this.used = 0;
    }
    const out = new Float64Array(this.chunk, 8 * this.used, n);
    this.used += n;
    return out;
  }

  /** A new array holding src's entries. */
  copy(src: Float64Array): Float64Array {
    const out = this.take(src.length);
    out.set(src);
    return out;
  }
}
