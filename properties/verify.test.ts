/** `ibh verify`: the registry run outside vitest, its summary.json and exit code. */
import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, test } from 'vitest';
import { lemma42 } from '../src/claims/fan2025/appendixA.js';
import { selectClaims, verify, type VerifyEntry, type VerifySummary } from '../src/claims/verify.js';
import { CLAIM_KINDS } from '../src/claims/types.js';
import { ArgumentError } from '../src/errors.js';
import { verifyCommand } from '../src/cli/commands/verify.js';
import { aggregate, parseSeeds, sweep, type SweepSummary } from '../src/sweep/index.js';

describe('ibh verify', () => {
  test('--quick --only writes summary.json with id, ref, status, runs, seed per claim, exit 0', () => {
    const out = mkdtempSync(join(tmpdir(), 'ibh-verify-'));
    const r = spawnSync(process.execPath, ['--import', 'tsx', 'src/cli/main.ts', 'verify', '--quick', '--only', 'lemma-4', '--out', out, '--seed', '7'], { encoding: 'utf8' });
    expect(r.status, r.stderr).toBe(0);
    const s = JSON.parse(readFileSync(join(out, 'summary.json'), 'utf8')) as VerifySummary;
    expect(s.seed).toBe(7);
    expect(s.claims.length).toBeGreaterThanOrEqual(4);
    for (const c of s.claims) {
      expect(c.id).toContain('lemma-4');
      expect(c.ref).toBeTruthy();
      expect(c.status).toBe('pass');
      expect(c.runs).toBeGreaterThan(0);
      expect(c.seed).toBe(7);
    }
    expect(r.stdout).toMatch(/\d+ passed, 0 failed/);
  });

  test('a failing claim is reported with its shrunk counterexample, seed and path', () => {
    const s = verify({
      seed: 1,
      quick: false,
      probes: true,
      sections: [{ id: 'planted', title: 'planted fault', claims: [lemma42({ constant: 3.9 })] }],
    });
    expect(s.counts.fail).toBe(1);
    const c = s.claims[0]!;
    expect(c.status).toBe('fail');
    expect(c.counterexample).toMatch(/"v":Float64Array.from\(\[1,-1\]\)/);
    expect(c.path).toMatch(/^\d+(:\d+)*$/);
    expect(c.probes?.[0]?.assumption).toBe('simplex');
  });
});

describe('runClaim on a broken generator', () => {
  test('a generator that throws is an error, never a pass', async () => {
    const fc = (await import('fast-check')).default;
    const { runClaim } = await import('../src/claims/index.js');
    const r = runClaim({
      id: 'test/broken',
      paper: 'fan2025',
      ref: 'none',
      title: 'broken generator',
      kind: 'exact-inequality',
      statement: 'a claim whose generator throws',
      assumptions: [],
      inputs: () => fc.integer().map(() => {
        throw new Error('generator exploded');
      }),
      check: () => ({ ok: true, lhs: 0, rhs: 0, ratio: 0 }),
      runs: 5,
      confidence: 'low',
      tight: false,
    });
    expect(r.status).toBe('error');
    expect(r.failure?.message).toMatch(/generator exploded/);
  });

  test('a probe whose relaxed generator throws is an error verdict, never "needed"', async () => {
    const fc = (await import('fast-check')).default;
    const { probeAssumption } = await import('../src/claims/index.js');
    const p = probeAssumption(
      {
        id: 'test/broken-probe',
        paper: 'fan2025',
        ref: 'none',
        title: 'relaxed generator throws',
        kind: 'exact-inequality',
        statement: 'a claim whose relaxed generator throws',
        assumptions: [{ id: 'a', statement: 'x ≥ 0', holds: (x: number) => x >= 0 }],
        inputs: (relax) =>
          relax?.has('a')
            ? fc.integer().map((): number => {
                throw new Error('relaxed generator exploded');
              })
            : fc.nat(),
        check: () => ({ ok: true, lhs: 0, rhs: 0, ratio: 0 }),
        runs: 5,
        confidence: 'low',
        tight: false,
      },
      'a',
    );
    expect(p.verdict).toBe('error');
    expect(p.message).toMatch(/relaxed generator exploded/);
  });
});

