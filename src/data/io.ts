import { readFileSync } from 'node:fs';
import { extname } from 'node:path';
import { DataError } from '../errors.js';
import { makeDataset, type Dataset } from './dataset.js';
import { toRows } from '../linalg/matrix.js';

/**
 * Parses `{"X": number[][], "y": number[]}` (labels 0..k−1; an optional integer "k" declares
 * the class count). Every problem is a DataError naming it.
 */
export function parseDatasetJson(text: string, source = 'JSON input'): Dataset {
  let obj: unknown;
  try {
    obj = JSON.parse(text);
  } catch (e) {
    throw new DataError(`${source}: not valid JSON (${(e as Error).message})`);
  }
  if (typeof obj !== 'object' || obj === null || Array.isArray(obj)) {
    throw new DataError(`${source}: expected an object {"X": number[][], "y": number[]}`);
  }
  const rec = obj as Record<string, unknown>;
  if (!Array.isArray(rec.X)) throw new DataError(`${source}: missing or non-array field "X"`);
  if (!Array.isArray(rec.y)) throw new DataError(`${source}: missing or non-array field "y"`);
  const X = rec.X as unknown[];
  X.forEach((row, i) => {
    if (!Array.isArray(row)) throw new DataError(`${source}: X[${i}] is not an array`);
    row.forEach((v, j) => {
      if (typeof v !== 'number') {
        throw new DataError(`${source}: X[${i}][${j}] is ${v === null ? 'null (NaN or Infinity in JSON?)' : typeof v}, expected a finite number`);
      }
    });
  });
  (rec.y as unknown[]).forEach((v, i) => {
    if (typeof v !== 'number') throw new DataError(`${source}: y[${i}] is ${v === null ? 'null' : typeof v}, expected an integer label`);
  });
  if (rec.k !== undefined && (typeof rec.k !== 'number' || !Number.isInteger(rec.k))) {
    throw new DataError(`${source}: "k" must be an integer`);
  }
  return withSource(source, () =>
    makeDataset(X as number[][], rec.y as number[], { ...(typeof rec.k === 'number' ? { k: rec.k } : {}), source }),
  );
}

/**
 * Parses CSV: one sample per line, features then the label in the last column. A first line
 * whose every field is text (no field reads as a number) is a header, and must have as many
 * fields as the rows; a first line mixing numbers and text is a data row with a typo, and is
 * refused naming the field (never dropped as if it were a header). Blank lines are skipped.
 */
export function parseDatasetCsv(text: string, source = 'CSV input'): Dataset {
  const lines = text.split(/\r?\n/);
  const rows: number[][] = [];
  const labels: number[] = [];
  let width = -1;
  let first = true;
  let headerWidth = -1;
  let headerLine = 0;
  for (let ln = 0; ln < lines.length; ln++) {
    const line = lines[ln]!.trim();
    if (line === '') continue;
    const fields = line.split(',').map((f) => f.trim());
    const nums = fields.map(parseCsvNumber);
    if (first) {
      first = false;
      if (nums.every((v) => v === undefined)) {
        headerWidth = fields.length;
        headerLine = ln + 1;
        continue;
      }
      const bad = nums.findIndex((v) => v === undefined);
      if (bad !== -1) {
        throw new DataError(
          `${source}: line ${ln + 1}, field ${bad + 1} ("${fields[bad]}") is not a number; the line has numbers too, so it is a data row (a header line has only names)`,
        );
      }
    }
    if (fields.length < 2) throw new DataError(`${source}: line ${ln + 1} has ${fields.length} field; need features and a label`);
    if (width === -1) {
      width = fields.length;
      if (headerWidth !== -1 && headerWidth !== width) {
        throw new DataError(`${source}: the header (line ${headerLine}) has ${headerWidth} fields, line ${ln + 1} has ${width}`);
      }
    }
    if (fields.length !== width) {
      throw new DataError(`${source}: ragged rows: line ${ln + 1} has ${fields.length} fields, earlier lines have ${width}`);
    }
    nums.forEach((v, j) => {
      if (v === undefined) throw new DataError(`${source}: line ${ln + 1}, field ${j + 1} ("${fields[j]}") is not a number`);
    });
    rows.push(nums.slice(0, -1) as number[]);
    labels.push(nums[nums.length - 1]!);
  }
  if (rows.length === 0) throw new DataError(`${source}: empty data: no rows`);
  return withSource(source, () => makeDataset(rows, labels, { source }));
}

function parseCsvNumber(f: string): number | undefined {
  if (f === '') return undefined;
  if (/^[-+]?nan$/i.test(f)) return NaN;
  if (/^[-+]?inf(inity)?$/i.test(f)) return f.startsWith('-') ? -Infinity : Infinity;
  const v = Number(f);
  return Number.isNaN(v) ? undefined : v;
}

function withSource<T>(source: string, f: () => T): T {
  try {
    return f();
  } catch (e) {
    if (e instanceof DataError && !e.message.startsWith(source)) throw new DataError(`${source}: ${e.message}`);
    throw e;
  }
}

/** Loads a dataset from a .json or .csv file (by extension; other extensions are tried as JSON then CSV). */
export function loadDataset(path: string): Dataset {
  let text: string;
  try {
    text = readFileSync(path, 'utf8');
  } catch (e) {
    throw new DataError(`cannot read data file ${path}: ${(e as NodeJS.ErrnoException).code ?? (e as Error).message}`);
  }
  const ext = extname(path).toLowerCase();
  if (ext === '.csv') return parseDatasetCsv(text, path);
  if (ext === '.json') return parseDatasetJson(text, path);
  return text.trimStart().startsWith('{') ? parseDatasetJson(text, path) : parseDatasetCsv(text, path);
}

/** The JSON form of a dataset, as `loadDataset` reads it back. */
export function datasetToJson(ds: Dataset): string {
  return JSON.stringify({ X: toRows(ds.X), y: Array.from(ds.y), k: ds.k });
}
