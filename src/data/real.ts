import { createHash } from 'node:crypto';
import { existsSync, readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { ArgumentError, DataError } from '../errors.js';
import type { Dataset } from './dataset.js';
import { parseDatasetJson } from './io.js';

/** The real benchmark datasets shipped under fixtures/real (scripts/convert-real-data.ts). */
export const REAL_DATASETS = ['digits', 'wine', 'iris'] as const;
export type RealDatasetName = (typeof REAL_DATASETS)[number];

/** What NAME.provenance.json records; the loader checks every count and the checksum. */
export interface RealDatasetProvenance {
  readonly name: RealDatasetName;
  readonly title: string;
  /** Where the numbers come from (the original study and the copy we converted). */
  readonly source: string;
  readonly licence: string;
  readonly citation: string;
  /** How the committed file was produced from the upstream one. */
  readonly conversion: string;
  /** The upstream file read, its package version and its sha256. */
  readonly upstreamFile: string;
  /** sha256 (hex) of the committed NAME.json, byte for byte. */
  readonly sha256: string;
  readonly n: number;
  readonly d: number;
  readonly k: number;
  readonly classCounts: readonly number[];
  readonly classNames: readonly string[];
}

const CONVERSION =
  'scripts/convert-real-data.ts: the upstream CSV read as numbers (sklearn\'s "n,d,class names" header line checked and dropped), ' +
  'features as they are (no scaling, no shuffling, sklearn row order), the last column as the label 0..k−1, written with datasetToJson';

const UCI_LICENCE =
  'CC BY 4.0 (UCI Machine Learning Repository dataset licence); the copy converted is from scikit-learn (BSD-3-Clause), as packaged by Debian';

const META: Readonly<Record<RealDatasetName, Pick<RealDatasetProvenance, 'title' | 'source' | 'licence' | 'citation' | 'classNames'>>> = {
  digits: {
    title: 'Optical Recognition of Handwritten Digits (8×8, UCI test set)',
    source:
      'UCI ML hand-written digits, test set (E. Alpaydin, C. Kaynak, 1998): 32×32 NIST bitmaps counted in 4×4 blocks, 64 integer pixels 0..16; https://archive.ics.uci.edu/dataset/80; copy: sklearn/datasets/data/digits.csv.gz',
    licence: UCI_LICENCE,
    citation: 'E. Alpaydin, C. Kaynak (1998). Optical Recognition of Handwritten Digits. UCI Machine Learning Repository. doi:10.24432/C50P49',
    classNames: ['0', '1', '2', '3', '4', '5', '6', '7', '8', '9'],
  },
  wine: {
    title: 'Wine recognition (UCI)',
    source:
      'UCI Wine: 13 chemical measurements of wines from three cultivars (Forina et al.); https://archive.ics.uci.edu/dataset/109; copy: sklearn/datasets/data/wine_data.csv',
    licence: UCI_LICENCE,
    citation: 'S. Aeberhard, M. Forina (1991). Wine. UCI Machine Learning Repository. doi:10.24432/C5PC7J',
    classNames: ['class_0', 'class_1', 'class_2'],
  },
  iris: {
    title: "Iris (Fisher 1936, as in R; UCI's copy differs in two points)",
    source:
      "R. A. Fisher's iris measurements (sepal/petal length and width, cm), https://archive.ics.uci.edu/dataset/53; copy: sklearn/datasets/data/iris.csv (Fisher's values; UCI's file has two wrong points)",
    licence: UCI_LICENCE,
    citation: 'R. A. Fisher (1936). The use of multiple measurements in taxonomic problems. Annals of Eugenics 7(2). UCI doi:10.24432/C56C76',
    classNames: ['setosa', 'versicolor', 'virginica'],
  },
};

/** The provenance record of a dataset, given what the conversion measured. */
export function realDatasetProvenance(
  name: RealDatasetName,
  measured: Pick<RealDatasetProvenance, 'sha256' | 'n' | 'd' | 'k' | 'classCounts' | 'upstreamFile'>,
): RealDatasetProvenance {
  return { name, ...META[name], conversion: CONVERSION, ...measured };
}

/** fixtures/real of this package: the first ancestor of this module's directory that has it. */
export function defaultRealDataDir(): string {
  for (let dir = dirname(fileURLToPath(import.meta.url)); ; dir = dirname(dir)) {
    const f = join(dir, 'fixtures', 'real');
    if (existsSync(f)) return f;
    if (dirname(dir) === dir) throw new DataError('cannot find fixtures/real above the harness sources; pass the directory explicitly');
  }
}

export const sha256Hex = (bytes: Buffer | string): string => createHash('sha256').update(bytes).digest('hex');

export function isRealDatasetName(name: string): name is RealDatasetName {
  return (REAL_DATASETS as readonly string[]).includes(name);
}

export interface LoadedRealDataset {
  readonly dataset: Dataset;
  readonly provenance: RealDatasetProvenance;
}

/**
 * Loads fixtures/real/NAME.json after checking it against NAME.provenance.json: the file's
 * sha256 must match (a DataError saying "checksum mismatch" with both hashes otherwise), then
 * n, d, k and the class counts of the parsed data.
 */
export function loadRealDataset(name: string, dir: string = defaultRealDataDir()): LoadedRealDataset {
  if (!isRealDatasetName(name)) throw new ArgumentError(`unknown real dataset "${name}": expected one of ${REAL_DATASETS.join(', ')}`);
  const file = join(dir, `${name}.json`);
  const provFile = join(dir, `${name}.provenance.json`);
  const prov = readProvenance(provFile, name);
  let bytes: Buffer;
  try {
    bytes = readFileSync(file);
  } catch (e) {
    throw new DataError(`cannot read real dataset ${file}: ${(e as NodeJS.ErrnoException).code ?? (e as Error).message}`);
  }
  const actual = sha256Hex(bytes);
  if (actual !== prov.sha256) {
    throw new DataError(
      `${file}: checksum mismatch: sha256 is ${actual} but ${provFile} records ${prov.sha256}; the file was changed after conversion ` +
        '(re-run scripts/convert-real-data.ts, or restore the committed file)',
    );
  }
  const dataset = { ...parseDatasetJson(bytes.toString('utf8'), file), source: `${name} (${file})` };
  const counts = Array.from({ length: dataset.k }, () => 0);
  for (const l of dataset.y) counts[l]!++;
  const got = { n: dataset.X.rows, d: dataset.X.cols, k: dataset.k, classCounts: counts.join('/') };
  const want = { n: prov.n, d: prov.d, k: prov.k, classCounts: prov.classCounts.join('/') };
  for (const key of ['n', 'd', 'k', 'classCounts'] as const) {
    if (got[key] !== want[key]) throw new DataError(`${file}: ${key} is ${got[key]} but ${provFile} records ${want[key]}`);
  }
  return { dataset, provenance: prov };
}

function readProvenance(path: string, name: RealDatasetName): RealDatasetProvenance {
  let obj: unknown;
  try {
    obj = JSON.parse(readFileSync(path, 'utf8'));
  } catch (e) {
    throw new DataError(`cannot read the provenance file ${path}: ${(e as NodeJS.ErrnoException).code ?? (e as Error).message}`);
  }
  if (typeof obj !== 'object' || obj === null) throw new DataError(`${path}: expected a provenance object`);
  const rec = obj as Record<string, unknown>;
  if (rec.name !== name) throw new DataError(`${path}: records dataset "${String(rec.name)}", expected "${name}"`);
  if (typeof rec.sha256 !== 'string' || !/^[0-9a-f]{64}$/.test(rec.sha256)) throw new DataError(`${path}: "sha256" must be 64 lowercase hex digits`);
  for (const key of ['n', 'd', 'k'] as const) {
    if (typeof rec[key] !== 'number' || !Number.isInteger(rec[key])) throw new DataError(`${path}: "${key}" must be an integer`);
  }
  if (!Array.isArray(rec.classCounts) || !rec.classCounts.every((c) => typeof c === 'number')) throw new DataError(`${path}: "classCounts" must be an array of integers`);
  return obj as RealDatasetProvenance;
}
