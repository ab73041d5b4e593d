import { existsSync, statSync } from 'node:fs';
import { extname, resolve } from 'node:path';
import { pathToFileURL } from 'node:url';
import { ArgumentError } from '../errors.js';
import { constantSchedule } from '../optimizers/schedule.js';
import type { Optimizer, OptimizerFactory } from '../optimizers/types.js';
import type { FamilyOptions } from './families.js';

/**
 * Loading the optimizer under test from a user's module (issue #9): FILE is .js, .mjs or .ts and
 * its default export is a factory (schedule) => optimizer. Every way this can go wrong is an
 * ArgumentError with one line naming it (the CLI exits 2).
 */
export interface LoadedModule {
  readonly file: string;
  readonly factory: OptimizerFactory;
  /** The module's optional `gate` export: family hyperparameters. */
  readonly options: FamilyOptions;
}

const EXTENSIONS = ['.js', '.mjs', '.ts'];
const PRECISIONS = ['log-domain', 'float64', 'float32'];
const GATE_KEYS = ['beta1', 'beta2', 'eps', 'biasCorrection', 'beta', 'expect'];

/** An error's message on one line (its first three non-empty lines joined). */
const firstLine = (e: unknown): string =>
  (e instanceof Error ? e.message : String(e))
    .split('\n')
    .map((l) => l.trim())
    .filter((l) => l !== '')
    .slice(0, 3)
    .join(' ');

function describe(x: unknown): string {
  if (x === null) return 'null';
  if (Array.isArray(x)) return 'an array';
  return typeof x === 'object' ? `an object with keys {${Object.keys(x).join(', ')}}` : `a ${typeof x}`;
}

/** Why `x` is not an Optimizer (null if it is one). */
export function notAnOptimizer(x: unknown): string | null {
  if (typeof x !== 'object' || x === null) return `${describe(x)}, not an optimizer { name, init, update }`;
  const o = x as Record<string, unknown>;
  const missing = ['name', 'init', 'update'].filter((k) => !(k in o));
  if (missing.length) return `${describe(x)}, not an optimizer: missing ${missing.join(', ')}`;
  if (typeof o.name !== 'string') return `an optimizer whose name is ${describe(o.name)}, not a string`;
  if (typeof o.init !== 'function' || typeof o.update !== 'function') return 'an optimizer whose init and update are not both functions';
  if (o.moments !== undefined && typeof o.moments !== 'function') return `an optimizer whose moments is ${describe(o.moments)}, not a function`;
  if (o.precision !== undefined && !PRECISIONS.includes(o.precision as string)) return `an optimizer with precision ${JSON.stringify(o.precision)}; expected one of ${PRECISIONS.join(', ')}`;
  return null;
}

function isOptimizer(x: unknown): x is Optimizer {
  return notAnOptimizer(x) === null;
}

/** A factory checked once: called with a schedule, it must return an optimizer. */
export function checkFactory(f: unknown, what: string): OptimizerFactory {
  if (typeof f !== 'function') throw new ArgumentError(`${what} is ${describe(f)}, not a factory function (schedule) => optimizer`);
  const probe = constantSchedule(0.1);
  let out: unknown;
  try {
    out = (f as (s: typeof probe) => unknown)(probe);
  } catch (e) {
    throw new ArgumentError(`${what} threw when called with a schedule (${probe.description}): ${firstLine(e)}`);
  }
  if (out instanceof Promise) throw new ArgumentError(`${what} returned a Promise; the factory must return the optimizer synchronously`);
  const why = notAnOptimizer(out);
  if (why !== null || !isOptimizer(out)) throw new ArgumentError(`${what} returned ${why}`);
  const checked: OptimizerFactory = (s) => {
    const o: unknown = (f as (s: unknown) => unknown)(s);
    const bad = notAnOptimizer(o);
    if (bad !== null || !isOptimizer(o)) throw new ArgumentError(`${what} returned ${bad} for the schedule ${s.description}`);
    return o;
  };
  return checked;
}

function gateOptions(x: unknown, file: string): FamilyOptions {
  if (x === undefined) return {};
  if (typeof x !== 'object' || x === null || Array.isArray(x)) throw new ArgumentError(`${file}: export "gate" is ${describe(x)}; expected { beta1?, beta2?, eps?, biasCorrection?, beta?, expect? }`);
  const unknown = Object.keys(x).filter((k) => !GATE_KEYS.includes(k));
  if (unknown.length) throw new ArgumentError(`${file}: export "gate" has unknown option${unknown.length > 1 ? 's' : ''} ${unknown.join(', ')}; expected ${GATE_KEYS.join(', ')}`);
  const o = x as Record<string, unknown>;
  for (const k of ['beta1', 'beta2', 'eps', 'beta'] as const) {
    if (o[k] !== undefined && typeof o[k] !== 'number') throw new ArgumentError(`${file}: gate.${k} must be a number, got ${describe(o[k])}`);
  }
  if (o.biasCorrection !== undefined && typeof o.biasCorrection !== 'boolean') throw new ArgumentError(`${file}: gate.biasCorrection must be a boolean, got ${describe(o.biasCorrection)}`);
  if (o.expect !== undefined && typeof o.expect !== 'number' && typeof o.expect !== 'string') throw new ArgumentError(`${file}: gate.expect must be max, 2, 1 or a number, got ${describe(o.expect)}`);
  return o as FamilyOptions;
}

/** Imports FILE (.ts through tsx's tsImport) and checks its default export. */
export async function loadOptimizerModule(file: string): Promise<LoadedModule> {
  const path = resolve(file);
  const ext = extname(path);
  if (!EXTENSIONS.includes(ext)) throw new ArgumentError(`${file}: the optimizer module must be a .js, .mjs or .ts file`);
  if (!existsSync(path) || !statSync(path).isFile()) throw new ArgumentError(`${file}: no such file`);
  let mod: Record<string, unknown>;
  try {
    const url = pathToFileURL(path).href;
    if (ext === '.ts') {
      const { tsImport } = await import('tsx/esm/api');
      mod = (await tsImport(url, import.meta.url)) as Record<string, unknown>;
    } else {
      mod = (await import(url)) as Record<string, unknown>;
    }
  } catch (e) {
    throw new ArgumentError(`${file}: cannot import it: ${firstLine(e)}`);
  }
  if (!('default' in mod) || mod.default === undefined) throw new ArgumentError(`${file} has no default export; export default a factory (schedule) => optimizer`);
  const factory = checkFactory(mod.default, `${file}'s default export`);
  return { file, factory, options: gateOptions(mod.gate, file) };
}
