import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { formatFailure } from '../../claims/index.js';
import { knownClaims, sectionsWith } from '../../claims/registry.js';
import type { Claim } from '../../claims/types.js';
import { rowsOfSweep, rowsOfVerify, seedsText, type ClaimRow } from '../../report/claimRows.js';
import { replayedInput } from '../../report/counterexample.js';
import type { Section } from '../../report/page.js';
import { verifyPage } from '../../report/verifyPage.js';
import { coverageSummary } from '../../claims/coverage.js';
import { harnessSeed } from '../../config/seed.js';
import { dbDir } from '../../claims/failureDb.js';
import { countStatuses, selectClaims, type VerifyEntry, type VerifySummary } from '../../claims/verify.js';
import { ArgumentError } from '../../errors.js';
import { progress } from '../progress.js';
import { closest, defineCommand, editDistance, flag, oneOf, outDir, parseSeed, positiveInteger, prepareOutput, SEED_MAX, SEED_MIN, substringDistance, value } from '../args.js';
import { defaultWorkers, parseSeeds, parseShard, runTasks, sweep, sweepShard, sweepTable, type Shard, type SweepSummary } from '../../sweep/index.js';
import { POOL_RUNTIMES, type PoolRuntime } from '../../pool/pool.js';
import { verifyFigures } from '../../figures/verify.js';
import { writePage } from '../../report/html.js';


const ratio = (r: number): string => (Number.isFinite(r) ? r.toPrecision(6) : '—');

function line(e: VerifyEntry): string {
  const mark = e.status === 'pass' ? 'pass' : e.status.toUpperCase();
  const probes = e.probes?.length ? `  probes: ${e.probes.map((p) => `${p.assumption} ${p.verdict}`).join(', ')}` : '';
  const cert = e.certification === 'rounding' ? '  [float64 near-tie: holds exactly; not a refutation]' : e.certification ? `  [${e.certification}]` : '';
  const cov = e.coverage ? coverageSummary(e.coverage) : '';
  // The coverage goes on the line only when it is short enough to read there (the page shows it all).
  return `${mark.padEnd(5)} ${e.id.padEnd(34)} ${e.ref.padEnd(34)} ${String(e.runs).padStart(4)} runs  worst ratio ${ratio(e.worstRatio)}${cert}${probes}${cov && cov.length <= 60 ? `  covers ${cov}` : ''}`;
}

/** Writes DIR/summary.json (DIR was created and probed before the run: `prepareOutputs`). */
function writeSummary(dir: string, summary: unknown): string {
  const file = join(dir, 'summary.json');
  writeFileSync(file, JSON.stringify(summary, null, 2) + '\n');
  return file;
}

/** A claim by id, the registry's or a planted fault's (undefined for an id neither holds). */
function registryClaim(id: string): Claim<unknown> | undefined {
  return knownClaims().find((c) => c.id === id);
}

/**
 * Writes DIR/index.html, the report page of the run (claims table, failures with their
 * counterexamples, each claim's particulars), and returns its path. `extraSections` is the hook
 * for further sections of the index (the trajectory figures).
 */
export async function writeVerifyReport(dir: string, rows: readonly ClaimRow[], provenance: readonly string[], extraSections: readonly Section[] = []): Promise<string> {
  return writePage(dir, verifyPage(rows, { provenance, inputOf: (row) => replayedInput(row, registryClaim), extraSections }));
}

/** The provenance lines of a run's page: the command, the seeds, when and how long. */
function provenanceOf(o: { seeds: string; quick: boolean; filter?: string; planted?: boolean; startedAt: string; durationMs: number }): string[] {
  return [
    `ibh verify${o.quick ? ' --quick' : ''}${o.planted ? ' --plant' : ''}${o.filter !== undefined ? ` --only ${o.filter}` : ''}: ${o.seeds}`,
    `started ${o.startedAt}, ${(o.durationMs / 1000).toFixed(1)} s; summary.json beside this page has every number`,
  ];
}

/** `--only TEXT`: a substring of at least one claim id (planted faults' too); otherwise the closest ids are suggested. */
export function parseOnly(text: string): string {
  if (text === '') throw new Error('must not be empty');
  const all = sectionsWith({ planted: true });
  if (selectClaims(text, all).length > 0) return text;
  const ids = selectClaims(undefined, all).map((c) => c.claim.id);
  const near = closest(text, ids, 3, (a, b) => substringDistance(a, b) * 1000 + editDistance(a, b));
  throw new Error(`must match a claim id, and no claim id contains it; closest: ${near.join(', ')} (every id: docs/claims.md)`);
}

