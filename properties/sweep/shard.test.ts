/**
 * Sweeps past one machine: `ibh verify --seeds … --shard i/N` runs disjoint parts of the task
 * list, and `ibh merge` combines them into the summary one run gives (but for timings). Simulated
 * here with N processes; mismatched shards are refused with the files named.
 */
import { spawn, spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, test } from 'vitest';
import { mergeCommand } from '../../src/cli/commands/merge.js';
import { ArgumentError } from '../../src/errors.js';
import { mergeShards, parseShard, shardOfTask, sweep, sweepShard, type ShardSummary, type SweepSummary } from '../../src/sweep/index.js';

/** Every field but timings: workers, startedAt, durationMs (whole and per entry), and the merge's `shards`. */
const strip = (s: SweepSummary): unknown => {
  const { workers: _w, startedAt: _s, durationMs: _d, shards: _n, ...rest } = s;
  return JSON.parse(JSON.stringify({ ...rest, perSeed: s.perSeed.map((p) => ({ ...p, claims: p.claims.map((c) => ({ ...c, durationMs: 0 })) })) }));
};
const o = { seeds: [4, 5, 6], quick: true, probes: false, filter: 'lemma-4.3' } as const;

test('parseShard reads i/N with 1 ≤ i ≤ N; anything else says what it must be', () => {
  expect(parseShard('2/4')).toEqual({ index: 2, count: 4 });
  expect(parseShard(' 1 / 1 ')).toEqual({ index: 1, count: 1 });
  for (const bad of ['0/3', '4/3', '1/0', '2', '1/2/3', 'a/b', '-1/2', '1.5/2', '']) expect(() => parseShard(bad), bad).toThrow(/must/);
});

test('the shards partition the task list: every task in exactly one shard, sizes within one', () => {
  for (const n of [1, 2, 3, 7]) {
    const sizes = new Array<number>(n).fill(0);
    for (let k = 0; k < 100; k++) sizes[shardOfTask(k, n) - 1]!++;
    expect(sizes.reduce((a, b) => a + b)).toBe(100);
    expect(Math.max(...sizes) - Math.min(...sizes)).toBeLessThanOrEqual(1);
  }
});

describe('merge of shards', () => {
  test('three shards merged equal one run (every field but timings); a changed entry does not', async () => {
    const one = await sweep({ ...o, workers: 1 });
    const shards: ShardSummary[] = [];
    for (const index of [3, 1, 2]) shards.push(await sweepShard({ ...o, workers: 1, shard: { index, count: 3 } }));
    expect(shards.map((s) => s.entries.length)).toEqual([3, 3, 3]);
    const merged = mergeShards(shards.map((summary, j) => ({ file: `s${j}`, summary })));
    expect(merged.shards).toBe(3);
    expect(strip(merged)).toEqual(strip(one));
    // The comparison sees a difference in any entry: a planted flip of one run's status.
    const [a, ...rest] = shards;
    const flipped: ShardSummary = { ...a!, entries: a!.entries.map((e, j) => (j === 0 ? { ...e, entry: { ...e.entry, status: 'fail' as const, failure: { message: 'planted' } } } : e)) };
    expect(strip(mergeShards([flipped, ...rest].map((summary, j) => ({ file: `s${j}`, summary }))))).not.toEqual(strip(one));
  }, 120_000);

  test('shards of different sweeps, duplicates, missing and tampered shards are refused, naming the files', async () => {
    const base = await sweepShard({ seeds: [4, 5], quick: true, probes: false, filter: 'lemma-4.3-i', workers: 1, shard: { index: 1, count: 2 } });
    const two = await sweepShard({ seeds: [4, 5], quick: true, probes: false, filter: 'lemma-4.3-i', workers: 1, shard: { index: 2, count: 2 } });
    const m = (...s: [string, ShardSummary][]) => () => mergeShards(s.map(([file, summary]) => ({ file, summary })));
    expect(m(['a', base], ['b', two])).not.toThrow();
    const cases: [() => unknown, RegExp][] = [
      [m(['a', base], ['b', { ...two, seeds: [4, 6] }]), /seeds differ: a has 4…5 \(2 seeds\), b has 4…6/],
      [m(['a', base], ['b', { ...two, quick: false }]), /budgets \(--quick\) differ: a has --quick, b has full/],
      [m(['a', base], ['b', { ...two, version: 'implicit-bias-harness 9.9.9' }]), /harness version differ/],
      [m(['a', base], ['b', { ...two, probes: true }]), /probes/],
      [m(['a', base], ['b', { ...two, shard: { index: 2, count: 3 } }]), /a is shard 1\/2, b is 2\/3/],
      [m(['a', base], ['b', base]), /shard 1\/2 given twice: a and b/],
      [m(['a', base]), /missing shard 2\/2 \(given: 1\/2\)/],
      [m(['a', base], ['b', { ...two, entries: two.entries.slice(1) }]), /b: shard 2\/2 should hold 3 tasks of 6, it holds 2 \(truncated/],
      [m(['a', base], ['b', { ...two, entries: two.entries.map((e) => ({ ...e, entry: { ...e.entry, seed: 99 } })) }]), /b: task \d should be fan2025\/lemma-4.3-\w+ on seed [45], it is .* on seed 99/],
      [m(), /give the summary.json/],
    ];
    for (const [run, msg] of cases) {
      expect(run).toThrow(ArgumentError);
      expect(run).toThrow(msg);
    }
  }, 60_000);

  test('ibh merge: a file that is not a shard summary, a missing directory, no DIR are usage errors', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'ibh-merge-'));
    writeFileSync(join(dir, 'summary.json'), JSON.stringify({ tool: 'implicit-bias-harness', seeds: [1], perSeed: [] }));
    await expect(mergeCommand.invoke([dir, '--out', join(dir, 'm')])).rejects.toThrow(/a whole sweep's summary; ibh merge takes the summary.json of each/);
    await expect(mergeCommand.invoke([join(dir, 'nope'), '--out', join(dir, 'm')])).rejects.toThrow(/no such file or directory/);
    await expect(mergeCommand.invoke(['--out', join(dir, 'm')])).rejects.toThrow(/missing DIR/);
  });
});

