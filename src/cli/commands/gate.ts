import { writeFileSync } from 'node:fs';
import type { FamilyOptions } from '../../gate/families.js';
import { formatGateReport } from '../../gate/gate.js';
import { gateOnPool } from '../../gate/pool.js';
import { defaultWorkers, POOL_RUNTIMES } from '../../pool/pool.js';
import { junitXml } from '../../gate/junit.js';
import { loadOptimizerModule } from '../../gate/load.js';
import { dbDir } from '../../claims/failureDb.js';
import { parseSeeds } from '../../sweep/index.js';
import { gatePage, GATE_PAGE_FILE } from '../../report/gatePage.js';
import { writePage } from '../../report/html.js';
import { DEFAULT_REPORT_DIR } from '../../report/page.js';
import { defineCommand, flag, nonEmpty, oneOf, outDir, outFile, parseSeed, positiveInteger, value } from '../args.js';

/** A finite number (the family's own checks then say which range it must lie in). */
const finite = (raw: string): number => {
  const x = Number(raw);
  if (raw.trim() === '' || !Number.isFinite(x)) throw new Error('must be a number');
  return x;
};

const ABOUT = `FILE (.js, .mjs or .ts) default-exports a factory (schedule) => optimizer { name, init(params),
update(grad, state, params, t) => { updates, state }, moments?(state), precision?: 'float64' | 'float32' |
'log-domain' }; the gradient arrives as grad.sign / grad.logAbs per entry (plainGradient(grad) gives
float64 values). FAMILY is what it claims to be:
  gd | ngd | signgd | cd | nsd:P       NSD in the entrywise P-norm (signgd = nsd:max, ngd = nsd:2, cd = nsd:1)
  adam                                 ε = 0 as in Fan et al. 2025 (--beta1 --beta2, default 0.9, 0.99; --bias-correction)
  adam-eps                             ε > 0 (--eps, default 1e-8; --beta1 --beta2; --bias-correction)
  signum                               (--beta, default 0.9)
  custom --expect max|2|1|P            only claimed to have that implicit bias
The module may also export \`gate\` = { beta1, beta2, eps, biasCorrection, beta, expect } (flags override it).`;

const TIERS = `Tiers, reported separately: 1 reference equivalence (teacher-forced: the same gradients, params and t fed to
the reference and to FILE, updates compared within a rounding tolerance for its precision, up to its precision
horizon); 2 the theorems' checks for the family (the registry's claims built with FILE); 3 the implicit bias
(normalized margin gaps on a fixed problem set where the max-margin solutions of different norms differ).`;

