import { inputAt } from '../claims/replay.js';
import type { Claim } from '../claims/types.js';
import type { Matrix } from '../linalg/matrix.js';
import { Problem } from '../problem.js';
import type { ClaimRow } from './claimRows.js';

/**
 * A counterexample small enough to draw: a 2-D dataset (X n×2, labels y in 0..k−1) and the
 * point W (k×2) the claim was evaluated at. Its picture is the points by class over W's
 * decision regions argmax_c w_cᵀx.
 */
export interface PlanarCase {
  readonly X: Matrix;
  readonly y: Int32Array;
  readonly k: number;
  readonly W: Matrix;
}

/** Above this many points a counterexample is shown as data only. */
export const MAX_PICTURE_POINTS = 500;

const isRecord = (x: unknown): x is Record<string, unknown> => typeof x === 'object' && x !== null;

function isMatrix(x: unknown): x is Matrix {
  return isRecord(x) && Number.isInteger(x.rows) && Number.isInteger(x.cols) && x.data instanceof Float64Array && x.data.length === Number(x.rows) * Number(x.cols);
}

/**
 * (X, y, W) of a claim's input when it has them and they can be drawn: an input carrying a
 * `problem` (a Problem) on d = 2 features with at most MAX_PICTURE_POINTS points, and a
 * point `W` of shape k×2 (PointInput, PairInput and every input built on them). Otherwise
 * undefined: the counterexample is then shown as data only.
 */
export function planarCase(input: unknown): PlanarCase | undefined {
  if (!isRecord(input) || !(input.problem instanceof Problem)) return undefined;
  const { X, y, k } = input.problem.dataset;
  const W = input.W;
  if (X.cols !== 2 || X.rows === 0 || X.rows > MAX_PICTURE_POINTS) return undefined;
  if (!isMatrix(W) || W.rows !== k || W.cols !== 2) return undefined;
  return { X, y, k, W };
}

/** The class W predicts at (x1, x2): argmax_c w_cᵀx, the lowest c on a tie. */
export function predictedClass(W: Matrix, x1: number, x2: number): number {
  let best = 0;
  let bestScore = -Infinity;
  for (let c = 0; c < W.rows; c++) {
    const s = W.data[2 * c]! * x1 + W.data[2 * c + 1]! * x2;
    if (s > bestScore) {
      bestScore = s;
      best = c;
    }
  }
  return best;
}

/**
 * The input of a failed row, replayed from its seed and path (with its dropped assumptions),
 * for its picture. Undefined when the row has no path or `claimOf` does not know the claim;
 * throws what the replay throws (the page then says why there is no picture).
 */
export function replayedInput(row: ClaimRow, claimOf: (id: string) => Claim<unknown> | undefined): unknown {
  const f = row.failure;
  const claim = claimOf(row.id);
  if (!f?.path || !claim) return undefined;
  return inputAt(claim, { seed: f.seed, path: f.path, relax: f.relaxed });
}
