import { dataBoundB, divideFeatures, type Dataset } from './data/dataset.js';
import { NotSeparableError } from './errors.js';
import { margin, type MarginResult } from './margins/index.js';

/**
 * A dataset with its derived constants, computed once and handed down (ARCHITECTURE.md):
 * B = max_i ‖x_i‖_1 (Ass. 3.5) and the margins γ_∞, γ_2, γ_1 with their maximisers, each
 * solved on first use and cached. Nothing downstream recomputes a margin it was handed.
 */
export class Problem {
  readonly dataset: Dataset;
  readonly B: number;
  private readonly cache = new Map<number, MarginResult>();

  constructor(dataset: Dataset) {
    this.dataset = dataset;
    this.B = dataBoundB(dataset);
  }

  get n(): number {
    return this.dataset.X.rows;
  }
  get d(): number {
    return this.dataset.X.cols;
  }
  get k(): number {
    return this.dataset.k;
  }

  /** γ_p and its maximiser for p ∈ {∞, 1, 2} (throws NotSeparableError on non-separable data). */
  margin(p: number): MarginResult {
    let r = this.cache.get(p);
    if (!r) {
      r = namingTheData(this.dataset, () => margin(this.dataset, p));
      this.cache.set(p, r);
    }
    return r;
  }

  /** The same data with x_i / B, so that B = 1 (THEOREMS.md §8: makes α = 2B²e^{2Bη₀} non-vacuous). */
  normalisedB(): Problem {
    return new Problem(divideFeatures(this.dataset, this.B));
  }

  /** γ := γ_max, the margin of P1. */
  get gamma(): number {
    return this.margin(Infinity).gamma;
  }
}

/** A NotSeparableError raised by f, with the dataset's source (file, sampler call) named first. */
export function namingTheData<T>(ds: Dataset, f: () => T): T {
  try {
    return f();
  } catch (e) {
    if (e instanceof NotSeparableError && ds.source !== undefined && !e.message.startsWith(ds.source)) {
      throw new NotSeparableError(`${ds.source}: ${e.message}`, e.gammaUpperBound);
    }
    throw e;
  }
}
