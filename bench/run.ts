/**
 * `npm run bench`: margin solve times, loss/gradient throughput, optimizer steps per second
 * and the time to 10⁶ SignGD steps at the paper scale; the seed sweep on one worker vs every core
 * (bench/sweep.ts). Not a test: it prints numbers.
 * `npm run bench -- --help` lists the options; `--quick` shortens every section.
 */
import { gaussianClusters } from '../src/data/samplers.js';
import { zeros } from '../src/linalg/matrix.js';
import { crossEntropy } from '../src/losses/index.js';
import { EvaluationBuffers, Objective } from '../src/losses/objective.js';
import { lpMargin } from '../src/margins/lpMargin.js';
import { svmMargin } from '../src/margins/svmMargin.js';
import { adam, constantSchedule, coordinateDescent, gd, normalizedGD, polynomialSchedule, signGD, signum, type Optimizer } from '../src/optimizers/index.js';
import { Problem } from '../src/problem.js';
import { runTrajectory } from '../src/trajectory/run.js';
import { defineCommand, flag, listOf, nonNegativeInteger, positiveInteger, positiveNumber, runAsScript, value } from '../src/cli/args.js';
import { SolverError } from '../src/errors.js';
import { benchMarginBaselines } from './marginBaselines.js';
import { benchDeepSweep, benchSweep, DEEP_SWEEP_TARGET_SECONDS, type DeepSweepRow } from './sweep.js';
import { execFileSync } from 'node:child_process';
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';

const SECTIONS = ['margins', 'margin-baselines', 'gradient', 'step', 'optimizers', 'million', 'sweep'] as const;

const bench = defineCommand(
  {
    name: 'bench',
    invocation: 'npm run bench --',
    summary: 'margin solve times, loss/gradient throughput, optimizer steps per second and a long SignGD run at the paper scale',
    options: {
      quick: flag('small sizes and short runs in every section (under a minute in all)'),
      'highs-limit': value({ placeholder: 'S', parse: positiveNumber, default: 300, help: 'seconds each SciPy HiGHS baseline solve may take' }),
      'full-limit': value({ placeholder: 'S', parse: positiveNumber, default: 120, help: 'seconds each full-LP solve may take' }),
      'million-steps': value({ placeholder: 'N', parse: positiveInteger, help: 'steps of the long SignGD run', defaultText: '1000000; 50000 with --quick' }),
      'sweep-seeds': value({ placeholder: 'N', parse: nonNegativeInteger, help: 'seeds of the full-budget trust sweep timed against the 10-minute target for 50 (0: skip it)', defaultText: '50; 0 with --quick' }),
      only: value({ placeholder: SECTIONS.join(','), parse: listOf(SECTIONS), help: 'run only these sections' }),
    },
    examples: [
      { cmd: 'npm run bench -- --quick', what: 'every section at small sizes' },
      { cmd: 'npm run bench -- --only margins,million --million-steps 200000', what: 'margin solves and a 2·10⁵-step SignGD run' },
    ],
  },
  async (values) => {
    const o = { quick: values.quick, highsLimit: values['highs-limit'], fullLimit: values['full-limit'], millionSteps: values['million-steps'] ?? (values.quick ? 50_000 : 1_000_000) };
    const want = (section: (typeof SECTIONS)[number]): boolean => !values.only || values.only.includes(section);
    if (want('margins')) benchMargins(o);
    if (want('margin-baselines')) {
      console.log('\n# margins against SciPy HiGHS (full LP): issue #11 target ≤ 3 s each');
      const row = table([['data', 26], ['norm', 4], ['seconds', 7], ['≤ 3 s', 5], ['gamma', 13], ['rounds', 6], ['working set', 11], ['cert. gap', 9], ['SciPy HiGHS', 11]]);
      record('margin-baselines', benchMarginBaselines(o, row));
    }
    if (want('gradient')) benchGradient(o);
    if (want('step')) benchStep(o);
    if (want('optimizers')) benchOptimizers(o);
    if (want('million')) benchMillion(o);
    if (want('sweep')) {
      console.log('\n# seed sweep of the registry on the worker pool: one worker vs every core');
      const pool = await benchSweep(o, table([['seeds', 12], ['claim runs', 10], ['workers', 7], ['wall s', 7], ['task s', 7], ['speed-up', 8], ['efficiency', 10]]));
      const deepSeeds = values['sweep-seeds'] ?? (values.quick ? 0 : 50);
      let deep: DeepSweepRow | null = null;
      if (deepSeeds > 0) {
        console.log(`\n# the trust sweep: ibh verify --seeds 1..${deepSeeds} --no-probes (full budgets, every core); issue #11 target ≤ ${DEEP_SWEEP_TARGET_SECONDS} s for 50 seeds`);
        deep = await benchDeepSweep(deepSeeds, table([['seeds', 12], ['claim runs', 10], ['failed', 6], ['workers', 7], ['wall s', 7], ['task s', 7], ['s per 50 seeds', 14], ['≤ 600 s', 7]]));
      }
      record('sweep', { pool, deep });
    }
    writeBenchReport();
    return 0;
  },
);

