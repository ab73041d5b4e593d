import { existsSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { ArgumentError } from '../../errors.js';
import { asShardSummary, mergeShards, sweepTable, type ShardSummary } from '../../sweep/index.js';
import { defineCommand, outDir } from '../args.js';
import { reportSweep } from './verify.js';

/** DIR/summary.json (or FILE itself), read as a shard summary. */
function readShard(path: string): { file: string; summary: ShardSummary } {
  if (!existsSync(path)) throw new ArgumentError(`${path}: no such file or directory`);
  const file = statSync(path).isDirectory() ? join(path, 'summary.json') : path;
  if (!existsSync(file)) throw new ArgumentError(`${path}: holds no summary.json (give the --out directory of each shard)`);
  let parsed: unknown;
  try {
    parsed = JSON.parse(readFileSync(file, 'utf8'));
  } catch (e) {
    throw new ArgumentError(`${file}: not JSON (${(e as Error).message})`);
  }
  return { file, summary: asShardSummary(parsed, file) };
}

export const mergeCommand = defineCommand(
  {
    name: 'merge',
    summary: 'combine the summaries of the N shards of a sweep (ibh verify --seeds … --shard i/N) into the one a single run gives; writes DIR/summary.json, DIR/README.md and the report page DIR/index.html',
    operands: { placeholder: 'DIR', help: "each shard's --out directory (or its summary.json), all N of them, in any order", min: 1 },
    options: {
      out: outDir({ default: 'reports/out/merge', files: ['summary.json', 'README.md', 'index.html'], help: 'directory for the merged summary.json, README.md and report page index.html (created; checked before reading)' }),
    },
    examples: [
      { cmd: 'ibh merge shards/1 shards/2 shards/3 --out reports/sweep/full', what: 'the three shards of one sweep, as if one machine had run it (exit 1 if a claim failed on a seed)' },
    ],
    notes: [
      'The merged summary equals the single-run summary but for timings: workers is the sum over the shards, startedAt the earliest, durationMs the longest shard, and shards: N is added.',
      'Refused (exit 2), naming the files: shards of different sweeps (harness version, seeds, --quick, --no-probes, --only, N), a shard given twice, a missing shard, a file that is not a shard summary.',
      'Exit codes: 0 every claim passed on every seed; 1 a claim failed on some seed (or a probe errored); 2 bad input.',
    ],
  },
  (values, dirs) => {
    const summary = mergeShards(dirs.map(readShard));
    const file = join(values.out, 'summary.json');
    writeFileSync(file, JSON.stringify(summary, null, 2) + '\n');
    writeFileSync(join(values.out, 'README.md'), sweepTable(summary));
    return reportSweep(summary, values.out, file);
  },
);