export const gateCommand = defineCommand(
  {
    name: 'gate',
    summary: 'gate an optimizer implementation on what it claims to be: reference equivalence, the theorems\' checks, the implicit bias',
    options: {
      optimizer: value({ placeholder: 'FILE', parse: nonEmpty, required: true, help: 'the module whose default export is the optimizer factory' }),
      as: value({ placeholder: 'FAMILY', parse: nonEmpty, required: true, help: 'gd, ngd, signgd, cd, nsd:P, adam, adam-eps, signum or custom (with --expect)' }),
      seed: value({ placeholder: 'S', parse: parseSeed, help: 'fast-check seed of the generated cases', defaultText: 'IBH_SEED, else 20251122' }),
      seeds: value({ placeholder: 'A..B|a,b,c', parse: parseSeeds, help: 'gate on every seed of a range or list' }),
      json: flag('print {"verdict", "family", "horizon", "checks"} as one JSON line instead of the report'),
      out: outDir({ default: DEFAULT_REPORT_DIR, files: [GATE_PAGE_FILE], help: `directory of the report page ${GATE_PAGE_FILE} (verdict, every check, the failing case with its replay line; linked from the verify report's index.html there)` }),
      junit: outFile({ placeholder: 'FILE', help: 'also write JUnit XML to FILE (checked before anything runs)' }),
      workers: value({ placeholder: 'N', parse: positiveInteger, help: 'pool workers for the independent tiers and seeds (1: in this process)', defaultText: 'every core' }),
      pool: value({ placeholder: POOL_RUNTIMES.join('|'), parse: oneOf(POOL_RUNTIMES), help: 'run the workers as threads or as child processes', defaultText: 'worker_threads' }),
      cases: value({ placeholder: 'N', parse: positiveInteger, help: 'generated tier-1 cases per seed', defaultText: '200' }),
      beta1: value({ placeholder: 'B1', parse: finite, help: "adam, adam-eps: β₁" }),
      beta2: value({ placeholder: 'B2', parse: finite, help: 'adam, adam-eps: β₂' }),
      eps: value({ placeholder: 'E', parse: finite, help: 'adam-eps: ε > 0' }),
      'bias-correction': flag('adam, adam-eps: m and v divided by 1 − β^{t+1}'),
      beta: value({ placeholder: 'B', parse: finite, help: "signum: the momentum's β" }),
      expect: value({ placeholder: 'max|2|1|P', parse: nonEmpty, help: 'custom: the norm whose max-margin direction the optimizer is claimed to approach' }),
      'no-db': flag('neither replay nor save counterexamples in the failure database (IBH_DB_DIR, else fixtures/counterexamples; under gate/<module>/<family>)'),
    },
    exclusive: [['seed', 'seeds']],
    examples: [
      { cmd: 'ibh gate --optimizer examples/signgd.mjs --as signgd', what: 'a SignGD written against the contract: accepted (exit 0)' },
      { cmd: 'ibh gate --optimizer examples/adam.ts --as adam --seeds 1..3 --junit reports/out/gate.xml', what: 'an Adam (ε = 0) on three seeds, with JUnit XML for CI' },
      { cmd: 'ibh gate --optimizer examples/buggy-signgd.mjs --as signgd --json', what: 'a SignGD with sign(0) = +1: rejected (exit 1), as JSON' },
    ],
    notes: [ABOUT, TIERS, 'Exit codes: 0 accept; 1 reject (the first failing check, its counterexample and a replay line); 2 bad input (arguments; module missing, not importable, no factory default export, factory throws or returns no optimizer).'],
  },
  async (values) => {
    const given: FamilyOptions = {
      ...(values.beta1 !== undefined ? { beta1: values.beta1 } : {}),
      ...(values.beta2 !== undefined ? { beta2: values.beta2 } : {}),
      ...(values.eps !== undefined ? { eps: values.eps } : {}),
      ...(values['bias-correction'] ? { biasCorrection: true } : {}),
      ...(values.beta !== undefined ? { beta: values.beta } : {}),
      ...(values.expect !== undefined ? { expect: values.expect } : {}),
    };
    const mod = await loadOptimizerModule(values.optimizer);
    const flagText = Object.entries(given)
      .map(([k, v]) => (k === 'biasCorrection' ? ' --bias-correction' : ` --${k} ${String(v)}`))
      .join('');
    const command = `ibh gate --optimizer ${values.optimizer} --as ${values.as}${flagText}`;
    const seeds = values.seeds ?? (values.seed !== undefined ? [values.seed] : null);
    const report = await gateOnPool(mod, values.as, given, {
      workers: values.workers ?? defaultWorkers(),
      ...(values.pool ? { runtime: values.pool } : {}),
      ...(seeds ? (seeds.length === 1 ? { seed: seeds[0]! } : { seeds }) : {}),
      ...(values.cases !== undefined ? { cases: values.cases } : {}),
      command,
      ...(values['no-db'] ? {} : { db: { dir: dbDir(), module: values.optimizer } }),
      ...(values.json ? {} : { onCheck: (c) => process.stderr.write(`… tier ${c.tier} ${c.id}${c.seed === null ? '' : ` seed ${c.seed}`}: ${c.status}\n`) }),
    });
    if (values.json) process.stdout.write(JSON.stringify({ verdict: report.verdict, family: report.family, horizon: report.horizon, checks: report.checks }) + '\n');
    else process.stdout.write(formatGateReport(report, values.optimizer) + '\n');
    if (values.junit !== undefined) writeFileSync(values.junit, junitXml(report, values.optimizer));
    const page = await writePage(values.out, gatePage(report, { optimizer: values.optimizer, command }));
    if (!values.json) process.stdout.write(`report: ${page} (open it in a browser)\n`);
    return report.verdict === 'accept' ? 0 : 1;
  },
);
