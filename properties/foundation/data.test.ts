/** Datasets: seeded samplers (bit-for-bit determinism), loaders and their errors. */
import fc from 'fast-check';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, test } from 'vitest';
import { dataBoundB, makeDataset } from '../../src/data/dataset.js';
import { datasetToJson, loadDataset, parseDatasetCsv, parseDatasetJson } from '../../src/data/io.js';
import { EDGE_CASES, edgeCase, gaussianClusters, plantedTeacher } from '../../src/data/samplers.js';
import { ArgumentError, DataError } from '../../src/errors.js';
import { minMargin } from '../../src/losses/objective.js';
import { runs } from '../support.js';

const sameBits = (a: Float64Array, b: Float64Array): boolean =>
  a.length === b.length && Buffer.from(a.buffer, a.byteOffset, a.byteLength).equals(Buffer.from(b.buffer, b.byteOffset, b.byteLength));

describe('seeded samplers', () => {
  const params = fc.record({
    k: fc.integer({ min: 2, max: 6 }),
    d: fc.integer({ min: 1, max: 8 }),
    nPerClass: fc.integer({ min: 1, max: 5 }),
    sigma: fc.constantFrom(0, 0.1, 1),
    seed: fc.integer({ min: 0, max: 1e6 }),
  });

  test('same seed, same dataset, bit for bit; another seed, another dataset', () => {
    fc.assert(
      fc.property(params, (p) => {
        const a = gaussianClusters(p);
        const b = gaussianClusters(p);
        const c = gaussianClusters({ ...p, seed: p.seed + 1 });
        return sameBits(a.X.data, b.X.data) && !sameBits(a.X.data, c.X.data) && a.y.every((v, i) => v === b.y[i]);
      }),
      { numRuns: runs(100) },
    );
  });

  test('clusters: n = k·nPerClass, every class present, labels in class order', () => {
    fc.assert(
      fc.property(params, (p) => {
        const ds = gaussianClusters(p);
        return ds.X.rows === p.k * p.nPerClass && ds.k === p.k && ds.y.every((v, i) => v === Math.floor(i / p.nPerClass));
      }),
      { numRuns: runs(100) },
    );
  });

  test('planted teacher: W* separates the data with at least the requested margin', () => {
    fc.assert(
      fc.property(fc.integer({ min: 2, max: 5 }), fc.integer({ min: 2, max: 6 }), fc.integer({ min: 0, max: 30 }), fc.integer({ min: 0, max: 1e6 }), (k, d, extra, seed) => {
        const { dataset, teacher } = plantedTeacher({ k, d, n: k + extra, seed, minMargin: 0.1 });
        return minMargin(dataset, teacher) > 0.1;
      }),
      { numRuns: runs(100) },
    );
  });

  test('planted teacher: an impossible request (k = 3 classes in d = 1) is a clear error', () => {
    // In d = 1 only the classes with the extreme teacher slopes can ever win the argmax.
    expect(() => plantedTeacher({ k: 3, d: 1, n: 30, seed: 0 })).toThrow(ArgumentError);
    expect(() => plantedTeacher({ k: 3, d: 1, n: 30, seed: 0 })).toThrow(/cannot hit all 3 classes in d = 1/);
  });

  test('edge cases have the advertised shapes', () => {
    const shapes = EDGE_CASES.map((name) => {
      const ds = edgeCase(name);
      return [name, ds.X.rows, ds.k];
    });
    expect(shapes).toEqual([
      ['single-point-binary', 1, 2],
      ['one-per-class', 3, 3],
      ['duplicates', 6, 3],
      ['on-margin', 6, 2],
      ['binary-mirror', 2, 2],
    ]);
  });

  test('B = max_i ‖x_i‖_1 (the 1-norm, Ass. 3.5)', () => {
    const ds = makeDataset([[1, -2], [0.5, 0.5], [-3, 0]], [0, 1, 1]);
    expect(dataBoundB(ds)).toBe(3);
  });
});

describe('loaders', () => {
  const dir = mkdtempSync(join(tmpdir(), 'ibh-data-'));
  const file = (name: string, text: string): string => {
    const p = join(dir, name);
    writeFileSync(p, text);
    return p;
  };

  test('JSON and CSV round-trip the shipped fixture', () => {
    const j = loadDataset('fixtures/small.json');
    const c = loadDataset('fixtures/small.csv');
    expect(sameBits(j.X.data, c.X.data)).toBe(true);
    expect(Array.from(j.y)).toEqual(Array.from(c.y));
    const again = parseDatasetJson(datasetToJson(j));
    expect(sameBits(again.X.data, j.X.data)).toBe(true);
  });

  test.each([
    ['NaN entry (CSV)', 'a.csv', '1,2,0\nnan,1,1\n', /X\[1\]\[0\] is NaN/],
    ['infinite entry (CSV)', 'b.csv', '1,2,0\ninf,1,1\n', /X\[1\]\[0\] is Infinity/],
    ['null entry (JSON NaN)', 'c.json', '{"X":[[1,2],[null,1]],"y":[0,1]}', /X\[1\]\[0\] is null/],
    ['ragged rows (JSON)', 'd.json', '{"X":[[1,2],[1]],"y":[0,1]}', /ragged rows/],
    ['ragged rows (CSV)', 'e.csv', '1,2,0\n1,1\n', /ragged rows/],
    ['label out of range', 'f.json', '{"X":[[1],[2]],"y":[0,5],"k":2}', /out of range/],
    ['non-integer label', 'g.json', '{"X":[[1],[2]],"y":[0,0.5]}', /not an integer/],
    ['negative label', 'h.csv', '1,0\n2,-1\n', /negative/],
    ['a class with no points', 'i.json', '{"X":[[1],[2]],"y":[0,2]}', /class 1 has no points/],
    ['fewer than 2 classes', 'j.json', '{"X":[[1],[2]],"y":[0,0]}', /fewer than 2 classes/],
    ['empty data (JSON)', 'k.json', '{"X":[],"y":[]}', /empty data/],
    ['empty data (CSV)', 'l.csv', 'x,label\n', /empty data/],
    ['mismatched X/y lengths', 'm.json', '{"X":[[1],[2],[3]],"y":[0,1]}', /3 rows but y has 2 labels/],
    ['not JSON', 'n.json', '{"X": [[1]', /not valid JSON/],
    ['missing field', 'o.json', '{"X":[[1]]}', /field "y"/],
    ['non-numeric CSV field', 'p.csv', '1,2,0\n1,abc,1\n', /\("abc"\) is not a number/],
  ])('%s is a DataError naming the problem and the file', (_what, name, text, pattern) => {
    const p = file(name, text);
    expect(() => loadDataset(p)).toThrow(DataError);
    expect(() => loadDataset(p)).toThrow(pattern);
    expect(() => loadDataset(p)).toThrow(p);
  });

  test('a missing file is a DataError', () => {
    expect(() => loadDataset(join(dir, 'nope.json'))).toThrow(/cannot read data file/);
  });

  test('CSV with a header line and blank lines', () => {
    const ds = parseDatasetCsv('f1,f2,label\n\n1,2,0\n3,4,1\n');
    expect(ds.X.rows).toBe(2);
    expect(Array.from(ds.y)).toEqual([0, 1]);
  });
});
