import { parseFamily } from '../src/gate/families.js';
import { gate, formatGateReport } from '../src/gate/gate.js';
import { plainGD, plainNSD, plainAdam, plainSignum } from '../properties/gate/plain.js';
const fams: Record<string, any> = { gd: plainGD(), ngd: plainNSD(2), signgd: plainNSD(Infinity), cd: plainNSD(1), 'nsd:3': plainNSD(3), adam: plainAdam(), 'adam-eps': plainAdam({ eps: 1e-8 }), signum: plainSignum() };
const which = process.argv.slice(2);
for (const f of which) {
  const t0 = performance.now();
  const r = gate(fams[f], parseFamily(f, f === 'adam-eps' ? { eps: 1e-8 } : {}), { seed: 1, onCheck: (c) => console.error(`  ${f} tier ${c.tier} ${c.id} ${c.status} ${(c.durationMs/1000).toFixed(1)}s`) });
  console.log(formatGateReport(r, f).slice(0, 3000), `\n${((performance.now() - t0) / 1000).toFixed(1)} s`);
}