export const verify = defineCommand(
  {
    name: 'verify',
    summary: 'run every claim of the registry (or those --only selects) on one seed or a sweep of seeds; writes DIR/summary.json',
    options: {
      quick: flag("a fifth of each claim's runs (never below 10)"),
      seed: value({ placeholder: 'S', parse: parseSeed, help: `fast-check seed, an integer in [${SEED_MIN}, ${SEED_MAX}]`, defaultText: 'IBH_SEED, else 20251122' }),
      seeds: value({ placeholder: 'A..B|a,b,c', parse: parseSeeds, help: 'run on every seed of a range or list and aggregate per claim (also writes DIR/README.md)' }),
      workers: value({ placeholder: 'N', parse: positiveInteger, help: 'pool workers to run claims on (1: in this process)', defaultText: 'every core' }),
      pool: value({ placeholder: POOL_RUNTIMES.join('|'), parse: oneOf(POOL_RUNTIMES), help: 'run the workers as threads of this process or as child processes', defaultText: 'worker_threads' }),
      shard: value({ placeholder: 'i/N', parse: parseShard, help: 'with --seeds: run only the i-th of N disjoint parts of the (seed, claim) tasks; combine the N summaries with ibh merge (docs/sharding.md)' }),
      out: outDir({ default: 'reports/out/verify', files: ['summary.json', 'index.html'], help: 'directory for summary.json and the report page index.html (created; checked before any claim runs)' }),
      only: value({ placeholder: 'TEXT', parse: parseOnly, help: 'only the claims whose id contains TEXT (must match at least one)' }),
      'no-probes': flag("skip the probes of each claim's assumptions"),
      'no-db': flag('neither replay nor save counterexamples in the failure database (IBH_DB_DIR, else fixtures/counterexamples; one seed only)'),
      plant: flag('also run the planted faults (src/claims/planted.ts: claims with a deliberate error, ids planted/…), to see a failure end to end; one seed only'),
    },
    exclusive: [['seed', 'seeds']],
    examples: [
      { cmd: 'ibh verify', what: 'every claim with its assumption probes, on the default seed (exit 1 if any fails)' },
      { cmd: 'ibh verify --quick --no-probes --only lemma-4.2 --seed 7', what: 'one lemma, a fifth of the runs, seed 7' },
      { cmd: 'ibh verify --quick --seeds 1..20 --workers 2 --out reports/out/sweep', what: 'the registry on 20 seeds, aggregated per claim' },
      { cmd: 'ibh verify --quick --seeds 1..20 --shard 2/4 --out reports/out/shard-2', what: 'the second of four parts of that sweep (one per machine); then ibh merge' },
      { cmd: 'ibh verify --plant --only planted --out reports/out/planted', what: 'a planted fault: its counterexample saved, drawn on the page, certified (exit 1)' },
    ],
    notes: ['Exit codes: 0 every claim passed; 1 a claim failed (or a probe errored); 2 bad input; 3 internal error.'],
  },
  async (values) => {
    const workers = values.workers ?? defaultWorkers();
    const common = { quick: values.quick, probes: !values['no-probes'], ...(values.only !== undefined ? { filter: values.only } : {}), ...(values.pool ? { runtime: values.pool } : {}) };
    if (values.plant && values.seeds !== undefined) throw new ArgumentError('--plant runs on one seed; give --seed S, not --seeds');
    if (!values.plant && values.only !== undefined && selectClaims(values.only).length === 0) {
      throw new ArgumentError(`--only ${values.only}: only planted faults match it; add --plant to run them`);
    }
    if (values.shard !== undefined) {
      if (values.seeds === undefined) throw new ArgumentError('--shard needs --seeds A..B (it cuts a sweep into parts)');
      return shardCommand(values.seeds, values.shard, workers, values.out, common);
    }
    if (values.seeds !== undefined) {
      prepareOutput(join(values.out, 'README.md'), { kind: 'file' }, '--out');
      return sweepCommand(values.seeds, workers, values.out, common);
    }
    const seed = values.seed ?? harnessSeed();
    if (!Number.isInteger(seed) || seed < SEED_MIN || seed > SEED_MAX) {
      throw new ArgumentError(`IBH_SEED=${seed}: must be an integer in fast-check's 32-bit seed range [${SEED_MIN}, ${SEED_MAX}]`);
    }
    return verifyOneSeed(seed, workers, values.out, { ...common, planted: values.plant, ...(values['no-db'] ? {} : { db: dbDir() }) });
  },
);