interface BenchOptions {
  readonly quick: boolean;
  readonly highsLimit: number;
  readonly fullLimit: number;
  readonly millionSteps: number;
}

/**
 * A table printed row by row (rows stream while a section runs): each column as wide as its
 * header or its declared width, and two spaces between cells even when a cell overflows.
 */
function table(columns: readonly (readonly [header: string, width: number])[]): (cells: readonly (string | number)[]) => void {
  const widths = columns.map(([h, w]) => Math.max(h.length, w));
  const row = (cells: readonly (string | number)[]): void => {
    console.log(cells.map((c, i) => String(c).padEnd(widths[i] ?? 0)).join('  ').trimEnd());
  };
  row(columns.map(([h]) => h));
  return row;
}

// ---- reports/bench.json: each section records its rows under its own key ----------------------

const BENCH_JSON = fileURLToPath(new URL('../reports/bench.json', import.meta.url));
const benchReport: Record<string, unknown> = {};

/** Records a section's figures for reports/bench.json (written once, after every section ran). */
function record(section: string, value: unknown): void {
  benchReport[section] = value;
}

/** Sections not run this time (`--only`) keep what an earlier run recorded. */
function writeBenchReport(): void {
  mkdirSync(fileURLToPath(new URL('../reports/', import.meta.url)), { recursive: true });
  const before: Record<string, unknown> = existsSync(BENCH_JSON) ? (JSON.parse(readFileSync(BENCH_JSON, 'utf8')) as Record<string, unknown>) : {};
  writeFileSync(BENCH_JSON, `${JSON.stringify({ ...before, node: process.version, date: new Date().toISOString(), ...benchReport }, null, 2)}\n`);
  console.log(`\nwrote ${BENCH_JSON}`);
}

function benchMargins(o: BenchOptions): void {
  console.log(`# margin solves (gaussianClusters, σ = 0.1, seed 0; node ${process.version})`);
  const row = table([['(k, d, n)', 15], ['norm', 4], ['method', 14], ['seconds', 10], ['gamma', 16], ['rounds', 6], ['working set', 11], ['cert. gap', 9]]);
  const sizes: [number, number, number][] = o.quick ? [[10, 25, 500], [10, 50, 500]] : [[10, 50, 500], [10, 100, 2000], [20, 100, 2000]];
  for (const [k, d, n] of sizes) {
    const ds = gaussianClusters({ k, d, nPerClass: n / k, sigma: 0.1, seed: 0 });
    const label = `(${k}, ${d}, ${n})`;
    for (const p of [Infinity, 1] as const) {
      const norm = p === Infinity ? 'max' : '1';
      const cg = lpMargin(ds, p);
      row([label, norm, 'constraint-gen', cg.seconds.toFixed(3), cg.gamma.toPrecision(12), cg.rounds, cg.workingSetSize, cg.certificate.relGap.toExponential(1)]);
      try {
        const full = lpMargin(ds, p, { method: 'full', timeLimitSeconds: o.fullLimit });
        row([label, norm, 'full LP', full.seconds.toFixed(3), full.gamma.toPrecision(12), full.rounds, full.workingSetSize, full.certificate.relGap.toExponential(1)]);
        row(['', '', 'speed-up', `${(full.seconds / cg.seconds).toFixed(1)}x`, `Δγ/γ ${(Math.abs(full.gamma - cg.gamma) / full.gamma).toExponential(1)}`]);
      } catch (e) {
        if (!(e instanceof SolverError)) throw e;
        row([label, norm, 'full LP', `> ${o.fullLimit} (stopped)`]);
      }
    }
    const svm = svmMargin(ds);
    row([label, '2', 'nnls-ldp', svm.seconds.toFixed(3), svm.gamma.toPrecision(12), svm.rounds, svm.workingSetSize, svm.certificate.relGap.toExponential(1)]);
  }
}

