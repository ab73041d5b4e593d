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
