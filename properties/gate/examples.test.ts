import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { harnessSeed } from '../../src/config/seed.js';

/** The suite seed (IBH_SEED): the examples are gated on it, as every property runs on it. */
const SEED = String(harnessSeed());

/**
 * The examples and bad modules through the CLI, as a user runs them: `node dist/src/cli/main.js`
 * (the package's `ibh` bin), with the examples importing 'implicit-bias-harness' (the package's
 * self-reference, which resolves to dist/; properties/globalBuild.ts rebuilds it when stale).
 */
const root = new URL('../../', import.meta.url).pathname;
const cli = join(root, 'dist/src/cli/main.js');

function ibh(...args: string[]): { code: number; stdout: string; stderr: string } {
  const r = spawnSync(process.execPath, [cli, ...args], { cwd: root, encoding: 'utf8', timeout: 300_000 });
  return { code: r.status ?? -1, stdout: r.stdout, stderr: r.stderr };
}

describe('ibh gate: the examples', () => {
  it('accepts examples/signgd.mjs, prints the JSON report and writes JUnit XML', () => {
    const junit = join(mkdtempSync(join(tmpdir(), 'ibh-gate-')), 'gate.xml');
    const r = ibh('gate', '--optimizer', 'examples/signgd.mjs', '--as', 'signgd', '--seed', SEED, '--json', '--junit', junit);
    expect(r.code, r.stderr + r.stdout).toBe(0);
    const report = JSON.parse(r.stdout) as Record<string, unknown>;
    expect(Object.keys(report)).toEqual(['verdict', 'family', 'horizon', 'checks']);
    expect(report.verdict).toBe('accept');
    const xml = readFileSync(junit, 'utf8');
    expect(xml).toMatch(/^<\?xml version="1.0" encoding="UTF-8"\?>\n<testsuites name="ibh gate" tests="\d+" failures="0"/);
  });
  it('accepts examples/adam.ts (loaded with tsx) with its moments accessor used', () => {
    const r = ibh('gate', '--optimizer', 'examples/adam.ts', '--as', 'adam', '--seed', SEED, '--json');
    expect(r.code, r.stderr + r.stdout).toBe(0);
    const report = JSON.parse(r.stdout) as { verdict: string; checks: { id: string; status: string }[] };
    expect(report.checks.find((c) => c.id === 'fan2025/traj-adam-moments')!.status).toBe('pass');
  });
  it('rejects examples/buggy-signgd.mjs with the step, the entry and a replay line', () => {
    const r = ibh('gate', '--optimizer', 'examples/buggy-signgd.mjs', '--as', 'signgd', '--seed', SEED);
    expect(r.code, r.stderr).toBe(1);
    expect(r.stdout).toMatch(/^REJECT/);
    expect(r.stdout).toMatch(new RegExp(`FAIL tier 1 reference-equivalence \\(seed ${SEED}\\): step \\d+, entry \\(\\d+, \\d+\\).*gradient there exactly 0`));
    expect(r.stdout).toContain(`replay: ibh gate --optimizer examples/buggy-signgd.mjs --as signgd --seed ${SEED}`);
  });
});

describe('ibh gate: bad modules and arguments', () => {
  const one: [string, string, RegExp][] = [
    ['missing', 'properties/gate/modules/missing.mjs', /no such file/],
    ['no default export', 'properties/gate/modules/no-default.mjs', /has no default export/],
    ['default export not a function', 'properties/gate/modules/not-a-function.mjs', /not a factory function/],
    ['factory throws', 'properties/gate/modules/factory-throws.mjs', /threw when called with a schedule/],
    ['not an optimizer', 'properties/gate/modules/not-an-optimizer.mjs', /not an optimizer: missing update/],
    ['import error', 'properties/gate/modules/import-error.mjs', /cannot import it/],
    ['wrong extension', 'README.md', /must be a \.js, \.mjs or \.ts file/],
  ];
  for (const [what, file, re] of one) {
    it(`${what}: exit 2 with one line`, () => {
      const r = ibh('gate', '--optimizer', file, '--as', 'signgd');
      expect(r.code).toBe(2);
      expect(r.stderr.trimEnd().split('\n')).toHaveLength(1);
      expect(r.stderr).toMatch(re);
      expect(r.stdout).toBe('');
    });
  }
  it('NaN updates: rejected (exit 1) with the step and entry', () => {
    const r = ibh('gate', '--optimizer', 'properties/gate/modules/nan-updates.mjs', '--as', 'signgd', '--seed', SEED, '--json');
    expect(r.code).toBe(1);
    const report = JSON.parse(r.stdout) as { verdict: string; checks: { tier: number; status: string; detail: string }[] };
    expect(report.verdict).toBe('reject');
    expect(report.checks.find((c) => c.tier === 1)!.detail).toMatch(/step 3: non-finite update NaN at entry \(\d+, \d+\)/);
  });
  it('checks the JUnit path before running', () => {
    const r = ibh('gate', '--optimizer', 'examples/signgd.mjs', '--as', 'signgd', '--junit', '/proc/x/g.xml');
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(/--junit: cannot create directory \/proc\/x/);
    expect(r.stdout).toBe('');
  });
  it('prints its help', () => {
    const r = ibh('gate', '--help');
    expect(r.code).toBe(0);
    expect(r.stdout).toMatch(/usage: ibh gate --optimizer FILE --as FAMILY/);
  });
});
