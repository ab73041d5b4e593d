import { ArgumentError, SolverError } from '../errors.js';

/** Default bound on the wall time of one margin solve (all rounds, all GLPK calls). */
export const MARGIN_TIME_LIMIT_SECONDS = 300;

/** A wall-time budget for one solve: `check` raises a SolverError naming the solver once it is spent. */
export class TimeBudget {
  readonly started = performance.now();
  readonly limitSeconds: number;

  constructor(
    private readonly what: string,
    limitSeconds: number = MARGIN_TIME_LIMIT_SECONDS,
  ) {
    if (!(limitSeconds > 0)) throw new ArgumentError(`${what}: time limit must be a positive number of seconds, got ${limitSeconds}`);
    this.limitSeconds = limitSeconds;
  }

  /** Seconds left (may be ≤ 0). */
  left(): number {
    return this.limitSeconds - (performance.now() - this.started) / 1000;
  }

  /** The limit to hand a nested solve (after `check`): what is left, never 0 or less. */
  forNested(progress: string): number {
    this.check(progress);
    return Math.max(this.left(), Number.MIN_VALUE);
  }

  /** Throws once the budget is spent; `progress` says how far the solve got. */
  check(progress: string): void {
    if (!(this.left() > 0)) throw new SolverError(`${this.what}: time limit of ${this.limitSeconds} s reached after ${progress}`);
  }
}
