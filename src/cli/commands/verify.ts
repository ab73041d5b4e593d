import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import { formatFailure } from '../../claims/index.js';
import { harnessSeed } from '../../config/seed.js';
import { countStatuses, selectClaims, type VerifyEntry, type VerifySummary } from '../../claims/verify.js';
import { ArgumentError } from '../../errors.js';
import { defaultWorkers, parseSeeds, runTasks, sweep, sweepTable, type SweepSummary } from '../../sweep/index.js';


const USAGE =
  'usage: ibh verify [--quick] [--seed S | --seeds A..B|a,b,c] [--workers N] [--out DIR] [--only TEXT] [--no-probes]';

const ratio = (r: number): string => (Number.isFinite(r) ? r.toPrecision(6) : '—');

function line(e: VerifyEntry): string {
  const mark = e.status === 'pass' ? 'pass' : e.status.toUpperCase();
  const probes = e.probes?.length ? `  probes: ${e.probes.map((p) => `${p.assumption} ${p.verdict}`).join(', ')}` : '';
  return `${mark.padEnd(5)} ${e.id.padEnd(34)} ${e.ref.padEnd(34)} ${String(e.runs).padStart(4)} runs  worst ratio ${ratio(e.worstRatio)}${probes}`;
}

function writeSummary(dir: string, summary: unknown): string {
  mkdirSync(dir, { recursive: true });
  const file = join(dir, 'summary.json');
  writeFileSync(file, JSON.stringify(summary, null, 2) + '\n');
  return file;
}

export async function verifyCommand(argv: string[]): Promise<number> {
  let values;
  try {
    ({ values } = parseArgs({
      args: argv,
      options: {
        quick: { type: 'boolean', default: false },
        seed: { type: 'string' },
        seeds: { type: 'string' },
        workers: { type: 'string' },
        out: { type: 'string', default: 'reports/out/verify' },
        only: { type: 'string' },
        'no-probes': { type: 'boolean', default: false },
      },
      strict: true,
    }));
  } catch (e) {
    throw new ArgumentError(`${(e as Error).message}\n${USAGE}`);
  }
  if (values.seed !== undefined && values.seeds !== undefined) throw new ArgumentError(`give --seed or --seeds, not both\n${USAGE}`);
  const workers = values.workers === undefined ? defaultWorkers() : Number(values.workers);
  if (!Number.isInteger(workers) || workers < 1) throw new ArgumentError(`--workers must be a positive integer, got ${values.workers}`);
  const common = { quick: values.quick!, probes: !values['no-probes'], ...(values.only ? { filter: values.only } : {}) };
  if (values.seeds !== undefined) return sweepCommand(parseSeeds(values.seeds), workers, values.out!, common);

  const seed = values.seed === undefined ? harnessSeed() : Number(values.seed);
  if (!Number.isSafeInteger(seed)) throw new ArgumentError(`--seed must be an integer, got ${values.seed}`);
  const started = performance.now();
  const startedAt = new Date().toISOString();
  const selected = selectClaims(common.filter);
  if (selected.length === 0) throw new ArgumentError(`--only ${common.filter}: no claim id contains it`);
  const claims = await runTasks(
    selected.map(({ claim }) => ({ seed, id: claim.id, quick: common.quick, probes: common.probes })),
    { workers, onResult: (_, e) => process.stdout.write(line(e) + '\n') },
  );
  const summary: VerifySummary = {
    tool: 'implicit-bias-harness',
    seed,
    quick: common.quick,
    startedAt,
    durationMs: performance.now() - started,
    counts: countStatuses(claims),
    claims,
  };
  const file = writeSummary(values.out!, summary);
  for (const c of summary.claims) if (c.status !== 'pass') process.stdout.write('\n' + formatFailure(c) + '\n');
  // A probe whose relaxed generator failed is a harness error, not a finding: it fails the run.
  const probeErrors = reportProbeErrors(summary.claims);
  const { pass, fail, error } = summary.counts;
  process.stdout.write(`\n${pass} passed, ${fail + error} failed${probeErrors ? `, ${probeErrors} probe errors` : ''} (seed ${seed}, ${(summary.durationMs / 1000).toFixed(1)} s); summary: ${file}\n`);
  return fail + error + probeErrors > 0 ? 1 : 0;
}

async function sweepCommand(seeds: number[], workers: number, out: string, common: { quick: boolean; probes: boolean; filter?: string }): Promise<number> {
  const t0 = performance.now();
  const elapsed = (): string => `${((performance.now() - t0) / 1000).toFixed(1)} s`;
  process.stdout.write(`sweeping ${seeds.length} seeds (${seeds[0]}…${seeds[seeds.length - 1]}) on ${workers} worker${workers > 1 ? 's' : ''}${common.quick ? ', --quick' : ''}\n`);
  const summary: SweepSummary = await sweep({
    seeds,
    workers,
    ...common,
    onResult: (e, done, total) => {
      if (e.status !== 'pass') process.stdout.write(`${e.status.toUpperCase().padEnd(5)} seed ${e.seed} ${e.id}: ${e.failure?.message.split('\n')[0] ?? ''}\n`);
      else if (done % 50 === 0) process.stdout.write(`… ${done}/${total} claim runs, ${elapsed()}\n`);
    },
    onSeed: (run, seedsDone) => {
      const bad = run.claims.filter((c) => c.status !== 'pass').map((c) => c.id);
      process.stdout.write(
        `seed ${run.seed}: ${run.counts.pass}/${run.claims.length} passed${bad.length ? ` (failing: ${bad.join(', ')})` : ''}  [${seedsDone}/${seeds.length} seeds, ${elapsed()}]\n`,
      );
    },
  });
  const file = writeSummary(out, summary);
  writeFileSync(join(out, 'README.md'), sweepTable(summary));
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
      `(${seeds.length} seeds, ${workers} workers, ${(summary.durationMs / 1000).toFixed(1)} s); summary: ${file}\n`,
  );
  return n.fail + n.error + probeErrors > 0 ? 1 : 0;
}

/** Prints every probe whose relaxed generator failed (a harness error, not a finding) and counts them. */
function reportProbeErrors(entries: readonly Pick<VerifyEntry, 'probes'>[]): number {
  const errors = entries.flatMap((c) => (c.probes ?? []).filter((p) => p.verdict === 'error'));
  for (const p of errors) process.stdout.write(`\nprobe error: ${p.claim} with ${p.assumption} dropped (seed ${p.seed}): ${p.message ?? ''}\n`);
  return errors.length;
}