describe('ibh verify --seeds (the many-seed sweep)', () => {
  const strip = (s: SweepSummary): unknown =>
    JSON.parse(JSON.stringify({ ...s, durationMs: 0, startedAt: '', workers: 0, perSeed: s.perSeed.map((p) => ({ ...p, claims: p.claims.map((c) => ({ ...c, durationMs: 0 })) })) }));

  test('parseSeeds reads ranges and lists, in order, each seed once; bad lists are typed errors', () => {
    expect(parseSeeds('1..5')).toEqual([1, 2, 3, 4, 5]);
    expect(parseSeeds('1,5,9')).toEqual([1, 5, 9]);
    expect(parseSeeds('9, 1..3,2')).toEqual([9, 1, 2, 3]);
    expect(parseSeeds('-2..0')).toEqual([-2, -1, 0]);
    for (const bad of ['', '5..1', '1..', 'a', '1.5', '1..2..3', '1,,2', '0..1e9', String(2 ** 31)]) {
      expect(() => parseSeeds(bad), bad).toThrow(ArgumentError);
    }
  });

  test('two workers give the same results as one (every field but timings), in registry order', async () => {
    const o = { seeds: [3, 11], quick: true, probes: true, filter: 'lemma-4.3' };
    const one = await sweep({ ...o, workers: 1 });
    const two = await sweep({ ...o, workers: 2 });
    expect(one.counts.runs).toBe(2 * one.counts.claims);
    expect(one.perSeed.map((p) => p.seed)).toEqual([3, 11]);
    expect(one.claims.map((c) => c.id)).toEqual(selectClaims('lemma-4.3').map((x) => x.claim.id));
    expect(strip(two)).toEqual(strip(one));
    for (const c of one.claims) expect(CLAIM_KINDS).toContain(c.kind);
  });

  test('aggregate: seeds passed, worst ratio and its seed, first failing seed with its replay line', () => {
    const base = verify({ seed: 5, quick: true, probes: false, filter: 'lemma-4.2' }).claims[0]!;
    const entries: VerifyEntry[] = [
      { ...base, seed: 5, worstRatio: 0.5 },
      { ...base, seed: 6, status: 'fail', path: '3:1', counterexample: '{x}', failure: { message: 'lhs 2 > rhs 1' }, worstRatio: 0.9 },
      { ...base, seed: 7, status: 'error', failure: { message: 'boom' }, worstRatio: -Infinity },
      { ...base, seed: 8, worstRatio: 0.7 },
    ];
    const [a] = aggregate([5, 6, 7, 8], entries, true);
    expect(a!.seedsPassed).toBe(2);
    expect(a!.seedsTotal).toBe(4);
    expect(a!.failingSeeds).toEqual([6, 7]);
    expect(a!.worstRatio).toBe(0.9);
    expect(a!.worstRatioSeed).toBe(6);
    expect(a!.kind).toBe(base.kind);
    expect(a!.firstFailure).toEqual({
      seed: 6,
      status: 'fail',
      message: 'lhs 2 > rhs 1',
      path: '3:1',
      counterexample: '{x}',
      command: `ibh verify --seed 6 --only ${base.id} --no-probes --quick`,
    });
    expect(aggregate([5, 8], [entries[0]!, entries[3]!], false)[0]!.firstFailure).toBeUndefined();
  });

  test('CLI: --seeds A..B --workers 2 writes summary.json (aggregate with kind, per-seed results) and README.md, prints progress, exit 0', () => {
    const out = mkdtempSync(join(tmpdir(), 'ibh-sweep-'));
    const r = spawnSync(
      process.execPath,
      ['--import', 'tsx', 'src/cli/main.ts', 'verify', '--seeds', '4..5', '--workers', '2', '--quick', '--no-probes', '--only', 'lemma-4.3', '--out', out],
      { encoding: 'utf8' },
    );
    expect(r.status, r.stderr + r.stdout).toBe(0);
    const s = JSON.parse(readFileSync(join(out, 'summary.json'), 'utf8')) as SweepSummary;
    expect(s.seeds).toEqual([4, 5]);
    expect(s.workers).toBe(2);
    expect(s.counts.claims).toBe(3);
    expect(s.counts.claimsPassingEverySeed).toBe(3);
    for (const c of s.claims) {
      expect(c.seedsPassed).toBe(2);
      expect(c.seedsTotal).toBe(2);
      expect(CLAIM_KINDS).toContain(c.kind);
    }
    expect(s.perSeed.map((p) => p.claims.length)).toEqual([3, 3]);
    expect(s.perSeed[1]!.claims.every((c) => c.seed === 5)).toBe(true);
    expect(r.stdout).toMatch(/seed 4: 3\/3 passed {2}\[\d\/2 seeds, [\d.]+ s\]/);
    expect(r.stdout).toMatch(/3\/3 claims passed on every seed/);
    expect(readFileSync(join(out, 'README.md'), 'utf8')).toMatch(/\| pass \| `fan2025\/lemma-4.3-i` \|.*\| exact-inequality \| 2\/2 \|/);
  });

  test('--seed with --seeds, an empty range, --workers 0 and an --only that selects nothing are usage errors (ArgumentError: exit 2)', async () => {
    for (const [args, msg] of [
      [['--seed', '1', '--seeds', '1..2'], /not both/],
      [['--seeds', '5..1'], /empty range/],
      [['--seeds', '1..2', '--workers', '0'], /--workers must be a positive integer/],
      [['--seeds', '1..2', '--only', 'no-such-claim'], /no claim id contains it/],
      [['--seed', '1', '--only', 'no-such-claim'], /no claim id contains it/],
    ] as const) {
      await expect(verifyCommand([...args]), args.join(' ')).rejects.toThrow(ArgumentError);
      await expect(verifyCommand([...args])).rejects.toThrow(msg);
    }
  });
});
