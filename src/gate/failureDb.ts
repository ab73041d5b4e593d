import { join, relative, resolve } from 'node:path';
import { knownNote, loadCounterexamples, saveCounterexample, type CounterexampleEntry, type DatabaseReport, type FoundBy } from '../claims/failureDb.js';
import type { OptimizerFactory, Precision } from '../optimizers/types.js';
import { referenceEquivalence, type EquivalenceReport } from './equivalence.js';
import type { FamilySpec } from './families.js';

/**
 * The gate's counterexamples in the failure database (issue #10): a failing tier-1 case or
 * tier-2 claim is saved as readable JSON (the same entries as verify's, with the optimizer
 * module and family), under `<db>/gate/<module>/<family>/`, and replayed first the next time
 * the gate runs on that module as that family. File names depend only on the module path as
 * given, the family, the check id, the seed and the path.
 */
export interface GateDb {
  /** The database directory (IBH_DB_DIR, else fixtures/counterexamples). */
  readonly dir: string;
  /** The optimizer module as given to `--optimizer` (a path). */
  readonly module: string;
}

/** The check id tier 1's cases are saved under. */
export const EQUIVALENCE_ID = 'gate/reference-equivalence';

const safe = (s: string): string => s.replace(/[^A-Za-z0-9._-]/g, '_');

/** The module path as saved: relative to the working directory, '/'-separated. */
export const modulePath = (module: string): string => relative(process.cwd(), resolve(module)).split(/[\\/]/).join('/') || module;

/** The directory of one module's cases as one family. */
export const gateCaseDir = (db: GateDb, family: string): string => join(db.dir, 'gate', safe(modulePath(db.module)), safe(family));

/** How the gate's entries say who found them. */
export const gateFoundBy = (db: GateDb, family: string, replay: string): FoundBy => ({ foundBy: 'gate', optimizer: { module: modulePath(db.module), family }, replay });

/** Saves a failing tier-1 report that has a fast-check path (a generated case); returns the file. */
export function saveEquivalenceFailure(db: GateDb, family: string, r: EquivalenceReport, replay: string): string | undefined {
  if (r.status !== 'fail' || r.path === undefined || r.path === '' || r.counterexample === undefined) return undefined;
  const by = gateFoundBy(db, family, replay);
  const entry: CounterexampleEntry = {
    claim: EQUIVALENCE_ID,
    ref: 'gate tier 1: reference equivalence (teacher-forced updates against the reference)',
    dropped: [],
    seed: r.seed,
    path: r.path,
    input: r.counterexample,
    outcomes: [],
    failure: r.detail,
    foundBy: 'gate',
    replay: by.replay!,
    optimizer: by.optimizer!,
  };
  return saveCounterexample(gateCaseDir(db, family), entry);
}

/**
 * Replays the saved tier-1 cases of the module (as this family): the first that still fails
 * on the same input is returned. A case whose seed and path now draw another input is stale.
 */
export function replayEquivalence(db: GateDb, factory: OptimizerFactory, spec: FamilySpec, precision: Precision): { report: DatabaseReport; failing?: { file: string; result: EquivalenceReport } } {
  let replayed = 0;
  let stillFailing = 0;
  let stale = 0;
  let failing: { file: string; result: EquivalenceReport } | undefined;
  for (const { file, entry } of loadCounterexamples(gateCaseDir(db, spec.label), EQUIVALENCE_ID)) {
    let r: EquivalenceReport;
    try {
      r = referenceEquivalence(factory, spec, precision, { seed: entry.seed, path: entry.path, runs: 1, long: false });
    } catch {
      stale++;
      continue;
    }
    if (r.status === 'fail' && r.counterexample !== entry.input) {
      stale++;
      continue;
    }
    replayed++;
    if (r.status === 'fail') {
      stillFailing++;
      failing ??= { file, result: { ...r, detail: `${r.detail}; ${knownNote(file)}` } };
    }
  }
  return { report: { replayed, stillFailing, stale }, ...(failing ? { failing } : {}) };
}

