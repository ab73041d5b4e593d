import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { harnessSeed } from '../../src/config/seed.js';
import { parseFamily } from '../../src/gate/families.js';
import { gate } from '../../src/gate/gate.js';
import { loadOptimizerModule } from '../../src/gate/load.js';

/**
 * The zoo of realistic user implementations (fixtures/optimizers/zoo.json) through the module
 * loader and the gate, on the suite seed: each correct one passes reference equivalence, each
 * bug is rejected by the tier its manifest names (the first one listed). `npm run gate-sweep --
 * --modules-only --seeds 1..20` runs every module through all three tiers on 20 seeds.
 */
interface ZooEntry {
  readonly file: string;
  readonly family: string;
  readonly expected: 'accept' | 'reject';
  readonly bug: string | null;
  readonly tiers: readonly ('equivalence' | 'theorem checks' | 'bias')[];
}
const zoo = (JSON.parse(readFileSync(new URL('../../fixtures/optimizers/zoo.json', import.meta.url), 'utf8')) as { optimizers: ZooEntry[] }).optimizers;
const TIER = { equivalence: 1, 'theorem checks': 2, bias: 3 } as const;
const SEED = harnessSeed();

describe('the zoo of user implementations through ibh gate (suite seed)', () => {
  it('has correct implementations of every named family and at least 20 realistic bugs', () => {
    const families = new Set(zoo.filter((z) => z.expected === 'accept').map((z) => z.family.split(':')[0]));
    for (const f of ['gd', 'ngd', 'signgd', 'cd', 'nsd', 'adam', 'adam-eps', 'signum']) expect(families.has(f), f).toBe(true);
    expect(zoo.filter((z) => z.expected === 'reject').length).toBeGreaterThanOrEqual(20);
  });
  it.each(zoo.map((z) => [z.file, z] as const))('%s', async (file, z) => {
    const mod = await loadOptimizerModule(`fixtures/optimizers/${file}`);
    const spec = parseFamily(z.family, mod.options);
    const tier = z.expected === 'accept' ? 1 : TIER[z.tiers[0]!];
    const r = gate(mod.factory, spec, { seed: SEED, cases: 100, tiers: [tier] });
    const fail = r.checks.find((c) => c.status === 'fail');
    expect(r.verdict, `${file} (${z.bug ?? 'correct'}), tier ${tier}: ${fail?.detail ?? r.checks.map((c) => c.detail).join('; ')}`).toBe(z.expected);
    if (z.expected === 'accept') expect(r.checks.filter((c) => c.status === 'pass').length).toBeGreaterThan(0);
    else expect(fail!.replay).toContain(`seed: ${SEED}`);
  });
});
