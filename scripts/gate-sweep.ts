/**
 * The gate's calibration sweep (issue #9): every correct candidate (reference optimizers through
 * the public contract, plain float64/float32 implementations) must be accepted on every seed, and
 * every planted fault rejected on every seed. Tiers 1–2 run per seed, tier 3 (a fixed set) once.
 *   npm run gate-sweep -- [--seeds 1..20] [--only TEXT] [--faults-only | --correct-only]
 */
import { parseArgs } from 'node:util';
import { gate, parseFamily, type GateReport } from '../src/index.js';
import { parseSeeds } from '../src/sweep/index.js';
import { CORRECT, FAULTS, type Candidate } from '../properties/gate/catalog.js';

const { values } = parseArgs({ options: { seeds: { type: 'string', default: '1..20' }, only: { type: 'string' }, 'faults-only': { type: 'boolean', default: false }, 'correct-only': { type: 'boolean', default: false } } });
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

if (!values['faults-only']) {
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
if (!values['correct-only']) {
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
process.stdout.write(`\n${falseRejects} false rejections (candidate, seed), ${missedFaults} missed (fault, seed); ${seeds.length} seeds, ${((performance.now() - started) / 1000).toFixed(0)} s\n`);
process.exitCode = falseRejects + missedFaults > 0 ? 1 : 0;