interface Common {
  readonly quick: boolean;
  readonly probes: boolean;
  readonly filter?: string;
  readonly runtime?: PoolRuntime;
}

async function verifyOneSeed(seed: number, workers: number, out: string, common: Common & { db?: string; planted: boolean }): Promise<number> {
  const started = performance.now();
  const startedAt = new Date().toISOString();
  const selected = selectClaims(common.filter, sectionsWith({ planted: common.planted }));
  // Tasks are dispatched in order, one per free worker: the first `workers` unfinished ones are running.
  const pending = selected.map(({ claim }) => claim.id);
  const bar = progress({ total: selected.length, unit: 'claims' });
  const claims = await runTasks(
    selected.map(({ claim }) => ({ seed, id: claim.id, quick: common.quick, probes: common.probes, ...(common.db !== undefined ? { db: common.db } : {}) })),
    {
      workers,
      ...(common.runtime ? { runtime: common.runtime } : {}),
      onResult: (_, e) => {
        pending.splice(pending.indexOf(e.id), 1);
        bar.done(line(e), pending.slice(0, workers));
      },
    },
  );
  bar.end();
  const summary: VerifySummary = {
    tool: 'implicit-bias-harness',
    seed,
    quick: common.quick,
    startedAt,
    durationMs: performance.now() - started,
    counts: countStatuses(claims),
    claims,
  };
  const file = writeSummary(out, summary);
  // The scientific plots from short seeded runs (src/figures/verify.ts) go on the same page.
  const page = await writeVerifyReport(out, rowsOfVerify(summary), provenanceOf({ seeds: `seed ${seed}`, ...common, startedAt, durationMs: summary.durationMs }), verifyFigures({ seed, quick: common.quick }));
  for (const c of summary.claims) if (c.status !== 'pass') process.stdout.write('\n' + formatFailure(c) + '\n');
  // A probe whose relaxed generator failed is a harness error, not a finding: it fails the run.
  const probeErrors = reportProbeErrors(summary.claims);
  const db = summary.claims.reduce((n, c) => n + (c.database?.replayed ?? 0), 0);
  if (db > 0) {
    const still = summary.claims.reduce((n, c) => n + (c.database?.stillFailing ?? 0), 0);
    process.stdout.write(`\nfailure database (${common.db}): ${db} saved cases replayed first, ${still} still failing\n`);
  }
  const { pass, fail, error } = summary.counts;
  process.stdout.write(`\n${pass} passed, ${fail + error} failed${probeErrors ? `, ${probeErrors} probe errors` : ''} (seed ${seed}, ${(summary.durationMs / 1000).toFixed(1)} s); summary: ${file}; report: ${page} (open it in a browser)\n`);
  return fail + error + probeErrors > 0 ? 1 : 0;
}

async function sweepCommand(seeds: number[], workers: number, out: string, common: Common): Promise<number> {
  const t0 = performance.now();
  const elapsed = (): string => `${((performance.now() - t0) / 1000).toFixed(1)} s`;
  process.stdout.write(`sweeping ${seeds.length} seeds (${seeds[0]}…${seeds[seeds.length - 1]}) on ${workers} worker${workers > 1 ? 's' : ''}${common.quick ? ', --quick' : ''}\n`);
  const summary: SweepSummary = await sweep({
    seeds,
    workers,
    ...common,
    onResult: sweepProgress(t0),
    onSeed: (run, seedsDone) => {
      const bad = run.claims.filter((c) => c.status !== 'pass').map((c) => c.id);
      process.stdout.write(
        `seed ${run.seed}: ${run.counts.pass}/${run.claims.length} passed${bad.length ? ` (failing: ${bad.join(', ')})` : ''}  [${seedsDone}/${seeds.length} seeds, ${elapsed()}]\n`,
      );
    },
  });
  const file = writeSummary(out, summary);
  writeFileSync(join(out, 'README.md'), sweepTable(summary));
  return reportSweep(summary, out, file);
}

