import { resolve } from 'node:path';
import { runPool, type PoolRuntime } from '../pool/pool.js';
import { parseFamily, type FamilyOptions } from './families.js';
import { assembleGate, gateUnits, precisionOf, replayKnownTier1, reportAdded, runGateUnit, type GateOptions, type GateReport, type GateUnit, type GateUnitOptions, type GateUnitResult } from './gate.js';
import { loadOptimizerModule, type LoadedModule } from './load.js';

/** One gate unit for a pool worker: plain data (the worker loads the module itself). */
export interface GateTask {
  /** The optimizer module, as an absolute path. */
  readonly file: string;
  /** As the user wrote it (for messages). */
  readonly shown: string;
  readonly family: string;
  /** Family options given on the command line (they override the module's `gate` export). */
  readonly given: FamilyOptions;
  readonly unit: GateUnit;
  readonly options: GateUnitOptions;
}

const loaded = new Map<string, Promise<LoadedModule>>();

/** Runs one gate task: the module is imported once per worker. */
export async function runGateTask(t: GateTask): Promise<GateUnitResult> {
  let mod = loaded.get(t.file);
  if (!mod) loaded.set(t.file, (mod = loadOptimizerModule(t.file)));
  const m = await mod;
  return runGateUnit(m.factory, parseFamily(t.family, { ...m.options, ...t.given }), t.unit, t.options);
}

/** A unit whose worker threw or died: one failing check (so the optimizer is not accepted on it). */
function unitFailed(t: GateTask, message: string): GateUnitResult {
  const seed = t.unit.tier === 3 ? null : t.unit.seed;
  const id = t.unit.tier === 1 ? 'reference-equivalence' : t.unit.tier === 2 ? 'theorem-checks' : 'implicit-bias';
  return { checks: [{ tier: t.unit.tier, id, status: 'fail', detail: `${t.shown}: ${message}`, seed, durationMs: 0 }] };
}

/**
 * `gate` for an optimizer module: its units (per seed tier 1 and tier 2, then tier 3) on
 * `workers` pool workers, each loading FILE, with the report `gate` gives in one process (the
 * units are independent and seeded; only durations differ). FILE must already load (the caller
 * loads it once to refuse a bad module with exit 2 before any work).
 */
export async function gateOnPool(
  mod: LoadedModule,
  family: string,
  given: FamilyOptions,
  o: GateOptions & { readonly workers: number; readonly runtime?: PoolRuntime },
): Promise<GateReport> {
  const spec = parseFamily(family, { ...mod.options, ...given });
  const options = {
    ...(o.seed !== undefined ? { seed: o.seed } : {}),
    ...(o.seeds !== undefined ? { seeds: o.seeds } : {}),
    ...(o.cases !== undefined ? { cases: o.cases } : {}),
    ...(o.command !== undefined ? { command: o.command } : {}),
    ...(o.db !== undefined ? { db: o.db } : {}),
  };
  // Saved counterexamples replay first, here; tier 1 draws no new cases if one still fails.
  const known = replayKnownTier1(mod.factory, spec, o);
  known?.checks.forEach((c) => o.onCheck?.(c));
  const tasks = gateUnits(o, known !== undefined).map((unit): GateTask => ({ file: resolve(mod.file), shown: mod.file, family, given, unit, options }));
  const results = await runPool<GateTask, GateUnitResult>({
    worker: new URL('./worker.js', import.meta.url),
    tasks,
    workers: o.workers,
    ...(o.runtime ? { runtime: o.runtime } : {}),
    local: (t) => runGateUnit(mod.factory, spec, t.unit, t.options),
    failed: unitFailed,
    onResult: (_, r) => r.checks.forEach((c) => o.onCheck?.(c)),
  });
  return reportAdded(assembleGate(spec, precisionOf(mod.factory), known ? [known, ...results] : results), o.onCheck);
}
