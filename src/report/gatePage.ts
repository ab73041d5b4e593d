import type { GateCheck, GateReport } from '../gate/gate.js';
import type { Cell, ReportPage, Section } from './page.js';

/** The page `ibh gate` writes into the report directory. */
export const GATE_PAGE_FILE = 'gate.html';

const STATUS_TEXT: Record<GateCheck['status'], string> = { pass: 'pass', fail: 'FAIL', skipped: 'skipped' };
const TIER_TEXT: Record<GateCheck['tier'], string> = { 1: 'tier 1: reference equivalence', 2: "tier 2: the theorems' checks", 3: 'tier 3: the implicit bias' };

function horizonText(r: GateReport): string {
  const h = r.horizon;
  if (!h) return 'Precision horizon: not reached.';
  const e = h.equivalence;
  return (
    `Precision horizon (${h.precision}): ${e.casesReached}/${e.cases} tier-1 cases reached it` +
    (e.earliestStep !== null ? `, earliest at step ${e.earliestStep} (${e.reason ?? ''})` : '') +
    (h.bias.length ? `; tier 3 stopped at ${h.bias.map((x) => `t = ${x.step} (problem ${x.problem})`).join(', ')}` : '') +
    '.'
  );
}

/** One check of the gate, with the case that fails it and its replay line. */
function failingSection(c: GateCheck, i: number): Section {
  return {
    heading: `FAIL tier ${c.tier} ${c.id}${c.seed === null ? '' : ` (seed ${c.seed})`}`,
    id: `failing-${i}`,
    text: [c.detail],
    code: [...(c.replay ? [c.replay] : []), ...(c.path !== undefined && c.seed !== null ? [`fast-check { seed: ${c.seed}, path: "${c.path}" }`] : [])],
  };
}

/**
 * The gate's report page: the verdict, every check of every tier with its status (filterable
 * by tier and status), then each failing check with its case and the line that replays it.
 */
export function gatePage(r: GateReport, o: { readonly optimizer: string; readonly command: string }): ReportPage {
  const failing = r.checks.filter((c) => c.status === 'fail');
  const rows = r.checks.map((c): Cell[] => [
    TIER_TEXT[c.tier],
    c.id,
    STATUS_TEXT[c.status],
    c.seed === null ? '—' : String(c.seed),
    c.detail,
    (c.durationMs / 1000).toFixed(2),
  ]);
  return {
    file: GATE_PAGE_FILE,
    title: `ibh gate: ${o.optimizer} as ${r.family}`,
    provenance: [o.command],
    sections: [
      {
        heading: `Verdict: ${r.verdict === 'accept' ? 'ACCEPT' : 'REJECT'}`,
        text: [
          r.verdict === 'accept'
            ? `${o.optimizer} passed every check it was given as ${r.family} (a skipped check is listed, never counted as a pass).`
            : `${o.optimizer} is rejected as ${r.family}: ${failing.length} check${failing.length === 1 ? '' : 's'} failed; each is shown below with the line that replays it.`,
          horizonText(r),
        ],
        table: { id: 'checks', columns: ['tier', 'check', 'status', 'seed', 'detail', 'time (s)'], filters: ['tier', 'status'], rows },
      },
      ...failing.map(failingSection),
    ],
  };
}
