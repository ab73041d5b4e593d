/**
 * Typed errors. Every error the harness raises on bad input or solver trouble is one of these,
 * with a `code` callers can branch on and a message that names what is wrong.
 */
export type HarnessErrorCode =
  | 'shape'
  | 'data'
  | 'not-separable'
  | 'solver'
  | 'argument';

export class HarnessError extends Error {
  readonly code: HarnessErrorCode;
  constructor(code: HarnessErrorCode, message: string) {
    super(message);
    this.code = code;
    this.name = 'HarnessError';
  }
}

/** Shapes of matrices or vectors do not fit together. */
export class ShapeError extends HarnessError {
  constructor(message: string) {
    super('shape', message);
    this.name = 'ShapeError';
  }
}

/** A dataset is malformed: NaN, ragged rows, labels out of range, empty class, ... */
export class DataError extends HarnessError {
  constructor(message: string) {
    super('data', message);
    this.name = 'DataError';
  }
}

/** The data admit no W with every margin positive (Ass. 3.1 fails). */
export class NotSeparableError extends HarnessError {
  readonly gammaUpperBound: number;
  constructor(message: string, gammaUpperBound: number) {
    super('not-separable', message);
    this.name = 'NotSeparableError';
    this.gammaUpperBound = gammaUpperBound;
  }
}

/** A solver returned anything but an optimal, certified solution. */
export class SolverError extends HarnessError {
  constructor(message: string) {
    super('solver', message);
    this.name = 'SolverError';
  }
}

/** A caller passed an argument outside its domain (a bad norm, step, schedule, ...). */
export class ArgumentError extends HarnessError {
  constructor(message: string) {
    super('argument', message);
    this.name = 'ArgumentError';
  }
}