function benchGradient(o: BenchOptions): void {
  console.log('\n# CE loss + scaled gradient evaluations (one optimizer step each)');
  const row = table([['(n, d, k)', 16], ['steps', 7], ['seconds', 7], ['steps/s', 7], ['ns/(n·k·d)', 10]]);
  const target = o.quick ? 0.5 : 2; // seconds per size
  for (const [n, d, k] of [[500, 25, 10], [10000, 100, 10]] as [number, number, number][]) {
    const ds = gaussianClusters({ k, d, nPerClass: n / k, sigma: 0.1, seed: 0 });
    const obj = new Objective(ds, crossEntropy);
    const W = zeros(k, d);
    const grad = zeros(k, d);
    let steps = 0;
    const t0 = performance.now();
    while (performance.now() - t0 < target * 1000) {
      const ev = obj.evaluate(W, grad);
      // A SignGD step keeps W moving so the work is that of a real run.
      for (let i = 0; i < W.data.length; i++) W.data[i] = W.data[i]! - 0.01 * Math.sign(ev.gradient.mantissa.data[i]!);
      steps++;
    }
    const secs = (performance.now() - t0) / 1000;
    row([`(${n}, ${d}, ${k})`, steps, secs.toFixed(2), (steps / secs).toFixed(0), ((secs * 1e9) / steps / (n * k * d)).toFixed(2)]);
  }
}

// ---- section step: the exact CE gradient + SignGD update against plain NumPy (issue #11) ------

const STEP_SIZES: readonly (readonly [number, number, number])[] = [
  [500, 25, 10],
  [10000, 100, 10],
];

/**
 * Steps per second of plain NumPy float64 (bench/numpy_step.py, one thread) at each size, or
 * null with the reason when python3 or NumPy is missing.
 */
function numpyStepsPerSecond(seconds: number): { version: string; rates: number[] } | { skipped: string } {
  const script = fileURLToPath(new URL('./numpy_step.py', import.meta.url));
  const env = { ...process.env, OMP_NUM_THREADS: '1', OPENBLAS_NUM_THREADS: '1', MKL_NUM_THREADS: '1' };
  try {
    const out = execFileSync('python3', [script, String(seconds), ...STEP_SIZES.map((s) => s.join(','))], { env, encoding: 'utf8', stdio: ['ignore', 'pipe', 'pipe'] });
    const parsed: unknown = JSON.parse(out);
    if (typeof parsed !== 'object' || parsed === null || !('rows' in parsed) || !Array.isArray(parsed.rows) || !('numpy' in parsed)) return { skipped: 'numpy_step.py printed no rows' };
    const rates = parsed.rows.map((r: unknown) => (typeof r === 'object' && r !== null && 'stepsPerSecond' in r && typeof r.stepsPerSecond === 'number' ? r.stepsPerSecond : NaN));
    return { version: String(parsed.numpy), rates };
  } catch (e) {
    const msg = e instanceof Error ? e.message.split('\n').find((l) => /Error|not found|ENOENT/.test(l)) ?? e.message.split('\n')[0]! : String(e);
    return { skipped: `python3 with NumPy unavailable (${msg.trim()})` };
  }
}

/**
 * Exact log-domain steps per second: Objective.evaluateInto (the kernel for CE, or the reference
 * path) and W ← W − η·sign(∇L) in place, with the same buffers every step (nothing allocated).
 */
function exactStepsPerSecond(n: number, d: number, k: number, kernel: 'fast' | 'reference', seconds: number): number {
  const ds = gaussianClusters({ k, d, nPerClass: n / k, sigma: 0.1, seed: 0 });
  const obj = new Objective(ds, crossEntropy, { kernel });
  const W = zeros(k, d);
  const buf = new EvaluationBuffers(k, d);
  const step = (): void => {
    obj.evaluateInto(W, buf);
    for (let e = 0; e < W.data.length; e++) W.data[e] = W.data[e]! - 0.01 * buf.sign[e]!;
  };
  for (let i = 0; i < 5; i++) step();
  let steps = 0;
  const t0 = performance.now();
  while (performance.now() - t0 < seconds * 1000) {
    step();
    steps++;
  }
  return steps / ((performance.now() - t0) / 1000);
}

