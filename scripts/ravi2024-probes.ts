/**
 * Runs the probes of Ravi et al. (2024) at full length and writes reports/ravi2024/probes.json
 * and the page probes.html in the report directory: the step-size probe of Thm 3.4, the App. H
 * conjecture on random and adversarial datasets, Assumption 4.1 dropped (margin-tie datasets,
 * the log log t / log t rate recorded as data), open questions 2 (non-ET loss) and 3
 * (momentum), and the long version of the Theorem 3.4 claims (10⁶ GD steps) in
 * reports/ravi2024/theorem-3.4.json.
 *
 *   npm run probes -- [--runs 300] [--steps 300000] [--seed S] [--thm-steps 1000000] [--report DIR] [--from-json]
 *
 * --from-json skips the runs and rebuilds the page from probes.json and theorem-3.4.json.
 */
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { appendixHProbe, assumption41Probe, openQuestionProbes, stepSizeProbe, type Finding } from '../src/probes/ravi2024.js';
import { theorem34 } from '../src/claims/ravi2024/theorem34.js';
import { runClaim } from '../src/claims/runner.js';
import { probesPage, type ProbesRecord, type TheoremRun } from '../src/figures/probesPage.js';
import { DEFAULT_REPORT_DIR } from '../src/report/page.js';
import { writePage } from '../src/report/html.js';
import { flag, outDir, parseSeed, positiveInteger, scriptArgs, value } from '../src/cli/args.js';

const values = scriptArgs({
  name: 'probes',
  invocation: 'npm run probes --',
  summary: 'the probes of Ravi et al. (2024) at full length, to reports/ravi2024/ and the page probes.html',
  options: {
    runs: value({ placeholder: 'N', parse: positiveInteger, default: 300, help: 'fast-check runs of the App. H probe' }),
    steps: value({ placeholder: 'T', parse: positiveInteger, default: 300_000, help: 'steps of the open-question probes' }),
    seed: value({ placeholder: 'S', parse: parseSeed, default: 20251122, help: 'fast-check seed' }),
    'thm-steps': value({ placeholder: 'T', parse: positiveInteger, default: 1_000_000, help: 'steps of the Theorem 3.4 runs and the Assumption 4.1 traces' }),
    report: outDir({ default: DEFAULT_REPORT_DIR, files: ['probes.html'], help: 'report directory the page probes.html is written to' }),
    'from-json': flag('rebuild the page from probes.json and theorem-3.4.json without running'),
  },
  examples: [
    { cmd: 'npm run probes -- --runs 30 --steps 30000 --thm-steps 100000', what: 'a shorter pass' },
    { cmd: 'npm run probes -- --from-json', what: 'the page from the committed records' },
  ],
});
const PROBES_JSON = 'reports/ravi2024/probes.json';
const THEOREM_JSON = 'reports/ravi2024/theorem-3.4.json';

let record: ProbesRecord;
let theorem: TheoremRun[] = [];
if (values['from-json']) {
  record = JSON.parse(readFileSync(PROBES_JSON, 'utf8')) as ProbesRecord;
  if (existsSync(THEOREM_JSON)) theorem = JSON.parse(readFileSync(THEOREM_JSON, 'utf8')) as TheoremRun[];
} else {
  const seed = values.seed;
  const started = performance.now();
  const findings: Finding[] = [
    ...appendixHProbe({ numRuns: values.runs, seed }),
    ...stepSizeProbe({ numRuns: 12, seed }),
    ...assumption41Probe({ numRuns: 12, seed, traceSteps: values['thm-steps'], datasets: 4 }),
    ...openQuestionProbes({ steps: values.steps, datasets: 5 }),
  ];
  mkdirSync('reports/ravi2024', { recursive: true });
  record = { seed, seconds: (performance.now() - started) / 1000, findings };
  writeFileSync(PROBES_JSON, JSON.stringify(record, null, 2) + '\n');
  for (const f of findings) process.stdout.write(`${f.id}: ${f.summary}\n`);

  // The long version of the Theorem 3.4 claims.
  const thm = (['ce', 'pll', 'exp'] as const).map((loss) => runClaim(theorem34(loss, { steps: values['thm-steps'] }), { seed, numRuns: 3 }));
  writeFileSync(THEOREM_JSON, JSON.stringify(thm, null, 2) + '\n');
  for (const r of thm) process.stdout.write(`${r.id} at ${values['thm-steps']} steps: ${r.status} (${r.runs} runs)${r.failure ? `: ${r.failure.message}` : ''}\n`);
  theorem = thm;
}
const file = await writePage(values.report, probesPage(record, theorem, [`npm run probes -- ${process.argv.slice(2).join(' ')}`.trim(), `records: ${PROBES_JSON}, ${THEOREM_JSON}`, `written ${new Date().toISOString().slice(0, 10)}`]));
process.stdout.write(`page: ${file}\n`);
