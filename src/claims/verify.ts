import { runClaimWithDb, type DatabaseReport } from './failureDb.js';
import { probeAssumption, runClaim, type ProbeResult } from './runner.js';
import { sections, type ClaimSection } from './registry.js';
import type { Claim, ClaimResult } from './types.js';

export interface VerifyOptions {
  readonly seed: number;
  /** Divide every claim's run budget by 5 (but never below min(budget, 10)): `quickRuns`. */
  readonly quick: boolean;
  /** Also probe each assumption (drop it, look for a counterexample). */
  readonly probes: boolean;
  /** Only claims whose id contains this. */
  readonly filter?: string;
  readonly onResult?: (r: VerifyEntry) => void;
  /** The sections to run (default: the whole registry). */
  readonly sections?: readonly ClaimSection[];
}

export interface VerifyEntry extends ClaimResult {
  readonly section: string;
  readonly confidence: string;
  readonly tight: boolean;
  readonly statement: string;
  readonly probes?: readonly ProbeResult[];
  /** The failure database's saved cases of this claim, replayed before its runs (absent: no database). */
  readonly database?: DatabaseReport;
}

export interface VerifySummary {
  readonly tool: 'implicit-bias-harness';
  readonly seed: number;
  readonly quick: boolean;
  readonly startedAt: string;
  readonly durationMs: number;
  readonly counts: { readonly pass: number; readonly fail: number; readonly error: number };
  readonly claims: readonly VerifyEntry[];
}

/** The `--quick` budget: a fifth of the claim's runs, but never below min(runs, 10). */
export function quickRuns(runs: number): number {
  return Math.max(Math.min(runs, 10), Math.round(runs / 5));
}

/** The claims of the registry (or the given sections) that `filter` selects, in registry order. */
export function selectClaims(filter?: string, from: readonly ClaimSection[] = sections()): { section: ClaimSection; claim: Claim<unknown> }[] {
  const out: { section: ClaimSection; claim: Claim<unknown> }[] = [];
  for (const section of from) for (const claim of section.claims) if (!filter || claim.id.includes(filter)) out.push({ section, claim });
  return out;
}

/** One claim on one seed, as `ibh verify` reports it (with its probes if asked). */
export function verifyClaim(
  claim: Claim<unknown>,
  section: ClaimSection,
  o: { readonly seed: number; readonly quick: boolean; readonly probes: boolean; readonly db?: string },
): VerifyEntry {
  const runs = o.quick ? quickRuns(claim.runs) : claim.runs;
  // With a failure database (directory `db`), its saved cases replay first and a new failure is saved.
  const r = o.db !== undefined ? runClaimWithDb(claim, { seed: o.seed, numRuns: runs }, o.db) : runClaim(claim, { seed: o.seed, numRuns: runs });
  const probes = o.probes ? claim.assumptions.map((a) => probeAssumption(claim, a.id, { seed: o.seed, numRuns: runs })) : undefined;
  return { ...r, section: section.id, confidence: claim.confidence, tight: claim.tight, statement: claim.statement, ...(probes ? { probes } : {}) };
}

/** Pass / fail / error counts of a list of results. */
export function countStatuses(claims: readonly ClaimResult[]): VerifySummary['counts'] {
  const count = (st: ClaimResult['status']) => claims.filter((c) => c.status === st).length;
  return { pass: count('pass'), fail: count('fail'), error: count('error') };
}

/** Runs the registry (every claim once, by section) in this process and returns the summary. */
export function verify(o: VerifyOptions): VerifySummary {
  const started = performance.now();
  const startedAt = new Date().toISOString();
  const claims: VerifyEntry[] = [];
  for (const { section, claim } of selectClaims(o.filter, o.sections ?? sections())) {
    const entry = verifyClaim(claim, section, o);
    claims.push(entry);
    o.onResult?.(entry);
  }
  return {
    tool: 'implicit-bias-harness',
    seed: o.seed,
    quick: o.quick,
    startedAt,
    durationMs: performance.now() - started,
    counts: countStatuses(claims),
    claims,
  };
}
