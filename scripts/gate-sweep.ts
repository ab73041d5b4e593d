/**
 * The gate's calibration sweep (issue #9): every correct candidate (reference optimizers through
 * the public contract, plain float64/float32 implementations) must be accepted on every seed, and
 * every planted fault rejected on every seed. Tiers 1–2 run per seed, tier 3 (a fixed set) once.
 * The user modules go through the module loader as `ibh gate` loads them: the examples and the zoo
 * of realistic implementations (fixtures/optimizers/zoo.json: correct ones, realistic bugs, the
 * textbook ε = 0 Adam), each against its expected verdict on every seed.
 *   npm run gate-sweep -- [--seeds 1..20] [--only TEXT] [--faults-only | --correct-only | --modules-only]
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { loadOptimizerModule } from '../src/gate/load.js';
import { parseArgs } from 'node:util';
import { gate, parseFamily, type GateReport } from '../src/index.js';
import { parseSeeds } from '../src/sweep/index.js';
import { CORRECT, FAULTS, type Candidate } from '../properties/gate/catalog.js';

const { values } = parseArgs({ options: { seeds: { type: 'string', default: '1..20' }, only: { type: 'string' }, 'faults-only': { type: 'boolean', default: false }, 'correct-only': { type: 'boolean', default: false }, 'modules-only': { type: 'boolean', default: false } } });
const seeds = parseSeeds(values.seeds!);
const pick = (cs: readonly Candidate[]): readonly Candidate[] => cs.filter((c) => !values.only || c.name.includes(values.only));
const started = performance.now();
let falseRejects = 0;
let missedFaults = 0;

function tally(r: GateReport): string {
  const by = new Map<string, { pass: number; fail: number; skipped: number }>();
  for (const c of r.checks) {
    const k = `t${c.tier} ${c.id}`;
    const e = by.get(k) ?? { pass: 0, fail: 0, skipped: 0 };
    e[c.status]++;
    by.set(k, e);
  }
  return [...by].map(([k, e]) => `${k} ${e.pass}/${e.pass + e.fail + e.skipped}${e.skipped ? ` (${e.skipped} skipped)` : ''}`).join('; ');
}

const only = (k: 'faults-only' | 'correct-only' | 'modules-only'): boolean => (['faults-only', 'correct-only', 'modules-only'] as const).every((x) => x === k || !values[x]);
let wrongModules = 0;

if (only('correct-only')) {
  for (const c of pick(CORRECT)) {
    const t0 = performance.now();
    const r = gate(c.factory, parseFamily(c.as, c.options ?? {}), { seeds });
    const bad = r.checks.filter((x) => x.status === 'fail');
    falseRejects += new Set(bad.map((x) => x.seed)).size;
    const h = r.horizon?.equivalence;
    process.stdout.write(`${r.verdict === 'accept' ? 'accept' : 'REJECT'} ${c.name} as ${r.family} on ${seeds.length} seeds (${((performance.now() - t0) / 1000).toFixed(1)} s): ${tally(r)}${h ? `; horizon: ${h.casesReached}/${h.cases} tier-1 cases, earliest step ${h.earliestStep}` : ''}${r.horizon?.bias.length ? `; tier 3 stopped at ${r.horizon.bias.map((b) => b.step).join(', ')}` : ''}\n`);
    for (const x of bad) process.stdout.write(`    FAIL seed ${x.seed} tier ${x.tier} ${x.id}: ${x.detail.slice(0, 400)}\n`);
  }
}
if (only('faults-only')) {
  for (const c of pick(FAULTS)) {
    const t0 = performance.now();
    const spec = parseFamily(c.as, c.options ?? {});
    // Tier 1 per seed and tier 3 once (a rejection on a seed needs one failing check).
    const r = gate(c.factory, spec, { seeds, tiers: spec.reference ? [1, 3] : [3] });
    const caught = seeds.filter((s) => r.checks.some((x) => x.status === 'fail' && (x.seed === s || x.seed === null)));
    missedFaults += seeds.length - caught.length;
    const first = r.checks.find((x) => x.status === 'fail');
    process.stdout.write(`${caught.length === seeds.length ? 'caught' : 'MISSED'} ${c.name} as ${r.family}: rejected on ${caught.length}/${seeds.length} seeds (${((performance.now() - t0) / 1000).toFixed(1)} s): ${tally(r)}\n    first: ${first ? `tier ${first.tier} ${first.id}: ${first.detail.slice(0, 300)}` : '—'}\n`);
  }
}
interface ModuleCase {
  readonly file: string;
  readonly family: string;
  readonly expected: 'accept' | 'reject';
  readonly what: string;
}
const zoo = JSON.parse(readFileSync('fixtures/optimizers/zoo.json', 'utf8')) as { optimizers: { file: string; family: string; expected: 'accept' | 'reject'; bug: string | null }[] };
const MODULES: readonly ModuleCase[] = [
  { file: 'examples/signgd.mjs', family: 'signgd', expected: 'accept', what: 'example' },
  { file: 'examples/adam.ts', family: 'adam', expected: 'accept', what: 'example' },
  { file: 'examples/tfjs-adam.mjs', family: 'adam-eps', expected: 'accept', what: 'example (TensorFlow.js through the adapter)' },
  { file: 'examples/buggy-signgd.mjs', family: 'signgd', expected: 'reject', what: 'example' },
  ...zoo.optimizers.map((z) => ({ file: join('fixtures/optimizers', z.file), family: z.family, expected: z.expected, what: z.bug ?? 'correct' })),
];
if (only('modules-only')) {
  for (const m of MODULES.filter((x) => !values.only || x.file.includes(values.only))) {
    const t0 = performance.now();
    const mod = await loadOptimizerModule(m.file);
    const r = gate(mod.factory, parseFamily(m.family, mod.options), { seeds });
    const rejectedOn = seeds.filter((s) => r.checks.some((x) => x.status === 'fail' && (x.seed === s || x.seed === null)));
    const wrong = m.expected === 'accept' ? rejectedOn.length : seeds.length - rejectedOn.length;
    wrongModules += wrong;
    const first = r.checks.find((x) => x.status === 'fail');
    process.stdout.write(`${wrong === 0 ? 'as expected' : 'WRONG'} ${m.file} as ${r.family} (expected ${m.expected}; ${m.what}): rejected on ${rejectedOn.length}/${seeds.length} seeds (${((performance.now() - t0) / 1000).toFixed(1)} s): ${tally(r)}${first ? `\n    first: tier ${first.tier} ${first.id}: ${first.detail.slice(0, 300)}` : ''}\n`);
  }
}
process.stdout.write(`\n${falseRejects} false rejections (candidate, seed), ${missedFaults} missed (fault, seed), ${wrongModules} wrong module verdicts (module, seed); ${seeds.length} seeds, ${((performance.now() - started) / 1000).toFixed(0)} s\n`);
process.exitCode = falseRejects + missedFaults + wrongModules > 0 ? 1 : 0;
