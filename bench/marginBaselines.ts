/**
 * `npm run bench` section margin-baselines: γ_∞ of the UCI digits (scikit-learn's CSV, or
 * fixtures/real/digits.json without it) and γ_∞ / γ_1 at
 * (k, d, n) = (20, 100, 2000), each by our constraint generation on GLPK and, beside it, by
 * SciPy's HiGHS on the full LP (bench/margins_highs.py; skipped with a notice when python3 or
 * SciPy is missing, and under --quick, where only the digits row runs, without a baseline).
 */
import { spawnSync } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import type { Dataset } from '../src/data/dataset.js';
import { gaussianClusters } from '../src/data/samplers.js';
import { lpMargin } from '../src/margins/lpMargin.js';
import { loadRealDataset } from '../src/data/real.js';
import { loadDigitsCsv } from './digits.js';

const HIGHS_SCRIPT = fileURLToPath(new URL('./margins_highs.py', import.meta.url));

/** The target of issue #11 for each of these solves. */
const TARGET_SECONDS = 3;

export interface MarginBaselineRow {
  readonly data: string;
  readonly norm: 'max' | '1';
  readonly seconds: number;
  readonly gamma: number;
  readonly rounds: number;
  readonly workingSet: number;
  readonly certificateGap: number;
  readonly highs: { readonly seconds: number; readonly gamma: number | null; readonly status: number } | { readonly skipped: string };
}

type Highs = MarginBaselineRow['highs'];

function highs(ds: Dataset, p: 1 | typeof Infinity, timeLimit: number): Highs {
  const spec = JSON.stringify({ X: Array.from({ length: ds.X.rows }, (_, i) => Array.from(ds.X.data.subarray(i * ds.X.cols, (i + 1) * ds.X.cols))), y: Array.from(ds.y), k: ds.k, p: p === 1 ? '1' : 'inf', time_limit: timeLimit });
  const run = spawnSync('python3', [HIGHS_SCRIPT], { input: spec, encoding: 'utf8', maxBuffer: 1 << 26 });
  if (run.error || run.status !== 0) return { skipped: `python3/SciPy HiGHS unavailable (${run.error?.message ?? run.stderr.trim().split('\n').pop()})` };
  const out = JSON.parse(run.stdout) as { gamma: number | null; seconds: number; status: number };
  return { seconds: out.seconds, gamma: out.gamma, status: out.status };
}

export function benchMarginBaselines(o: { readonly quick: boolean; readonly highsLimit: number }, row: (cells: readonly (string | number)[]) => void): MarginBaselineRow[] {
  const cases: { data: string; ds: Dataset | null; p: 1 | typeof Infinity }[] = [];
  // The same 1,797 × 64 digits: scikit-learn's CSV when installed, else the checksummed copy
  // converted from it (fixtures/real/digits.json).
  const digits = loadDigitsCsv() ?? loadRealDataset('digits').dataset;
  cases.push({ data: 'digits (1797 × 64, k = 10)', ds: digits, p: Infinity });
  if (!o.quick) {
    const clusters = gaussianClusters({ k: 20, d: 100, nPerClass: 100, sigma: 0.1, seed: 0 });
    cases.push({ data: 'clusters (20, 100, 2000)', ds: clusters, p: Infinity }, { data: 'clusters (20, 100, 2000)', ds: clusters, p: 1 });
  }
  const out: MarginBaselineRow[] = [];
  for (const c of cases) {
    if (!c.ds) continue;
    const r = lpMargin(c.ds, c.p);
    const h: Highs = o.quick ? { skipped: '--quick' } : highs(c.ds, c.p, o.highsLimit);
    const norm = c.p === 1 ? '1' : 'max';
    const vs = 'skipped' in h ? `baseline skipped: ${h.skipped}` : `${h.seconds.toFixed(2)} s (${h.status === 0 ? `γ ${h.gamma!.toPrecision(11)}` : `status ${h.status}`})  ratio ${(h.seconds / r.seconds).toFixed(1)}x`;
    row([c.data, norm, r.seconds.toFixed(2), r.seconds <= TARGET_SECONDS ? 'yes' : 'no', r.gamma.toPrecision(11), r.rounds, r.workingSetSize, r.certificate.relGap.toExponential(1), vs]);
    out.push({ data: c.data, norm, seconds: r.seconds, gamma: r.gamma, rounds: r.rounds, workingSet: r.workingSetSize, certificateGap: r.certificate.relGap, highs: h });
  }
  return out;
}
