/**
 * The gate on the worker pool (src/gate/pool.ts): the same report as `gate` in one process (but
 * durations), an accepted and a rejected optimizer alike, and a worker that dies fails its unit.
 */
import { describe, expect, test } from 'vitest';
import { parseFamily } from '../../src/gate/families.js';
import { gate, type GateReport } from '../../src/gate/gate.js';
import { loadOptimizerModule } from '../../src/gate/load.js';
import { gateOnPool } from '../../src/gate/pool.js';

const strip = (r: GateReport): unknown => ({ ...r, checks: r.checks.map((c) => ({ ...c, durationMs: 0 })) });

describe('gateOnPool', () => {
  test.each([
    ['examples/signgd.mjs', 'accept'],
    ['examples/buggy-signgd.mjs', 'reject'],
  ] as const)('%s on 2 workers: the report of gate() in this process (%s)', async (file, verdict) => {
    const mod = await loadOptimizerModule(file);
    const o = { seeds: [1, 2, 3], cases: 20, tiers: [1] as const, command: `ibh gate --optimizer ${file} --as signgd` };
    const here = gate(mod.factory, parseFamily('signgd', mod.options), o);
    const seen: string[] = [];
    const pooled = await gateOnPool(mod, 'signgd', {}, { ...o, workers: 2, onCheck: (c) => seen.push(`${c.tier} ${c.id} ${c.seed}`) });
    expect(here.verdict).toBe(verdict);
    expect(strip(pooled)).toEqual(strip(here));
    expect(seen.sort()).toEqual(here.checks.map((c) => `${c.tier} ${c.id} ${c.seed}`).sort());
  }, 120_000);

  test('an optimizer that ends its worker: each check fails with the reason, the gate rejects, nothing hangs', async () => {
    const mod = await loadOptimizerModule('properties/gate/modules/exits-in-worker.mjs');
    for (const runtime of ['worker_threads', 'child_process'] as const) {
      const r = await gateOnPool(mod, 'signgd', {}, { seeds: [1, 2], cases: 5, tiers: [1], workers: 2, runtime });
      expect(r.verdict, runtime).toBe('reject');
      expect(r.checks.map((c) => `${c.id} ${c.seed} ${c.status}`)).toEqual(['reference-equivalence 1 fail', 'reference-equivalence 2 fail']);
      // A child process that exits fails its unit; in a thread process.exit throws, and the check catches it.
      for (const c of r.checks.slice(0, 2)) expect(c.detail, runtime).toMatch(runtime === 'child_process' ? /exits-in-worker\.mjs: worker process failed while running this task/ : /process\.exit\(9\) called in a pool worker thread/);
    }
  }, 120_000);
});