/** A sweep's progress: each failure as it comes, and a line every 50 claim runs. */
function sweepProgress(t0: number): (e: VerifyEntry, done: number, total: number) => void {
  return (e, done, total) => {
    if (e.status !== 'pass') process.stdout.write(`${e.status.toUpperCase().padEnd(5)} seed ${e.seed} ${e.id}: ${e.failure?.message.split('\n')[0] ?? ''}\n`);
    else if (done % 50 === 0) process.stdout.write(`… ${done}/${total} claim runs, ${((performance.now() - t0) / 1000).toFixed(1)} s\n`);
  };
}

/** A sweep's report page, its failing claims with their replay lines and its counts; the exit code (1: any failed). */
export async function reportSweep(summary: SweepSummary, out: string, file: string): Promise<number> {
  const page = await writeVerifyReport(out, rowsOfSweep(summary), provenanceOf({ seeds: `${summary.seeds.length} seeds (${seedsText(summary.seeds)})`, quick: summary.quick, ...(summary.filter !== undefined ? { filter: summary.filter } : {}), startedAt: summary.startedAt, durationMs: summary.durationMs }));
  process.stdout.write('\n');
  for (const c of summary.claims) {
    if (!c.firstFailure) continue;
    const f = c.firstFailure;
    process.stdout.write(
      `${c.id} (${c.kind}) failed on ${c.seedsTotal - c.seedsPassed}/${c.seedsTotal} seeds [${c.failingSeeds.join(', ')}]\n` +
        `  first: seed ${f.seed}: ${f.message.split('\n')[0]}\n  replay: { seed: ${f.seed}, path: "${f.path}" }   ${f.command}\n`,
    );
  }
  const probeErrors = reportProbeErrors(summary.perSeed.flatMap((r) => r.claims));
  const n = summary.counts;
  process.stdout.write(
    `\n${n.claimsPassingEverySeed}/${n.claims} claims passed on every seed; ${n.pass}/${n.runs} claim runs passed, ${n.fail} failed, ${n.error} errors${probeErrors ? `, ${probeErrors} probe errors` : ''} ` +
      `(${summary.seeds.length} seeds, ${summary.shards !== undefined ? `${summary.shards} shards, ` : ''}${summary.workers} workers, ${(summary.durationMs / 1000).toFixed(1)} s); summary: ${file}; report: ${page} (open it in a browser)\n`,
  );
  return n.fail + n.error + probeErrors > 0 ? 1 : 0;
}

/** One shard of a sweep: its tasks' entries to DIR/summary.json, for `ibh merge`. */
async function shardCommand(seeds: number[], shard: Shard, workers: number, out: string, common: Common): Promise<number> {
  const t0 = performance.now();
  process.stdout.write(`shard ${shard.index}/${shard.count} of a sweep of ${seeds.length} seeds (${seeds[0]}…${seeds[seeds.length - 1]}) on ${workers} worker${workers > 1 ? 's' : ''}${common.quick ? ', --quick' : ''}\n`);
  const s = await sweepShard({
    seeds,
    shard,
    workers,
    ...common,
    onResult: sweepProgress(t0),
  });
  const file = writeSummary(out, s);
  const bad = s.entries.filter((e) => e.entry.status !== 'pass').length;
  const probeErrors = reportProbeErrors(s.entries.map((e) => e.entry));
  process.stdout.write(
    `\nshard ${shard.index}/${shard.count}: ${s.entries.length - bad}/${s.entries.length} claim runs passed (of ${s.tasks} in the sweep), ${(s.durationMs / 1000).toFixed(1)} s; summary: ${file}\n` +
      `combine all ${shard.count}: ibh merge DIR... --out DIR (docs/sharding.md)\n`,
  );
  return bad + probeErrors > 0 ? 1 : 0;
}

/** Prints every probe whose relaxed generator failed (a harness error, not a finding) and counts them. */
function reportProbeErrors(entries: readonly Pick<VerifyEntry, 'probes'>[]): number {
  const errors = entries.flatMap((c) => (c.probes ?? []).filter((p) => p.verdict === 'error'));
  for (const p of errors) process.stdout.write(`\nprobe error: ${p.claim} with ${p.assumption} dropped (seed ${p.seed}): ${p.message ?? ''}\n`);
  return errors.length;
}

/** `ibh verify` with raw arguments (as `scripts/sweep.ts` and the tests call it). */
export const verifyCommand = (argv: readonly string[]): Promise<number> => verify.invoke(argv);
