import { createReadStream } from 'node:fs';
import { stat } from 'node:fs/promises';
import { extname } from 'node:path';
import { createInterface } from 'node:readline';
import { ArgumentError, DataError } from '../errors.js';
import { makeDataset, type Dataset } from './dataset.js';

/**
 * A streaming loader for datasets too large to read as one string (MNIST, CIFAR-10 exported
 * to CSV by the user): the file is read line by line twice, never held as text. Pass 1 counts
 * the data lines and fixes the width; the feature matrix is then allocated once at its final
 * size and pass 2 parses into it. Peak memory is the n×d Float64Array plus one line.
 *
 * Formats: CSV (one sample per line, the label first or last, an optional header line of
 * names) and JSON Lines (one `{"x": number[], "y": label}` per line).
 */
export type StreamFormat = 'csv' | 'jsonl';

export interface StreamOptions {
  /** Default: by extension (.jsonl, .ndjson → jsonl; anything else csv). */
  readonly format?: StreamFormat;
  /** CSV: where the label is (default 'last'; MNIST CSV exports usually have it first). */
  readonly labelColumn?: 'first' | 'last';
  /** Divide every feature by this (e.g. 255 for 8-bit pixels); default 1. */
  readonly scale?: number;
  /** Read at most this many samples (the first ones); default all. */
  readonly limit?: number;
  /**
   * A malformed line (wrong field count, a non-number, a bad label): 'error' (default) raises
   * a DataError naming the file and line; 'skip' leaves it out and reports it in `skipped`.
   */
  readonly onBadRow?: 'error' | 'skip';
  /** Number of classes; default max label + 1. */
  readonly k?: number;
}

export interface BadRow {
  /** 1-based line number in the file. */
  readonly line: number;
  readonly reason: string;
}

export interface StreamedDataset {
  readonly dataset: Dataset;
  /** Malformed lines left out (onBadRow 'skip'); empty otherwise. */
  readonly skipped: readonly BadRow[];
  readonly bytes: number;
  /** Whether a header line was found and skipped (CSV). */
  readonly header: boolean;
}

/** A parsed line: features and label, or why it is malformed. */
type Parsed = { readonly x: ArrayLike<number>; readonly y: number } | { readonly bad: string };

export async function streamDataset(path: string, opts: StreamOptions = {}): Promise<StreamedDataset> {
  const format = opts.format ?? (['.jsonl', '.ndjson'].includes(extname(path).toLowerCase()) ? 'jsonl' : 'csv');
  if (format !== 'csv' && format !== 'jsonl') throw new ArgumentError(`unknown stream format "${String(format)}": expected csv or jsonl`);
  const scale = opts.scale ?? 1;
  if (!(scale > 0) || !Number.isFinite(scale)) throw new ArgumentError(`scale must be positive and finite, got ${scale}`);
  const limit = opts.limit ?? Infinity;
  if (!(limit >= 1)) throw new ArgumentError(`limit must be at least 1, got ${limit}`);
  const labelFirst = (opts.labelColumn ?? 'last') === 'first';
  let bytes: number;
  try {
    bytes = (await stat(path)).size;
  } catch (e) {
    throw new DataError(`cannot read data file ${path}: ${(e as NodeJS.ErrnoException).code ?? (e as Error).message}`);
  }

  // Pass 1: the header (CSV), the number of data lines (an upper bound on n) and the width.
  let header = false;
  let width = -1;
  let dataLines = 0;
  const firstBad: BadRow[] = [];
  await forEachLine(path, (line, ln, first) => {
    if (first && format === 'csv' && isHeader(line)) {
      header = true;
      return true;
    }
    if (width === -1 && format === 'csv') width = line.split(',').length;
    if (width === -1 && format === 'jsonl') {
      const p = parseJsonLine(line, -1);
      if ('bad' in p) {
        if (firstBad.length === 0) firstBad.push({ line: ln, reason: p.bad });
      } else width = p.x.length;
    }
    dataLines++;
    return dataLines < limit;
  });
  if (dataLines === 0) throw new DataError(`${path}: empty data: no rows`);
  if (width === -1) throw new DataError(`${path}: no well-formed line (first: line ${firstBad[0]?.line}: ${firstBad[0]?.reason})`);
  const d = width - (format === 'csv' ? 1 : 0);
  if (!(d >= 1)) throw new DataError(`${path}: the first data line has no features (it needs features and a label)`);

  // Pass 2: parse into the final-size buffers.
  const X = new Float64Array(dataLines * d);
  const y = new Int32Array(dataLines);
  const skipped: BadRow[] = [];
  let n = 0;
  await forEachLine(path, (line, ln, first) => {
    if (first && header) return true;
    const p = format === 'csv' ? parseCsvLine(line, d, labelFirst) : parseJsonLine(line, d);
    if ('bad' in p) {
      if (opts.onBadRow !== 'skip') throw new DataError(`${path}: line ${ln}: ${p.bad}`);
      skipped.push({ line: ln, reason: p.bad });
    } else {
      for (let j = 0; j < d; j++) X[n * d + j] = p.x[j]! / scale;
      y[n++] = p.y;
    }
    return n + skipped.length < dataLines;
  });
  if (n === 0) throw new DataError(`${path}: every one of the ${skipped.length} data lines is malformed (first: line ${skipped[0]?.line}: ${skipped[0]?.reason})`);
  // A view, not a copy: the slack left by skipped lines is a few rows.
  const matrix = { rows: n, cols: d, data: n * d === X.length ? X : X.subarray(0, n * d) };
  let dataset: Dataset;
  try {
    dataset = makeDataset(matrix, y.subarray(0, n), { ...(opts.k !== undefined ? { k: opts.k } : {}), source: path });
  } catch (e) {
    throw e instanceof DataError ? new DataError(`${path}: ${e.message}`) : e;
  }
  return { dataset, skipped, bytes, header };
}

