import { accessSync, constants, existsSync, statSync, writeFileSync } from 'node:fs';
import { dirname, resolve } from 'node:path';
import { parseArgs } from 'node:util';
import { ArgumentError } from '../../errors.js';
import { parseFamily, type FamilyOptions } from '../../gate/families.js';
import { formatGateReport, gate } from '../../gate/gate.js';
import { junitXml } from '../../gate/junit.js';
import { loadOptimizerModule } from '../../gate/load.js';
import { parseSeeds } from '../../sweep/index.js';

export const GATE_USAGE =
  'usage: ibh gate --optimizer FILE --as FAMILY [--seed S | --seeds A..B] [--json] [--junit FILE] [--cases N]\n' +
  '                [--beta1 B1 --beta2 B2 --bias-correction] [--eps E] [--beta B] [--expect max|2|1|P]';

export const GATE_HELP = `${GATE_USAGE}

Gates an optimizer implementation: FILE (.js, .mjs or .ts) default-exports a factory
(schedule) => optimizer { name, init(params), update(grad, state, params, t) => { updates, state },
moments?(state), precision?: 'float64' | 'float32' | 'log-domain' }. FAMILY is what it claims to be:
  gd | ngd | signgd | cd | nsd:P       (NSD in the entrywise P-norm; signgd = nsd:max, ngd = nsd:2, cd = nsd:1)
  adam                                 (ε = 0 as in Fan et al. 2025; --beta1 --beta2 [0.9, 0.99], --bias-correction)
  adam-eps                             (ε > 0: --eps [1e-8], --beta1 --beta2, --bias-correction)
  signum                               (--beta [0.9])
  custom --expect max|2|1|P            (only claimed to have that implicit bias)
The module may also export \`gate\` = { beta1, beta2, eps, biasCorrection, beta, expect } (flags override it).

Tiers: 1 reference equivalence (teacher-forced, up to the precision horizon), 2 the theorems' checks
for the family, 3 the implicit bias on a fixed problem set. Exit 0 accept, 1 reject, 2 bad input
(module missing, not importable, no factory default export, factory throws or returns no optimizer).
--json prints {"verdict", "family", "horizon", "checks"}; --junit FILE writes JUnit XML.`;

export interface GateArgs {
  readonly optimizer: string;
  readonly family: string;
  readonly flags: FamilyOptions;
  readonly seeds: number[] | null;
  readonly json: boolean;
  readonly junit: string | null;
  readonly cases: number | undefined;
  readonly help: boolean;
}

function num(flag: string, v: string | undefined): number | undefined {
  if (v === undefined) return undefined;
  const x = Number(v);
  if (v.trim() === '' || !Number.isFinite(x)) throw new ArgumentError(`${flag} must be a number, got "${v}"`);
  return x;
}

/** The gate's command line (kept in one function: the lead moves it onto the shared parser). */
export function parseGateArgs(argv: string[]): GateArgs {
  let values;
  try {
    ({ values } = parseArgs({
      args: argv,
      options: {
        optimizer: { type: 'string' },
        as: { type: 'string' },
        seed: { type: 'string' },
        seeds: { type: 'string' },
        json: { type: 'boolean', default: false },
        junit: { type: 'string' },
        cases: { type: 'string' },
        beta1: { type: 'string' },
        beta2: { type: 'string' },
        eps: { type: 'string' },
        'bias-correction': { type: 'boolean' },
        beta: { type: 'string' },
        expect: { type: 'string' },
        help: { type: 'boolean', short: 'h', default: false },
      },
      strict: true,
    }));
  } catch (e) {
    throw new ArgumentError(`${(e as Error).message}\n${GATE_USAGE}`);
  }
  if (values.help) return { optimizer: '', family: '', flags: {}, seeds: null, json: false, junit: null, cases: undefined, help: true };
  if (values.optimizer === undefined) throw new ArgumentError(`--optimizer FILE is required\n${GATE_USAGE}`);
  if (values.as === undefined) throw new ArgumentError(`--as FAMILY is required\n${GATE_USAGE}`);
  if (values.seed !== undefined && values.seeds !== undefined) throw new ArgumentError(`give --seed or --seeds, not both\n${GATE_USAGE}`);
  let seeds: number[] | null = null;
  if (values.seeds !== undefined) seeds = parseSeeds(values.seeds);
  else if (values.seed !== undefined) {
    const s = Number(values.seed);
    if (values.seed.trim() === '' || !Number.isSafeInteger(s)) throw new ArgumentError(`--seed must be an integer, got "${values.seed}"`);
    seeds = [s];
  }
  const cases = num('--cases', values.cases);
  if (cases !== undefined && !(Number.isInteger(cases) && cases >= 1)) throw new ArgumentError(`--cases must be a positive integer, got ${values.cases}`);
  const raw: FamilyOptions = {
    beta1: num('--beta1', values.beta1),
    beta2: num('--beta2', values.beta2),
    eps: num('--eps', values.eps),
    biasCorrection: values['bias-correction'],
    beta: num('--beta', values.beta),
    expect: values.expect,
  };
  const flags = Object.fromEntries(Object.entries(raw).filter(([, v]) => v !== undefined)) as FamilyOptions;
  return { optimizer: values.optimizer, family: values.as, flags, seeds, json: values.json!, junit: values.junit ?? null, cases, help: false };
}

/** The JUnit output path must be writable before anything runs (a run is not wasted on a typo). */
function checkOutputPath(file: string): void {
  const path = resolve(file);
  if (existsSync(path) && statSync(path).isDirectory()) throw new ArgumentError(`--junit ${file}: is a directory`);
  const dir = dirname(path);
  if (!existsSync(dir)) throw new ArgumentError(`--junit ${file}: directory ${dir} does not exist`);
  try {
    accessSync(existsSync(path) ? path : dir, constants.W_OK);
  } catch {
    throw new ArgumentError(`--junit ${file}: not writable`);
  }
}

export async function gateCommand(argv: string[]): Promise<number> {
  const a = parseGateArgs(argv);
  if (a.help) {
    process.stdout.write(GATE_HELP + '\n');
    return 0;
  }
  if (a.junit !== null) checkOutputPath(a.junit);
  const mod = await loadOptimizerModule(a.optimizer);
  const spec = parseFamily(a.family, { ...mod.options, ...a.flags });
  const flagText = Object.entries(a.flags)
    .map(([k, v]) => (k === 'biasCorrection' ? (v ? ' --bias-correction' : '') : ` --${k} ${String(v)}`))
    .join('');
  const command = `ibh gate --optimizer ${a.optimizer} --as ${a.family}${flagText}`;
  const report = gate(mod.factory, spec, {
    ...(a.seeds ? (a.seeds.length === 1 ? { seed: a.seeds[0]! } : { seeds: a.seeds }) : {}),
    ...(a.cases !== undefined ? { cases: a.cases } : {}),
    command,
    ...(a.json ? {} : { onCheck: (c) => process.stderr.write(`… tier ${c.tier} ${c.id}${c.seed === null ? '' : ` seed ${c.seed}`}: ${c.status}\n`) }),
  });
  if (a.json) process.stdout.write(JSON.stringify({ verdict: report.verdict, family: report.family, horizon: report.horizon, checks: report.checks }) + '\n');
  else process.stdout.write(formatGateReport(report, a.optimizer) + '\n');
  if (a.junit !== null) writeFileSync(a.junit, junitXml(report, a.optimizer));
  return report.verdict === 'accept' ? 0 : 1;
}
