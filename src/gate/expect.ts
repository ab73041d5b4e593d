import type { OptimizerFactory } from '../optimizers/types.js';
import { parseFamily, type FamilyOptions } from './families.js';
import { formatGateReport, gate, type GateReport } from './gate.js';
import { checkFactory } from './load.js';

export interface ExpectImplicitBiasOptions extends FamilyOptions {
  /** The family the optimizer claims to be: gd, ngd, signgd, cd, nsd:P, adam, adam-eps, signum, custom. */
  readonly as: string;
  readonly seed?: number;
  readonly seeds?: readonly number[];
  /** Tier 1 cases per seed (default 200). */
  readonly cases?: number;
}

/**
 * The gate as a test assertion for any runner (vitest, jest, node:test, mocha): resolves with
 * the report on accept, throws an Error whose message is the readable report on reject.
 *
 *   await expectImplicitBias((schedule) => mySignGD(schedule), { as: 'signgd' });
 */
export async function expectImplicitBias(factory: OptimizerFactory, o: ExpectImplicitBiasOptions): Promise<GateReport> {
  const { as, seed, seeds, cases, ...family } = o;
  const spec = parseFamily(as, family);
  const checked = checkFactory(factory, 'the factory');
  const report = gate(checked, spec, { ...(seed !== undefined ? { seed } : {}), ...(seeds !== undefined ? { seeds } : {}), ...(cases !== undefined ? { cases } : {}) });
  if (report.verdict === 'reject') throw new Error(formatGateReport(report, factory.name || 'the optimizer'));
  return report;
}
