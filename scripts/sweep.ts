/**
 * The long seed sweep (issue #8, item 1): `ibh verify --seeds` over 50 seeds, at full and at
 * `--quick` budgets, written to reports/sweep/<budget>/summary.json and README.md (one row per
 * claim: seeds passed, worst ratio, first failing seed with its replay line), indexed in
 * reports/sweep/README.md. Exit 1 if any claim fails on any seed.
 *
 *   npm run sweep -- [--seeds 1..50] [--budgets full,quick] [--workers N] [--only TEXT] [--out reports/sweep]
 * (`npm run sweep -- --help`). The sweep itself is `ibh verify --seeds`; on several machines, see
 * docs/sharding.md.
 */
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { defineCommand, listOf, nonEmpty, positiveInteger, runAsScript, value } from '../src/cli/args.js';
import { parseOnly, verifyCommand } from '../src/cli/commands/verify.js';
import { parseSeeds, type SweepSummary } from '../src/sweep/index.js';

const BUDGETS = ['full', 'quick'] as const;

/** Each budget is one `ibh verify --seeds` run; this script only loops over budgets and writes the index. */
const sweepScript = defineCommand(
  {
    name: 'sweep',
    invocation: 'npm run sweep --',
    summary: 'ibh verify --seeds --no-probes at full and --quick budgets, each to OUT/<budget>/, indexed in OUT/README.md',
    options: {
      seeds: value({ placeholder: 'A..B|a,b,c', parse: (raw) => (parseSeeds(raw), raw), default: '1..50', help: 'the seeds of every budget' }),
      budgets: value({ placeholder: 'full,quick', parse: listOf(BUDGETS), default: [...BUDGETS], defaultText: 'full,quick', help: 'which budgets to sweep' }),
      workers: value({ placeholder: 'N', parse: (raw) => (positiveInteger(raw), raw), help: 'pool workers', defaultText: 'every core' }),
      only: value({ placeholder: 'TEXT', parse: (raw) => (parseOnly(raw), raw), help: 'only the claims whose id contains TEXT' }),
      out: value({ placeholder: 'DIR', parse: nonEmpty, default: 'reports/sweep', help: 'where the budgets\' directories and the index go' }),
    },
    examples: [{ cmd: 'npm run sweep -- --seeds 1..5 --budgets quick', what: 'five seeds at --quick budgets, to reports/sweep/quick/' }],
  },
  async (values) => {
    let exit = 0;
    for (const b of values.budgets) {
      const dir = join(values.out, b);
      process.stdout.write(`\n== ${b} budgets: ibh verify --seeds ${values.seeds} --no-probes${b === 'quick' ? ' --quick' : ''} --out ${dir}\n`);
      const code = await verifyCommand([
        '--seeds', values.seeds, '--no-probes', '--out', dir,
        ...(b === 'quick' ? ['--quick'] : []),
        ...(values.workers ? ['--workers', values.workers] : []),
        ...(values.only ? ['--only', values.only] : []),
      ]);
      exit = Math.max(exit, code);
    }
    writeIndex(values.out);
    return exit;
  },
);

await runAsScript(sweepScript);

/** OUT/README.md: every budget whose sweep is on disk (this run's and an earlier one's). */
function writeIndex(out: string): void {
  const lines: string[] = [];
  for (const b of ['full', 'quick']) {
    const dir = join(out, b);
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
  mkdirSync(out, { recursive: true });
  writeFileSync(
    join(out, 'README.md'),
    ['# Seed sweep of the claims registry', '', 'Written by `npm run sweep` (scripts/sweep.ts); each budget\'s page has one row per claim.', '', ...lines].join('\n'),
  );
}
