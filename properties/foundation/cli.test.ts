/** The `ibh margin` command, run as a user runs it. */
import { spawnSync } from 'node:child_process';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, test } from 'vitest';
import { loadDataset } from '../../src/data/io.js';
import { entrywiseNorm } from '../../src/linalg/norms.js';
import { fromRows } from '../../src/linalg/matrix.js';
import { margin, MARGIN_TOLERANCE } from '../../src/margins/index.js';

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

describe('ibh margin: scale-free, right or refused (issue #8), exit codes 0 / 2 / 3 as in README', () => {
  const dir = mkdtempSync(join(tmpdir(), 'ibh-scale-'));
  /** X₀ of issue #8 (2-D, 3 classes), scaled by s, with x_00 replaced when given. */
  const X0 = [[1, 0.2], [0.8, -0.3], [1.2, 0.1], [-0.5, 1], [-0.3, 0.9], [-0.6, 1.3], [-0.4, -1], [-0.7, -0.8], [-0.2, -1.2]];
  const y = [0, 0, 0, 1, 1, 1, 2, 2, 2];
  function dataFile(name: string, s: number, x00?: number): string {
    const X = X0.map((r) => r.map((v) => v * s));
    if (x00 !== undefined) X[0]![0] = x00;
    const f = join(dir, `${name}.json`);
    writeFileSync(f, JSON.stringify({ X, y }));
    return f;
  }
  const base = (norm: string): number => margin(loadDataset(dataFile('base', 1)), norm === 'max' ? Infinity : Number(norm)).gamma;

  // The failures reported in issue #8, each once: γ was wrong with exit 0, or GLPK was unbounded.
  test.each([
    ['2', 1e10],
    ['max', 1e10],
    ['max', 1e-8],
    ['1', 1e-8],
    ['2', 1e-6],
    ['1', 1e100],
  ])('--norm %s at s = %s: exit 0, γ = s·γ(X₀) to the certificate tolerance, --json parseable', (norm, s) => {
    const r = ibh('margin', '--data', dataFile(`s${s}`, s), '--norm', norm, '--json');
    expect(r.status, r.stderr).toBe(0);
    const out = JSON.parse(r.stdout) as { gamma: number; status: string; certificate: { relGap: number; tolerance: number } };
    expect(out.status).toBe('optimal');
    expect(out.certificate.tolerance).toBe(MARGIN_TOLERANCE);
    expect(out.certificate.relGap).toBeLessThanOrEqual(MARGIN_TOLERANCE);
    expect(Math.abs(out.gamma / (s * base(norm)) - 1)).toBeLessThanOrEqual(2 * MARGIN_TOLERANCE + 1e-14);
  });

  test('an entry of 1e308: --norm 2 is certified (not "not linearly separable"), --json stays parseable', () => {
    const r = ibh('margin', '--data', dataFile('big', 1, 1e308), '--norm', '2', '--json');
    expect(r.status, r.stderr).toBe(0);
    const out = JSON.parse(r.stdout) as { gamma: number; certificate: { relGap: number } };
    expect(out.certificate.relGap).toBeLessThanOrEqual(MARGIN_TOLERANCE);
    expect(out.gamma).toBeGreaterThan(0.5);
  });

  test('--norm 3 prints a W whose 3-norm is 1', () => {
    const r = ibh('margin', '--data', 'fixtures/small.json', '--norm', '3', '--json');
    expect(r.status, r.stderr).toBe(0);
    const out = JSON.parse(r.stdout) as { W: number[][] };
    expect(Math.abs(entrywiseNorm(fromRows(out.W), 3) - 1)).toBeLessThanOrEqual(1e-12);
  });

  test('a spent time budget is a solver failure: exit 3 with the reason on stderr, nothing on stdout', () => {
    const r = ibh('margin', '--data', 'fixtures/small.json', '--norm', '1', '--json', '--time-limit', '1e-9');
    expect(r.status).toBe(3);
    expect(r.stdout).toBe('');
    expect(r.stderr).toMatch(/γ_1 LP: time limit of 1e-9 s reached/);
  });

  test('a bad --time-limit is bad input: exit 2', () => {
    const r = ibh('margin', '--data', 'fixtures/small.json', '--time-limit', '0');
    expect(r.status).toBe(2);
    expect(r.stderr).toMatch(/--time-limit must be a positive number of seconds/);
  });
});
