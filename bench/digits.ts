import { existsSync, readFileSync } from 'node:fs';
import { gunzipSync } from 'node:zlib';
import { makeDataset, type Dataset } from '../src/data/dataset.js';
import { fromRows } from '../src/linalg/matrix.js';

/** Debian's python3-sklearn copy of the UCI optical digits (1,797 × 64, 10 classes). */
export const DIGITS_CSV = '/usr/lib/python3/dist-packages/sklearn/datasets/data/digits.csv.gz';

/**
 * The UCI digits from scikit-learn's CSV (64 pixel values then the label per row), or null
 * when the file is absent. For the bench only: the harness's own loader is fixtures/real/.
 */
export function loadDigitsCsv(path = DIGITS_CSV): Dataset | null {
  if (!existsSync(path)) return null;
  const text = gunzipSync(readFileSync(path)).toString('utf8');
  const rows: number[][] = [];
  const y: number[] = [];
  for (const line of text.split('\n')) {
    if (line.trim() === '') continue;
    const v = line.split(',').map(Number);
    y.push(v.pop()!);
    rows.push(v);
  }
  return makeDataset(fromRows(rows, rows[0]!.length), y, { source: `digits (${path})` });
}
