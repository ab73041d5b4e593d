/** The `ibh margin` command, run as a user runs it. */
import { spawnSync } from 'node:child_process';
import { describe, expect, test } from 'vitest';
import { loadDataset } from '../../src/data/io.js';
import { margin } from '../../src/margins/index.js';

const ibh = (...args: string[]) => spawnSync(process.execPath, ['--import', 'tsx', 'src/cli/main.ts', ...args], { encoding: 'utf8' });

describe('ibh margin', () => {
  test('--json prints norm, gamma, W, status, solver; γ equals the library value', () => {
    const r = ibh('margin', '--data', 'fixtures/small.json', '--norm', '2', '--json');
    expect(r.status).toBe(0);
    const out = JSON.parse(r.stdout) as { norm: string; gamma: number; W: number[][]; status: string; solver: string };
    expect(out.norm).toBe('2');
    expect(out.status).toBe('optimal');
    expect(out.solver).toMatch(/nnls/);
    expect(out.W).toHaveLength(3);
    expect(out.gamma).toBe(margin(loadDataset('fixtures/small.json'), 2).gamma);
  });

  test('human output names γ, status and solver (max-norm, CSV input)', () => {
    const r = ibh('margin', '--data', 'fixtures/small.csv', '--norm', 'max');
    expect(r.status).toBe(0);
    expect(r.stdout).toMatch(/gamma\s+0\.\d+/);
    expect(r.stdout).toMatch(/status\s+optimal/);
    expect(r.stdout).toMatch(/glpk-simplex\/constraint-generation/);
  });

  test('non-separable data: exit code 2 and "not linearly separable"', () => {
    const r = ibh('margin', '--data', 'fixtures/not-separable.json', '--norm', '1');
    expect(r.status).toBe(2);
    expect(r.stderr).toMatch(/not linearly separable/);
  });

  test('malformed input and bad arguments: exit code 2 with a clear message', () => {
    const missing = ibh('margin', '--data', 'fixtures/does-not-exist.json');
    expect(missing.status).toBe(2);
    expect(missing.stderr).toMatch(/cannot read data file/);
    const norm = ibh('margin', '--data', 'fixtures/small.json', '--norm', '1.5');
    expect(norm.status).toBe(2);
    expect(norm.stderr).toMatch(/unknown norm "1.5"/);
    const noData = ibh('margin');
    expect(noData.status).toBe(2);
    expect(noData.stderr).toMatch(/missing --data/);
  });
});

describe('ibh margin --out', () => {
  test('writes the JSON report to the named file', async () => {
    const { mkdtempSync, readFileSync } = await import('node:fs');
    const { join } = await import('node:path');
    const { tmpdir } = await import('node:os');
    const out = join(mkdtempSync(join(tmpdir(), 'ibh-cli-')), 'sub', 'margin.json');
    const r = ibh('margin', '--data', 'fixtures/small.json', '--norm', '1', '--out', out);
    expect(r.status).toBe(0);
    const rep = JSON.parse(readFileSync(out, 'utf8')) as { norm: string; gamma: number; data: { n: number } };
    expect(rep.norm).toBe('1');
    expect(rep.gamma).toBe(margin(loadDataset('fixtures/small.json'), 1).gamma);
    expect(rep.data.n).toBe(15);
  });
});