function benchStep(o: BenchOptions): void {
  const seconds = o.quick ? 0.5 : 3;
  console.log(`\n# exact CE gradient + SignGD step vs plain NumPy float64 (1 thread), ${seconds} s per figure; ratio = ours / NumPy (target ≥ 1.0 at the paper size, ≥ 0.5 at the large)`);
  const np = numpyStepsPerSecond(seconds);
  if ('skipped' in np) console.log(`NumPy baseline skipped: ${np.skipped}`);
  const row = table([['(n, d, k)', 16], ['path', 22], ['steps/s', 9], ['NumPy steps/s', 13], ['ratio', 6]]);
  const rows: Record<string, unknown>[] = [];
  STEP_SIZES.forEach(([n, d, k], s) => {
    const base = 'skipped' in np ? null : np.rates[s]!;
    for (const kernel of ['fast', 'reference'] as const) {
      const rate = exactStepsPerSecond(n, d, k, kernel, kernel === 'reference' ? seconds / 2 : seconds);
      const ratio = base === null ? null : rate / base;
      const path = kernel === 'fast' ? 'exact, wasm kernel' : 'exact, TS reference';
      row([`(${n}, ${d}, ${k})`, path, rate.toFixed(0), base === null ? 'skipped' : base.toFixed(0), ratio === null ? '-' : ratio.toFixed(2)]);
      rows.push({ n, d, k, path: kernel, stepsPerSecond: rate, numpyStepsPerSecond: base, ratio });
    }
  });
  record('step', { numpy: 'skipped' in np ? { skipped: np.skipped } : { version: np.version }, rows });
}

function paperProblem(): Problem {
  const pb = new Problem(gaussianClusters({ k: 10, d: 25, nPerClass: 50, sigma: 0.1, seed: 0 }));
  for (const p of [Infinity, 2, 1]) pb.margin(p);
  return pb;
}

function benchOptimizers(o: BenchOptions): void {
  console.log('\n# optimizer steps per second at the paper scale (k = 10, d = 25, n = 500; engine with checkpoints)');
  const pb = paperProblem();
  const s = () => polynomialSchedule(0.1, 0.5);
  const opts: [string, Optimizer<unknown>][] = [
    ['GD', gd(constantSchedule(0.1))],
    ['NGD', normalizedGD(s())],
    ['SignGD', signGD(s())],
    ['CD (NSD p = 1)', coordinateDescent(s())],
    ['Adam (ε = 0)', adam(s())],
    ['Adam (ε = 1e-8, bias corr.)', adam(s(), { eps: 1e-8, biasCorrection: true })],
    ['Signum', signum(s())],
  ];
  const row = table([['optimizer', Math.max(...opts.map(([n]) => n.length))], ['steps', 6], ['seconds', 7], ['steps/s', 7]]);
  for (const [name, opt] of opts) {
    const T = o.quick ? 500 : 3000;
    const tr = runTrajectory({ problem: pb, optimizer: opt, steps: T });
    row([name, T, tr.seconds.toFixed(2), (T / tr.seconds).toFixed(0)]);
  }
}

function benchMillion(o: BenchOptions): void {
  const T = o.millionSteps;
  console.log(`\n# ${T} SignGD steps at the paper scale (η_t = (t + 1)^-1/2), log-domain throughout`);
  const pb = paperProblem();
  const cpu0 = process.cpuUsage();
  const tr = runTrajectory({ problem: pb, optimizer: signGD(polynomialSchedule(1, 0.5)), steps: T });
  const cpu = process.cpuUsage(cpu0);
  const cpuSeconds = (cpu.user + cpu.system) / 1e6;
  const last = tr.checkpoints[tr.checkpoints.length - 1]!;
  const row = table([['steps', String(T).length], ['seconds', 7], ['steps/s', 7], ['log L(W_T)', 10], ['max-norm gap', 12], ['finite', 6]]);
  row([T, tr.seconds.toFixed(1), (T / tr.seconds).toFixed(0), last.logLoss.toFixed(1), last.gap.max.toExponential(3), String(Number.isFinite(last.logLoss) && Number.isFinite(last.gap.max))]);
  const projected = (tr.seconds * 1e6) / T;
  // CPU seconds of this process: the figure to read when other jobs share the cores
  console.log(`10⁶ steps at this rate: ${projected.toFixed(1)} s wall, ${((cpuSeconds * 1e6) / T).toFixed(1)} s CPU (target < 60 s, goal 30 s)`);
  record('million', { steps: T, seconds: tr.seconds, cpuSeconds, stepsPerSecond: T / tr.seconds, secondsPer1e6: projected, cpuSecondsPer1e6: (cpuSeconds * 1e6) / T, logLoss: last.logLoss, maxNormGap: last.gap.max });
  console.log(`plain float64 would have frozen at: loss (1 − s_y = 0 for every sample) t = ${tr.frozen.naiveLossZeroAt}, gradient (every entry < 5e-324) t = ${tr.frozen.plainGradientZeroAt}`);
}

// Last: every section's module-level constants are initialised by now.
await runAsScript(bench);
