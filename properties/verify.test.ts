/** `ibh verify`: the registry run outside vitest, its summary.json and exit code. */
import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, test } from 'vitest';
import { lemma42 } from '../src/claims/fan2025/appendixA.js';
import { verify, type VerifySummary } from '../src/claims/verify.js';

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
      sections: [{ id: 'planted', title: 'planted fault', claims: [lemma42({ constant: 3.9 }) as never] }],
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
});
