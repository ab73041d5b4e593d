/** Real datasets (fixtures/real): provenance, checksums, a tampered copy; the streaming loader. */
import fc from 'fast-check';
import { copyFileSync, existsSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { gunzipSync } from 'node:zlib';
import { describe, expect, test } from 'vitest';
import { makeDataset } from '../../src/data/dataset.js';
import { parseDatasetCsv } from '../../src/data/io.js';
import { REAL_DATASETS, defaultRealDataDir, loadRealDataset, sha256Hex } from '../../src/data/real.js';
import { streamDataset } from '../../src/data/stream.js';
import { ArgumentError, DataError } from '../../src/errors.js';

const tmp = () => mkdtempSync(join(tmpdir(), 'ibh-real-'));
const sameBits = (a: Float64Array, b: Float64Array): boolean =>
  a.length === b.length && Buffer.from(a.buffer, a.byteOffset, a.byteLength).equals(Buffer.from(b.buffer, b.byteOffset, b.byteLength));

/** A copy of fixtures/real in a fresh directory. */
function copyOfFixtures(): string {
  const dir = tmp();
  for (const name of REAL_DATASETS) for (const f of [`${name}.json`, `${name}.provenance.json`]) copyFileSync(join(defaultRealDataDir(), f), join(dir, f));
  return dir;
}

describe('real datasets under fixtures/real', () => {
  const expected = { digits: [1797, 64, 10], wine: [178, 13, 3], iris: [150, 4, 3] } as const;

  test.each(REAL_DATASETS)('%s loads with its checksum and counts checked', (name) => {
    const { dataset, provenance } = loadRealDataset(name);
    const [n, d, k] = expected[name];
    expect([dataset.X.rows, dataset.X.cols, dataset.k]).toEqual([n, d, k]);
    expect(provenance.sha256).toBe(sha256Hex(readFileSync(join(defaultRealDataDir(), `${name}.json`))));
    expect(provenance.classCounts.reduce((a, b) => a + b, 0)).toBe(n);
    for (const key of ['source', 'licence', 'citation', 'conversion', 'upstreamFile'] as const) expect(provenance[key].length).toBeGreaterThan(10);
    expect(dataset.source).toContain(name);
  });

  test('digits are 8×8 images of integer pixels 0..16', () => {
    const { X } = loadRealDataset('digits').dataset;
    expect(X.data.every((v) => Number.isInteger(v) && v >= 0 && v <= 16)).toBe(true);
  });

  test('a tampered file is refused: checksum mismatch, with both hashes', () => {
    const dir = copyOfFixtures();
    const f = join(dir, 'iris.json');
    writeFileSync(f, readFileSync(f, 'utf8').replace('5.1', '5.2'));
    expect(() => loadRealDataset('iris', dir)).toThrow(DataError);
    expect(() => loadRealDataset('iris', dir)).toThrow(/checksum mismatch: sha256 is [0-9a-f]{64} but .*records 592a8ee4/);
    // The untouched ones in the same copy still load.
    expect(loadRealDataset('wine', dir).dataset.X.rows).toBe(178);
  });

  test('a consistent checksum with wrong counts is refused too (the counts are checked after the hash)', () => {
    const dir = copyOfFixtures();
    const f = join(dir, 'wine.json');
    const obj = JSON.parse(readFileSync(f, 'utf8')) as { X: number[][]; y: number[]; k: number };
    obj.X.pop();
    obj.y.pop();
    const text = JSON.stringify(obj) + '\n';
    writeFileSync(f, text);
    const pf = join(dir, 'wine.provenance.json');
    writeFileSync(pf, JSON.stringify({ ...JSON.parse(readFileSync(pf, 'utf8')), sha256: sha256Hex(text) }));
    expect(() => loadRealDataset('wine', dir)).toThrow(/n is 177 but .* records 178/);
  });

  test('a missing or malformed provenance file, and an unknown name, are clear errors', () => {
    const dir = copyOfFixtures();
    writeFileSync(join(dir, 'digits.provenance.json'), '{"name": "digits", "sha256": "xyz"}');
    expect(() => loadRealDataset('digits', dir)).toThrow(/"sha256" must be 64 lowercase hex digits/);
    expect(() => loadRealDataset('iris', tmp())).toThrow(/cannot read the provenance file/);
    expect(() => loadRealDataset('mnist')).toThrow(ArgumentError);
  });

  // The conversion is reproducible from Debian's python3-sklearn where it is installed.
  const upstream = '/usr/lib/python3/dist-packages/sklearn/datasets/data';
  test.skipIf(!existsSync(upstream))('the upstream files are the ones the provenance records, and digits matches them value for value', () => {
    for (const name of REAL_DATASETS) {
      const { provenance } = loadRealDataset(name);
      const [file, , , hash] = provenance.upstreamFile.split(' ');
      expect(sha256Hex(readFileSync(file!))).toBe(provenance.upstreamFile.slice(-64));
      expect(hash).toBeDefined();
    }
    const rows = gunzipSync(readFileSync(join(upstream, 'digits.csv.gz'))).toString('utf8').trim().split('\n');
    const { dataset } = loadRealDataset('digits');
    rows.forEach((line, i) => {
      const v = line.split(',').map(Number);
      expect(Array.from(dataset.X.data.subarray(i * 64, i * 64 + 64))).toEqual(v.slice(0, 64));
      expect(dataset.y[i]).toBe(v[64]);
    });
  });
});

describe('streamDataset: CSV and JSON Lines read line by line', () => {
  const csvOf = (X: number[][], y: number[], labelFirst = false, header = false) =>
    [...(header ? [labelFirst ? 'label,' + X[0]!.map((_, j) => `f${j}`).join(',') : X[0]!.map((_, j) => `f${j}`).join(',') + ',label'] : []), ...X.map((r, i) => (labelFirst ? [y[i], ...r] : [...r, y[i]]).join(','))].join('\n') + '\n';
  const arbData = fc
    .record({ n: fc.integer({ min: 2, max: 30 }), d: fc.integer({ min: 1, max: 6 }), k: fc.integer({ min: 2, max: 4 }) })
    .chain(({ n, d, k }) =>
      fc.record({
        X: fc.array(fc.array(fc.double({ min: -1e6, max: 1e6, noNaN: true }).map((v) => (v === 0 ? 0 : v)), { minLength: d, maxLength: d }), { minLength: n, maxLength: n }),
        y: fc.array(fc.integer({ min: 0, max: k - 1 }), { minLength: n, maxLength: n }).map((ys) => ys.map((v, i) => (i < k ? i : v))),
      }),
    )
    .filter((r) => r.y.length >= 2 && new Set(r.y).size === Math.max(...r.y) + 1);

  test('CSV (label last or first, with or without a header) streams to the same dataset as the in-memory parser, in a buffer of exactly n×d', async () => {
    await fc.assert(
      fc.asyncProperty(arbData, fc.boolean(), fc.boolean(), async ({ X, y }, labelFirst, header) => {
        const dir = tmp();
        const f = join(dir, 'd.csv');
        writeFileSync(f, csvOf(X, y, labelFirst, header));
        const s = await streamDataset(f, { labelColumn: labelFirst ? 'first' : 'last' });
        const ref = makeDataset(X, y);
        expect(sameBits(s.dataset.X.data, ref.X.data)).toBe(true);
        expect(Array.from(s.dataset.y)).toEqual(y);
        expect(s.header).toBe(header);
        expect(s.dataset.X.data.buffer.byteLength).toBe(X.length * X[0]!.length * 8);
        if (!labelFirst) expect(sameBits(parseDatasetCsv(csvOf(X, y, false, header)).X.data, s.dataset.X.data)).toBe(true);
      }),
      { numRuns: 25 },
    );
  });

  test('JSON Lines, scale and limit', async () => {
    const dir = tmp();
    const f = join(dir, 'd.jsonl');
    writeFileSync(f, ['{"x": [255, 0], "y": 1}', '', '{"x": [51, 102], "y": 0}', '{"x": [0, 255], "y": 2}'].join('\n'));
    const s = await streamDataset(f, { scale: 255 });
    expect(Array.from(s.dataset.X.data)).toEqual([1, 0, 0.2, 0.4, 0, 1]);
    expect(Array.from(s.dataset.y)).toEqual([1, 0, 2]);
    const two = await streamDataset(f, { scale: 255, limit: 2 });
    expect(two.dataset.X.rows).toBe(2);
  });

  test('a bad row is reported with its line number (error), or skipped and listed (skip)', async () => {
    const dir = tmp();
    const f = join(dir, 'bad.csv');
    writeFileSync(f, ['label,a,b', '0,1,2', '1,3', '', '1,x,4', '1,5,6', '-1,7,8', '1,nan,1'].join('\n'));
    await expect(streamDataset(f, { labelColumn: 'first' })).rejects.toThrow(/bad\.csv: line 3: 2 fields, expected 3/);
    const s = await streamDataset(f, { labelColumn: 'first', onBadRow: 'skip' });
    expect(s.skipped.map((b) => b.line)).toEqual([3, 5, 7, 8]);
    expect(s.skipped[1]!.reason).toMatch(/field 2 \("x"\) is not a finite number/);
    expect(s.skipped[2]!.reason).toMatch(/label -1 is negative/);
    expect(s.dataset.X.rows).toBe(2);
    expect(Array.from(s.dataset.X.data)).toEqual([1, 2, 5, 6]);
    const j = join(dir, 'bad.jsonl');
    writeFileSync(j, ['{"x": [1, 2], "y": 0}', '{"x": [1], "y": 1}', '{"x": [1, 2], "y": 1.5}', 'not json', '{"x": [3, 4], "y": 1}'].join('\n'));
    await expect(streamDataset(j)).rejects.toThrow(/line 2: "x" has 1 entries, expected 2/);
    const sj = await streamDataset(j, { onBadRow: 'skip' });
    expect(Array.from(sj.dataset.y)).toEqual([0, 1]);
    expect(sj.skipped.map((b) => b.line)).toEqual([2, 3, 4]);
  });

  test("an MNIST-shaped export (header 'label,1x1,...,28x28', label first, 8-bit pixels) loads with scale 255, as docs/real-data.md shows", async () => {
    const dir = tmp();
    const f = join(dir, 'mnist_train.csv');
    const header = ['label', ...Array.from({ length: 784 }, (_, j) => `${Math.floor(j / 28) + 1}x${(j % 28) + 1}`)].join(',');
    const rows = Array.from({ length: 30 }, (_, i) => [i % 10, ...Array.from({ length: 784 }, (_, j) => (i * 7 + j * 13) % 256)].join(','));
    writeFileSync(f, [header, ...rows].join('\r\n') + '\r\n');
    const s = await streamDataset(f, { labelColumn: 'first', scale: 255 });
    expect([s.dataset.X.rows, s.dataset.X.cols, s.dataset.k, s.header]).toEqual([30, 784, 10, true]);
    expect(s.dataset.X.data[784 + 1]).toBe(((7 + 13) % 256) / 255);
    expect(Math.max(...s.dataset.X.data)).toBeLessThanOrEqual(1);
  });

  test('missing files, empty files and bad options are clear errors', async () => {
    const dir = tmp();
    await expect(streamDataset(join(dir, 'none.csv'))).rejects.toThrow(/cannot read data file .*ENOENT/);
    writeFileSync(join(dir, 'empty.csv'), '\n\n');
    await expect(streamDataset(join(dir, 'empty.csv'))).rejects.toThrow(/empty data/);
    writeFileSync(join(dir, 'one.csv'), '1,0\n2,1\n');
    await expect(streamDataset(join(dir, 'one.csv'), { scale: 0 })).rejects.toThrow(ArgumentError);
    await expect(streamDataset(join(dir, 'one.csv'), { limit: 0 })).rejects.toThrow(ArgumentError);
  });
});
