/**
 * The long seed sweep (issue #8, item 1): `ibh verify --seeds` over 50 seeds, at full and at
 * `--quick` budgets, written to reports/sweep/<budget>/summary.json and README.md (one row per
 * claim: seeds passed, worst ratio, first failing seed with its replay line), indexed in
 * reports/sweep/README.md. Exit 1 if any claim fails on any seed.
 *
 *   npm run sweep -- [--seeds 1..50] [--budgets full,quick] [--workers N] [--only TEXT] [--out reports/sweep]
 */
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import { verifyCommand } from '../src/cli/commands/verify.js';
import type { SweepSummary } from '../src/sweep/index.js';

const { values } = parseArgs({
  options: {
    seeds: { type: 'string', default: '1..50' },
    budgets: { type: 'string', default: 'full,quick' },
    workers: { type: 'string' },
    only: { type: 'string' },
    out: { type: 'string', default: 'reports/sweep' },
  },
});
const budgets = values.budgets!.split(',').map((b) => b.trim());
for (const b of budgets) if (b !== 'full' && b !== 'quick') throw new Error(`--budgets: "${b}" is neither full nor quick`);

let exit = 0;
for (const b of budgets) {
  const dir = join(values.out!, b);
  process.stdout.write(`\n== ${b} budgets: ibh verify --seeds ${values.seeds} --no-probes${b === 'quick' ? ' --quick' : ''} --out ${dir}\n`);
  const code = await verifyCommand([
    '--seeds', values.seeds!, '--no-probes', '--out', dir,
    ...(b === 'quick' ? ['--quick'] : []),
    ...(values.workers ? ['--workers', values.workers] : []),
    ...(values.only ? ['--only', values.only] : []),
  ]);
  exit = Math.max(exit, code);
}

// The index lists every budget whose sweep is on disk (this run's and an earlier one's).
const lines: string[] = [];
for (const b of ['full', 'quick']) {
  const dir = join(values.out!, b);
  if (!existsSync(join(dir, 'summary.json'))) continue;
  const s = JSON.parse(readFileSync(join(dir, 'summary.json'), 'utf8')) as SweepSummary;
  const failing = s.claims.filter((c) => c.seedsPassed < c.seedsTotal);
  lines.push(
    `## ${b} budgets: [${b}/README.md](${b}/README.md)`,
    '',
    `Seeds ${s.seeds[0]}…${s.seeds[s.seeds.length - 1]} (${s.seeds.length}), ${s.workers} workers, ${(s.durationMs / 1000).toFixed(0)} s, started ${s.startedAt}: ` +
      `**${s.counts.claimsPassingEverySeed}/${s.counts.claims} claims passed on every seed**; ${s.counts.pass}/${s.counts.runs} claim runs passed.`,
    '',
    ...(failing.length
      ? ['| claim | kind | seeds passed | failing seeds | replay the first |', '|---|---|---|---|---|', ...failing.map((c) => `| \`${c.id}\` | ${c.kind} | ${c.seedsPassed}/${c.seedsTotal} | ${c.failingSeeds.join(', ')} | \`${c.firstFailure!.command}\` |`), '']
      : []),
  );
}
mkdirSync(values.out!, { recursive: true });
writeFileSync(
  join(values.out!, 'README.md'),
  ['# Seed sweep of the claims registry', '', 'Written by `npm run sweep` (scripts/sweep.ts); each budget\'s page has one row per claim.', '', ...lines].join('\n'),
);
process.exitCode = exit;