/** Calls f on every non-blank line (trimmed) with its 1-based line number, until f returns false. */
async function forEachLine(path: string, f: (line: string, lineNumber: number, first: boolean) => boolean): Promise<void> {
  const stream = createReadStream(path, { encoding: 'utf8', highWaterMark: 1 << 20 });
  const rl = createInterface({ input: stream, crlfDelay: Infinity });
  let ln = 0;
  let first = true;
  try {
    for await (const raw of rl) {
      ln++;
      const line = raw.trim();
      if (line === '') continue;
      const go = f(line, ln, first);
      first = false;
      if (!go) break;
    }
  } catch (e) {
    if (e instanceof DataError) throw e;
    throw new DataError(`cannot read data file ${path}: ${(e as NodeJS.ErrnoException).code ?? (e as Error).message}`);
  } finally {
    rl.close();
    stream.destroy();
  }
}

const csvNumber = (f: string): number => (f.trim() === '' ? NaN : Number(f));

/** A first line with no field that reads as a number is a header of names. */
function isHeader(line: string): boolean {
  return line.split(',').every((f) => Number.isNaN(csvNumber(f)));
}

function checkLabel(v: unknown): string | null {
  if (typeof v !== 'number' || !Number.isInteger(v)) return `label ${JSON.stringify(v)} is not an integer`;
  if (v < 0) return `label ${v} is negative: labels are 0..k-1`;
  return null;
}

function parseCsvLine(line: string, d: number, labelFirst: boolean): Parsed {
  const fields = line.split(',');
  if (fields.length !== d + 1) return { bad: `${fields.length} fields, expected ${d + 1} (${d} features and a label)` };
  const nums = fields.map(csvNumber);
  const label = labelFirst ? nums[0]! : nums[d]!;
  const off = labelFirst ? 1 : 0;
  for (let j = 0; j < d; j++) {
    if (!Number.isFinite(nums[off + j]!)) return { bad: `field ${off + j + 1} ("${fields[off + j]!.trim()}") is not a finite number` };
  }
  const why = checkLabel(label);
  if (why) return { bad: `${why} (field ${labelFirst ? 1 : d + 1}: "${fields[labelFirst ? 0 : d]!.trim()}")` };
  return { x: nums.slice(off, off + d), y: label };
}

/** `{"x": number[], "y": label}`; d = −1 accepts any width (pass 1). */
function parseJsonLine(line: string, d: number): Parsed {
  let obj: unknown;
  try {
    obj = JSON.parse(line);
  } catch (e) {
    return { bad: `not valid JSON (${(e as Error).message})` };
  }
  if (typeof obj !== 'object' || obj === null || Array.isArray(obj)) return { bad: 'expected an object {"x": number[], "y": label}' };
  const { x, y } = obj as { x?: unknown; y?: unknown };
  if (!Array.isArray(x)) return { bad: 'missing or non-array field "x"' };
  if (d !== -1 && x.length !== d) return { bad: `"x" has ${x.length} entries, expected ${d}` };
  for (let j = 0; j < x.length; j++) {
    if (typeof x[j] !== 'number') return { bad: `x[${j}] is ${x[j] === null ? 'null (NaN or Infinity in JSON?)' : typeof x[j]}, expected a finite number` };
  }
  const why = checkLabel(y);
  if (why) return { bad: why };
  return { x: x as number[], y: y as number };
}
