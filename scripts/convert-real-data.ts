/**
 * Converts the real benchmark datasets shipped by Debian's python3-sklearn package into the
 * harness's JSON format, once, with a provenance file each (fixtures/real/NAME.json and
 * NAME.provenance.json). The values are copied as they are (no scaling, no shuffling, the
 * sklearn row order); labels are sklearn's 0..k−1. Re-running it on the same package version
 * reproduces the committed files byte for byte (their sha256 is in the provenance).
 *
 *   npx tsx scripts/convert-real-data.ts [--from /usr/lib/python3/dist-packages/sklearn/datasets]
 */
import { createHash } from 'node:crypto';
import { execFileSync } from 'node:child_process';
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import { gunzipSync } from 'node:zlib';
import { datasetToJson } from '../src/data/io.js';
import { makeDataset } from '../src/data/dataset.js';
import { realDatasetProvenance, type RealDatasetName } from '../src/data/real.js';

const { values } = parseArgs({ options: { from: { type: 'string', default: '/usr/lib/python3/dist-packages/sklearn/datasets' } } });
const root = values.from!;
const sha256 = (b: Buffer | string): string => createHash('sha256').update(b).digest('hex');

function packageVersion(): string {
  try {
    return execFileSync('dpkg-query', ['-W', '-f=${Version}', 'python3-sklearn'], { encoding: 'utf8' }).trim();
  } catch {
    return 'unknown (dpkg-query failed)';
  }
}

/** Rows of numbers; `skipFirst` drops sklearn's "n,d,class names" header line. */
function numericRows(text: string, file: string, skipFirst: boolean): number[][] {
  const lines = text.split(/\r?\n/).filter((l) => l.trim() !== '');
  return lines.slice(skipFirst ? 1 : 0).map((line, i) =>
    line.split(',').map((f, j) => {
      const v = Number(f);
      if (f.trim() === '' || !Number.isFinite(v)) throw new Error(`${file}: line ${i + 1 + (skipFirst ? 1 : 0)}, field ${j + 1} ("${f}") is not a number`);
      return v;
    }),
  );
}

interface Source {
  readonly name: RealDatasetName;
  readonly file: string;
  readonly gzip: boolean;
  /** sklearn's header line "n_samples,n_features,class names..." (wine, iris); digits has none. */
  readonly header: boolean;
  readonly descr: string;
}

const SOURCES: readonly Source[] = [
  { name: 'digits', file: 'data/digits.csv.gz', gzip: true, header: false, descr: 'descr/digits.rst' },
  { name: 'wine', file: 'data/wine_data.csv', gzip: false, header: true, descr: 'descr/wine_data.rst' },
  { name: 'iris', file: 'data/iris.csv', gzip: false, header: true, descr: 'descr/iris.rst' },
];

const version = packageVersion();
for (const s of SOURCES) {
  const path = join(root, s.file);
  const raw = readFileSync(path);
  const text = (s.gzip ? gunzipSync(raw) : raw).toString('utf8');
  const rows = numericRows(text, path, s.header);
  if (s.header) {
    const [n, d, ...classNames] = text.split(/\r?\n/, 1)[0]!.split(',');
    if (Number(n) !== rows.length || Number(d) !== rows[0]!.length - 1) {
      throw new Error(`${path}: header says ${n} rows × ${d} features, the file has ${rows.length} × ${rows[0]!.length - 1}`);
    }
    const want = realDatasetProvenance(s.name, { sha256: '', n: 0, d: 0, k: 0, classCounts: [], upstreamFile: '' }).classNames;
    if (classNames.join(',') !== want.join(',')) throw new Error(`${path}: class names ${classNames.join(',')}, expected ${want.join(',')}`);
  }
  const X = rows.map((r) => r.slice(0, -1));
  const y = rows.map((r) => r[r.length - 1]!);
  const ds = makeDataset(X, y, { source: `fixtures/real/${s.name}.json` });
  const json = datasetToJson(ds) + '\n';
  writeFileSync(`fixtures/real/${s.name}.json`, json);
  const counts = Array.from({ length: ds.k }, (_, c) => ds.y.filter((l) => l === c).length);
  const prov = realDatasetProvenance(s.name, {
    sha256: sha256(json),
    n: ds.X.rows,
    d: ds.X.cols,
    k: ds.k,
    classCounts: counts,
    upstreamFile: `${path} (Debian python3-sklearn ${version}), sha256 ${sha256(raw)}`,
  });
  writeFileSync(`fixtures/real/${s.name}.provenance.json`, JSON.stringify(prov, null, 2) + '\n');
  process.stdout.write(`${s.name}: n = ${ds.X.rows}, d = ${ds.X.cols}, k = ${ds.k}, classes ${counts.join('/')}, sha256 ${prov.sha256}\n`);
}
