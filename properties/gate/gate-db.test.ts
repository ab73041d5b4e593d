/**
 * The gate's counterexamples in the failure database (issue #10, src/gate/failureDb.ts): a
 * tier-1 or tier-2 failure is saved as readable JSON with the optimizer module and family, is
 * replayed first the next time the gate runs on that module, and `--no-db` turns it off.
 */
import { spawnSync } from 'node:child_process';
import { mkdtempSync, readdirSync, readFileSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import type { CounterexampleEntry } from '../../src/claims/failureDb.js';
import { parseFamily } from '../../src/gate/families.js';
import { EQUIVALENCE_ID, gateCaseDir } from '../../src/gate/failureDb.js';
import { gate } from '../../src/gate/gate.js';
import { loadOptimizerModule } from '../../src/gate/load.js';
import { uphill } from '../faults.js';

const tempDb = (): string => mkdtempSync(join(tmpdir(), 'ibh-gatedb-'));
const files = (dir: string): string[] =>
  readdirSync(dir, { recursive: true, encoding: 'utf8' })
    .filter((f) => statSync(join(dir, f)).isFile())
    .sort();
const read = (file: string): CounterexampleEntry => JSON.parse(readFileSync(file, 'utf8')) as CounterexampleEntry;

describe('gate failures in the failure database', () => {
  it('saves a tier-1 counterexample with module, family, seed, path and input, and replays it first next time', async () => {
    const dir = tempDb();
    const module = 'examples/buggy-signgd.mjs';
    const { factory } = await loadOptimizerModule(module);
    const spec = parseFamily('signgd');
    const first = gate(factory, spec, { seed: 3, tiers: [1], cases: 50, db: { dir, module } });
    expect(first.verdict).toBe('reject');
    const failed = first.checks.find((c) => c.status === 'fail')!;
    expect(failed.path).toBeDefined();
    const saved = files(dir);
    expect(saved).toHaveLength(1);
    expect(saved[0]).toMatch(/^gate\/examples_buggy-signgd\.mjs\/signgd\/gate__reference-equivalence\/seed-3_path-[0-9a-f]{10}\.json$/);
    const e = read(join(dir, saved[0]!));
    expect(e).toMatchObject({ claim: EQUIVALENCE_ID, seed: 3, path: failed.path, foundBy: 'gate', optimizer: { module, family: spec.label } });
    expect(e.input).toMatch(/problemFromRecipe/);
    expect(e.failure).toMatch(/gradient there exactly 0/);
    expect(gateCaseDir({ dir, module }, spec.label)).toBe(join(dir, 'gate', 'examples_buggy-signgd.mjs', 'signgd'));
    // Next time (another seed): the saved case is the result, replayed first, at its own seed and path.
    const second = gate(factory, spec, { seed: 11, tiers: [1], cases: 50, db: { dir, module } });
    const known = second.checks.filter((c) => c.id === 'reference-equivalence');
    expect(known).toHaveLength(1);
    expect(known[0]).toMatchObject({ status: 'fail', seed: 3, path: failed.path });
    expect(known[0]!.detail).toMatch(/known counterexample from .*seed-3_path-.*, replayed first/);
    expect(files(dir)).toEqual(saved);
    // Without the database, the gate draws its own cases at its seed.
    const off = gate(factory, spec, { seed: 11, tiers: [1], cases: 50 });
    expect(off.checks.find((c) => c.id === 'reference-equivalence')!.seed).toBe(11);
  });

  it('saves a tier-2 claim failure (certified, with both sides) and replays it first', () => {
    const dir = tempDb();
    const module = 'properties/faults.ts#uphill';
    const spec = parseFamily('signgd');
    const factory = uphill(Infinity);
    const r = gate(factory, spec, { seed: 5, tiers: [2], db: { dir, module } });
    expect(r.verdict).toBe('reject');
    const saved = files(dir);
    expect(saved.length).toBeGreaterThan(0);
    const e = read(join(dir, saved.find((f) => f.includes('traj-eq-8-pinf'))!));
    expect(e).toMatchObject({ claim: 'fan2025/traj-eq-8-pinf', foundBy: 'gate', certification: 'certified', optimizer: { family: spec.label } });
    expect(e.optimizer!.module).toBe(module);
    expect(e.outcomes.some((o) => !o.ok && o.exact !== undefined)).toBe(true);
    expect(e.replay).toMatch(/seed 5|seed: 5/);
    const again = gate(factory, spec, { seed: 6, tiers: [2], db: { dir, module } });
    const c = again.checks.find((x) => x.id === 'fan2025/traj-eq-8-pinf')!;
    expect(c.status).toBe('fail');
    expect(c.detail).toMatch(/known counterexample from .*, replayed first/);
  });

  it('ibh gate saves into IBH_DB_DIR, and --no-db neither saves nor replays', () => {
    const run = (dir: string, ...extra: string[]) =>
      spawnSync(process.execPath, ['--import', 'tsx', 'src/cli/main.ts', 'gate', '--optimizer', 'examples/buggy-signgd.mjs', '--as', 'signgd', '--seed', '3', '--cases', '30', ...extra], {
        encoding: 'utf8',
        timeout: 120_000,
        env: { ...process.env, IBH_DB_DIR: dir },
      });
    const off = tempDb();
    expect(run(off, '--no-db').status).toBe(1);
    expect(files(off)).toEqual([]);
    const on = tempDb();
    const r = run(on);
    expect(r.status, r.stderr).toBe(1);
    expect(files(on).some((f) => f.startsWith('gate/examples_buggy-signgd.mjs/signgd/'))).toBe(true);
    expect(r.stdout).toMatch(/saved to /);
  });
});
