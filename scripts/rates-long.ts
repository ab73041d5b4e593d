/**
 * Long mode of the rate claims (issue #4): full-length runs at the paper's scale, one JSON record
 * per run in reports/rates/<experiment>.json, and the page rates.html in the report directory
 * (margin gap against t per run with the claims' evidence, the paper's Fig. 1, the summary table).
 *
 *   npm run rates -- [--steps 100000] [--only TEXT] [--scale paper|small] [--out reports/rates]
 *                    [--report DIR] [--from-json]
 *
 * --from-json skips the runs and rebuilds the page from the records in --out.
 *
 * Experiments: SignGD and NSD (p = 2, 1) for a ∈ {0.3, 0.5, 0.7, 1}; Adam (ε = 0) for
 * a ∈ {0.5, 2/3, 0.8, 1}; Adam with ε ∈ {1e-8, 1e-16} against ε = 0 (horizon and departure).
 * Each record holds the checkpoints, the rate evidence of the claims (src/figures/marginGap.ts:
 * the claims' own series, windows and calibrated thresholds), for NSD the explicit C.4 bound at
 * the checkpoints after t₁ (src/rates/explicit.ts: usually not reached on un-normalised
 * paper-scale data, where α = 2B²e^{2Bη₀} is astronomic), and where plain float64 would have frozen.
 */
import { mkdirSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { gaussianClusters } from '../src/data/samplers.js';
import { adam, nsd, polynomialSchedule, prefixSums, type Optimizer } from '../src/optimizers/index.js';
import { Problem } from '../src/problem.js';
import type { RateFamily } from '../src/rates/bounds.js';
import { explicitGapBound } from '../src/rates/explicit.js';
import { normKey, runTrajectory, type StepHook } from '../src/trajectory/run.js';
import { gapRunOf, ratesPage, type RateEntry, type RateRecord, type RateRunInfo } from '../src/figures/ratesPage.js';
import { marginGapFigure } from '../src/figures/marginGap.js';
import { DEFAULT_REPORT_DIR } from '../src/report/page.js';
import { writePage } from '../src/report/html.js';
import { flag, nonEmpty, oneOf, outDir, positiveInteger, scriptArgs, value } from '../src/cli/args.js';

// Output paths are checked (and created) before any run, so a path that cannot be written fails at once.
const values = scriptArgs({
  name: 'rates',
  invocation: 'npm run rates --',
  summary: 'the rate claims at full length: one JSON record per run in OUT/, the page rates.html in the report directory',
  options: {
    steps: value({ placeholder: 'T', parse: positiveInteger, default: 100_000, help: 'steps of every run' }),
    only: value({ placeholder: 'TEXT', parse: nonEmpty, help: 'only the experiments whose name contains TEXT' }),
    scale: value({ placeholder: 'paper|small', parse: oneOf(['paper', 'small'] as const), default: 'paper', help: "the paper's (k, d, n) = (10, 25, 500) or a small (5, 10, 50)" }),
    out: outDir({ default: 'reports/rates', files: ['README.md'], help: 'directory of the JSON records' }),
    report: outDir({ default: DEFAULT_REPORT_DIR, files: ['rates.html'], help: 'report directory the page rates.html is written to' }),
    'from-json': flag('rebuild the page from the records in OUT without running'),
  },
  examples: [
    { cmd: 'npm run rates -- --steps 10000 --only signgd --scale small', what: 'the SignGD experiments, short and small' },
    { cmd: 'npm run rates -- --from-json', what: 'the page from the committed records' },
  ],
});
const T = values.steps;
const out = values.out;

interface Experiment {
  name: string;
  family: RateFamily | null;
  optimizer: string;
  p: number;
  a: number;
  eta0: number;
  eps?: number;
  make: () => Optimizer<unknown>;
}
const experiments: Experiment[] = [];
for (const [p, label, optimizer] of [[Infinity, 'signgd', 'SignGD'], [2, 'ngd', 'NGD'], [1, 'cd', 'NSD p = 1 (coordinate descent)']] as const) {
  for (const a of [0.3, 0.5, 0.7, 1]) experiments.push({ name: `${label}-a${a}`, family: 'nsd', optimizer, p, a, eta0: 1, make: () => nsd(p, polynomialSchedule(1, a)) });
}
for (const a of [0.5, 2 / 3, 0.8, 1]) experiments.push({ name: `adam-a${a.toFixed(3)}`, family: 'adam', optimizer: 'Adam (ε = 0)', p: Infinity, a, eta0: 0.1, eps: 0, make: () => adam(polynomialSchedule(0.1, a)) });
for (const eps of [1e-8, 1e-16]) experiments.push({ name: `adam-eps${eps}`, family: null, optimizer: `Adam (ε = ${eps})`, p: Infinity, a: 2 / 3, eta0: 0.1, eps, make: () => adam(polynomialSchedule(0.1, 2 / 3), { eps }) });

const infoOf = (ex: Experiment, steps: number): RateRunInfo => ({ family: ex.family, optimizer: ex.optimizer, p: ex.p, a: ex.a, eta0: ex.eta0, ...(ex.eps !== undefined ? { eps: ex.eps } : {}), S: prefixSums(polynomialSchedule(ex.eta0, ex.a), steps) });

if (!values['from-json']) {
  const data =
    values.scale === 'paper'
      ? gaussianClusters({ k: 10, d: 25, nPerClass: 50, sigma: 0.1, seed: 0 })
      : gaussianClusters({ k: 5, d: 10, nPerClass: 10, sigma: 0.1, seed: 7 });
  const pb = new Problem(data);
  mkdirSync(out, { recursive: true });
  for (const ex of experiments) {
    if (values.only && !ex.name.includes(values.only)) continue;
    let minSqrtV = Infinity;
    let horizon: number | null = null;
    const hook: StepHook<unknown> = {
      transient: true,
      onStep: (c) => {
        const st = c.state as { logV?: Float64Array } | null;
        if (!st?.logV) return;
        let mn = Infinity;
        for (const l of st.logV) mn = Math.min(mn, 0.5 * l);
        minSqrtV = mn;
        if (horizon === null && ex.eps !== undefined && ex.eps > 0 && mn < Math.log(1e3 * ex.eps)) horizon = c.t;
      },
    };
    const logL = new Float64Array(T + 1);
    const lossHook: StepHook<unknown> = { transient: true, onStep: (c) => void (logL[c.t] = c.ev.logLoss) };
    const tr = runTrajectory({ problem: pb, optimizer: ex.make(), steps: T, hooks: [hook, lossHook] });
    logL[tr.reached] = tr.final.ev.logLoss;
    const schedule = polynomialSchedule(ex.eta0, ex.a);
    const eb = explicitGapBound({ gamma: pb.margin(ex.p).gamma, n: pb.n, B: pb.B, schedule, logL: logL.subarray(0, tr.reached + 1) });
    const record: RateRecord & Record<string, unknown> = {
      name: ex.name,
      optimizer: tr.optimizer,
      data: data.source ?? '',
      gamma: { max: pb.margin(Infinity).gamma, '2': pb.margin(2).gamma, '1': pb.margin(1).gamma },
      schedule: { eta0: ex.eta0, a: ex.a, p: ex.p === Infinity ? 'max' : ex.p },
      family: ex.family,
      steps: T,
      seconds: tr.seconds,
      frozen: tr.frozen,
      epsilonHorizon: horizon,
      finalLogMinSqrtV: minSqrtV,
      checkpoints: tr.checkpoints,
      ...(ex.family === 'nsd' ? { bound: tr.checkpoints.filter((c) => c.t > eb.t1 && c.t <= tr.reached).map((c) => ({ t: c.t, value: eb.bound[c.t]! })), explicit: { t0: eb.t0, t0p: eb.t0p, t1: eb.t1, reached: eb.t1 < tr.reached } } : {}),
    };
    const run = gapRunOf({ record, info: infoOf(ex, T) });
    const g = run ? marginGapFigure(run) : null;
    const full = g ? { ...record, bound_text: g.rate.text, evidence: g.evidence, lateEvidence: g.late } : record;
    writeFileSync(join(out, `${ex.name}.json`), JSON.stringify(full) + '\n');
    const last = tr.checkpoints[tr.checkpoints.length - 1]!;
    process.stdout.write(`${ex.name}: ${tr.seconds.toFixed(0)} s, final gap_${normKey(ex.p)} ${last.gap[normKey(ex.p)].toExponential(3)}${g ? `, exponent ${g.evidence.beta.toFixed(3)} vs ${g.evidence.claimed.toFixed(3)}: ${g.evidence.status}` : ''}${ex.family === 'nsd' ? `, explicit bound ${eb.t1 < tr.reached ? `from t₁ = ${eb.t1}` : 'not reached (t₁ ≥ T)'}` : ''}\n`);
  }
}

// The page, from every record in the output folder (runs from several invocations included).
const entries: RateEntry[] = [];
for (const f of readdirSync(out).filter((f) => f.endsWith('.json')).sort()) {
  const record = JSON.parse(readFileSync(join(out, f), 'utf8')) as RateRecord;
  const ex = experiments.find((e) => e.name === record.name);
  if (!ex) {
    process.stderr.write(`${join(out, f)}: no experiment named '${record.name}'; left off the page\n`);
    continue;
  }
  entries.push({ record, info: infoOf(ex, record.steps) });
}
const file = await writePage(values.report, ratesPage(entries, [`npm run rates -- ${process.argv.slice(2).join(' ')}`.trim(), `records: ${out}/*.json (${entries.length})`, `written ${new Date().toISOString().slice(0, 10)}`]));
if (!values['from-json']) writeFileSync(join(out, 'README.md'), `# Rate experiments (long mode)\n\nOne JSON record per run beside this file, written by \`npm run rates\`. The page with the plots and the summary table is \`rates.html\` in the report directory (default \`${DEFAULT_REPORT_DIR}\`); \`npm run rates -- --from-json\` rebuilds it from these records without rerunning them.\n`);
process.stdout.write(`page: ${file}\n`);
