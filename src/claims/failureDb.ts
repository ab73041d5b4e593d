import { createHash } from 'node:crypto';
import { existsSync, mkdirSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join, relative } from 'node:path';
import { DataError } from '../errors.js';
import { replayCase, replayLine, type ReplayResult } from './replay.js';
import { failureMessage, runClaim, type RunOptions } from './runner.js';
import type { Certification, CheckOutcome, Claim, ClaimResult } from './types.js';

/**
 * The failure database (issue #10): every counterexample `ibh verify` or `ibh probe` finds is
 * kept as readable JSON and replayed first the next time its claim runs. A file's name depends
 * only on the claim id, the dropped assumptions, the seed and the path, so it stays the same
 * across unrelated code changes and the same case saved twice is one file.
 */

/** The default directory, relative to the working directory. */
export const DEFAULT_DB_DIR = 'fixtures/counterexamples';

/** The database directory: IBH_DB_DIR, else `fixtures/counterexamples`. */
export function dbDir(env: NodeJS.ProcessEnv = process.env): string {
  const raw = env.IBH_DB_DIR?.trim();
  return raw ? raw : DEFAULT_DB_DIR;
}

/**
 * A number as JSON keeps it: finite non-zero values and +0 as JSON numbers (which read back to
 * the same float64), −0, ±Infinity and NaN as their `String` text.
 */
export type SavedNumber = number | string;
const save = (x: number): SavedNumber => (Number.isFinite(x) && !Object.is(x, -0) ? x : String(x));
export const readNumber = (x: SavedNumber): number => (typeof x === 'number' ? x : Number(x));

export interface SavedOutcome {
  readonly ok: boolean;
  readonly lhs: SavedNumber;
  readonly rhs: SavedNumber;
  readonly ratio: SavedNumber;
  readonly part?: string;
  readonly note?: string;
  /** Both sides in high precision on the same float inputs (decimal strings), where the claim has them. */
  readonly exact?: { readonly lhs: string; readonly rhs: string };
}

export interface CounterexampleEntry {
  readonly claim: string;
  readonly ref: string;
  /** Assumption ids dropped when the case was found (empty: a failure inside the claim's assumptions). */
  readonly dropped: readonly string[];
  readonly seed: number;
  readonly path: string;
  /** The input as fast-check prints it (pasteable). */
  readonly input: string;
  /** Both sides of every outcome on the input. */
  readonly outcomes: readonly SavedOutcome[];
  /** The failure message (the certified failing outcome, else the first failing one). */
  readonly failure: string;
  /**
   * The failure in exact arithmetic: 'certified' (a refutation), 'rounding' (a float64 near-tie:
   * a harness tolerance defect, not a refutation) or 'uncertified' (no exact evaluator).
   */
  readonly certification?: Certification;
  readonly foundBy: 'verify' | 'probe' | 'gate';
  /** The command line that replays the case. */
  readonly replay: string;
  /** For a case `ibh gate` found: the optimizer module (as given to --optimizer) and its family. */
  readonly optimizer?: { readonly module: string; readonly family: string };
}

/** Who found a case, and for the gate which optimizer it was found on. */
export interface FoundBy {
  readonly foundBy: CounterexampleEntry['foundBy'];
  readonly optimizer?: CounterexampleEntry['optimizer'];
  /** The replay line to save (default: the `ibh replay` line of the case). */
  readonly replay?: string;
}

/** The file of a case, relative to the database directory: `<claim>/seed-S_path-H[_drop-A+B].json`. */
export function entryName(claimId: string, dropped: readonly string[], seed: number, path: string): string {
  const safe = (s: string): string => s.replace(/[^A-Za-z0-9._-]/g, '_');
  const hash = createHash('sha256').update(path).digest('hex').slice(0, 10);
  const drop = dropped.length ? `_drop-${[...dropped].sort().map(safe).join('+')}` : '';
  return join(claimId.split('/').map(safe).join('__'), `seed-${seed}_path-${hash}${drop}.json`);
}

/** The entry of a replayed failing case. */
export function entryOf(r: ReplayResult, by: CounterexampleEntry['foundBy'] | FoundBy): CounterexampleEntry {
  const cert = r.certificate;
  const { foundBy, optimizer, replay } = typeof by === 'string' ? { foundBy: by, optimizer: undefined, replay: undefined } : by;
  return {
    claim: r.id,
    ref: r.ref,
    dropped: [...r.relaxed].sort(),
    seed: r.seed,
    path: r.path,
    input: r.inputText,
    outcomes: r.outcomes.map((o, i) => ({
      ok: o.ok,
      lhs: save(o.lhs),
      rhs: save(o.rhs),
      ratio: save(o.ratio),
      ...(o.part !== undefined ? { part: o.part } : {}),
      ...(o.note !== undefined ? { note: o.note } : {}),
      ...(r.exact[i] ? { exact: r.exact[i]! } : {}),
    })),
    failure: cert ? failureMessage(cert.outcome, cert.certification) : 'the claim holds on this case',
    ...(cert ? { certification: cert.certification } : {}),
    foundBy,
    replay: replay ?? replayLine(r.id, r.seed, r.path, r.relaxed),
    ...(optimizer ? { optimizer } : {}),
  };
}

/** Writes the entry (pretty-printed JSON, directories created) and returns its file. */
export function saveCounterexample(dir: string, entry: CounterexampleEntry): string {
  const file = join(dir, entryName(entry.claim, entry.dropped, entry.seed, entry.path));
  mkdirSync(join(file, '..'), { recursive: true });
  writeFileSync(file, JSON.stringify(entry, null, 2) + '\n');
  return file;
}