/** Runs `ibh ARGS` from source as a separate process. */
const ibh = (args: string[]): Promise<{ status: number | null; out: string }> =>
  new Promise((resolve) => {
    const p = spawn(process.execPath, ['--import', 'tsx', 'src/cli/main.ts', ...args], { stdio: ['ignore', 'pipe', 'pipe'] });
    let out = '';
    p.stdout.on('data', (d: Buffer) => (out += d.toString()));
    p.stderr.on('data', (d: Buffer) => (out += d.toString()));
    p.on('close', (status) => resolve({ status, out }));
  });

test('N processes: three shard processes at once, then ibh merge, give the summary of one ibh verify --seeds run', async () => {
  const dir = mkdtempSync(join(tmpdir(), 'ibh-shards-'));
  const common = ['verify', '--seeds', '4..6', '--quick', '--no-probes', '--only', 'lemma-4.3', '--workers', '1'];
  const runs = await Promise.all([
    ibh([...common, '--out', join(dir, 'single')]),
    ...[1, 2, 3].map((i) => ibh([...common, '--shard', `${i}/3`, '--out', join(dir, `shard-${i}`)])),
  ]);
  for (const r of runs) expect(r.status, r.out).toBe(0);
  const merge = spawnSync(process.execPath, ['--import', 'tsx', 'src/cli/main.ts', 'merge', join(dir, 'shard-2'), join(dir, 'shard-3'), join(dir, 'shard-1'), '--out', join(dir, 'merged')], { encoding: 'utf8' });
  expect(merge.status, merge.stderr + merge.stdout).toBe(0);
  expect(merge.stdout).toMatch(/3\/3 claims passed on every seed; 9\/9 claim runs passed.*3 shards/);
  const read = (d: string) => JSON.parse(readFileSync(join(dir, d, 'summary.json'), 'utf8')) as SweepSummary;
  expect(strip(read('merged'))).toEqual(strip(read('single')));
  expect(readFileSync(join(dir, 'merged', 'README.md'), 'utf8')).toMatch(/merged from 3 shards/);
}, 120_000);

test('--shard without --seeds is a usage error', () => {
  const r = spawnSync(process.execPath, ['--import', 'tsx', 'src/cli/main.ts', 'verify', '--shard', '1/2', '--only', 'lemma-4.3'], { encoding: 'utf8' });
  expect(r.status).toBe(2);
  expect(r.stderr).toMatch(/--shard needs --seeds/);
});