/** The saved entries of a claim with exactly these assumptions dropped, in file-name order. */
export function loadCounterexamples(dir: string, claimId: string, relaxed: readonly string[] = []): { file: string; entry: CounterexampleEntry }[] {
  const folder = join(dir, entryName(claimId, [], 0, '').split(/[\\/]/)[0]!);
  if (!existsSync(folder)) return [];
  const want = [...relaxed].sort().join(',');
  const out: { file: string; entry: CounterexampleEntry }[] = [];
  for (const name of readdirSync(folder).filter((n) => n.endsWith('.json')).sort()) {
    const file = join(folder, name);
    let entry: CounterexampleEntry;
    try {
      entry = JSON.parse(readFileSync(file, 'utf8')) as CounterexampleEntry;
    } catch (e) {
      throw new DataError(`failure database: ${file} is not valid JSON (${(e as Error).message})`);
    }
    if (typeof entry?.claim !== 'string' || !Number.isInteger(entry.seed) || typeof entry.path !== 'string' || !Array.isArray(entry.dropped)) {
      throw new DataError(`failure database: ${file} lacks claim, seed, path or dropped`);
    }
    if (entry.claim === claimId && [...entry.dropped].sort().join(',') === want) out.push({ file, entry });
  }
  return out;
}

/** What replaying the saved cases of a claim found. `stale`: a case the generator no longer draws at its seed and path. */
export interface DatabaseReport {
  readonly replayed: number;
  readonly stillFailing: number;
  readonly stale: number;
}

/**
 * Replays each saved case of the claim (with `relaxed` dropped) and returns the first one that
 * still fails, if any. A case is replayed only if (seed, path) still draws the saved input.
 */
export function replaySaved<I>(claim: Claim<I>, dir: string, relaxed: readonly string[] = []): { report: DatabaseReport; failing?: { file: string; replay: ReplayResult<I> } } {
  let replayed = 0;
  let stillFailing = 0;
  let stale = 0;
  let failing: { file: string; replay: ReplayResult<I> } | undefined;
  for (const { file, entry } of loadCounterexamples(dir, claim.id, relaxed)) {
    let r: ReplayResult<I>;
    try {
      r = replayCase(claim, { seed: entry.seed, path: entry.path, relax: relaxed });
    } catch {
      stale++;
      continue;
    }
    if (r.inputText !== entry.input) {
      stale++;
      continue;
    }
    replayed++;
    if (r.status === 'fail') {
      stillFailing++;
      failing ??= { file, replay: r };
    }
  }
  return { report: { replayed, stillFailing, stale }, ...(failing ? { failing } : {}) };
}

const shown = (file: string): string => relative(process.cwd(), file) || file;

/** The note a failure carries when it came from the database. */
export const knownNote = (file: string): string => `known counterexample from ${shown(file)}, replayed first`;

/**
 * `runClaim` with the database at `dir`: the saved cases of the claim are replayed first; one
 * that still fails is the result (no random runs are spent); otherwise the claim runs as usual,
 * and a new failure is saved.
 */
export function runClaimWithDb<I>(claim: Claim<I>, opts: RunOptions, dir: string, by: FoundBy = { foundBy: 'verify' }): ClaimResult & { readonly database: DatabaseReport } {
  const started = performance.now();
  const relaxed = opts.relax ?? [];
  const { report, failing } = replaySaved(claim, dir, relaxed);
  if (failing) {
    const r = failing.replay;
    const cert = r.certificate!;
    return {
      id: claim.id,
      ref: claim.ref,
      title: claim.title,
      kind: claim.kind,
      status: 'fail',
      runs: 0,
      seed: r.seed,
      path: r.path,
      counterexample: r.inputText,
      failure: { message: `${failureMessage(cert.outcome, cert.certification)}; ${knownNote(failing.file)}`, outcome: cert.outcome },
      certification: cert.certification,
      ...(cert.exact ? { exact: cert.exact } : {}),
      worstRatio: -Infinity,
      ...(relaxed.length ? { relaxed: [...relaxed] } : {}),
      durationMs: performance.now() - started,
      database: report,
    };
  }
  const result = runClaim(claim, opts);
  if (result.status === 'fail' && result.path) saveFailure(claim, dir, result.seed, result.path, relaxed, by);
  return { ...result, database: report };
}

/** Saves the case at (seed, path) if it replays and fails; returns the file, or undefined. */
export function saveFailure<I>(claim: Claim<I>, dir: string, seed: number, path: string, relaxed: readonly string[], foundBy: CounterexampleEntry['foundBy'] | FoundBy): string | undefined {
  let r: ReplayResult<I>;
  try {
    r = replayCase(claim, { seed, path, relax: relaxed });
  } catch {
    return undefined;
  }
  return r.status === 'fail' ? saveCounterexample(dir, entryOf(r, foundBy)) : undefined;
}

/** The saved outcomes as numbers (for comparing a replay with its entry). */
export function savedOutcomes(e: CounterexampleEntry): CheckOutcome[] {
  return e.outcomes.map((o) => ({
    ok: o.ok,
    lhs: readNumber(o.lhs),
    rhs: readNumber(o.rhs),
    ratio: readNumber(o.ratio),
    ...(o.part !== undefined ? { part: o.part } : {}),
    ...(o.note !== undefined ? { note: o.note } : {}),
  }));
}
