import { probeAssumption, runClaim, type ProbeResult } from './runner.js';
import { sections, type ClaimSection } from './registry.js';
import type { ClaimResult } from './types.js';

export interface VerifyOptions {
  readonly seed: number;
  /** Divide every claim's run budget by 5 (but never below min(budget, 10)). */
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

/** Runs the registry (every claim once, by section) and returns the summary. */
export function verify(o: VerifyOptions): VerifySummary {
  const started = performance.now();
  const startedAt = new Date().toISOString();
  const claims: VerifyEntry[] = [];
  for (const s of o.sections ?? sections()) {
    for (const c of s.claims) {
      if (o.filter && !c.id.includes(o.filter)) continue;
      const runs = o.quick ? Math.max(Math.min(c.runs, 10), Math.round(c.runs / 5)) : c.runs;
      const r = runClaim(c, { seed: o.seed, numRuns: runs });
      const probes = o.probes ? c.assumptions.map((a) => probeAssumption(c, a.id, { seed: o.seed, numRuns: runs })) : undefined;
      const entry: VerifyEntry = { ...r, section: s.id, confidence: c.confidence, tight: c.tight, statement: c.statement, ...(probes ? { probes } : {}) };
      claims.push(entry);
      o.onResult?.(entry);
    }
  }
  const count = (st: ClaimResult['status']) => claims.filter((c) => c.status === st).length;
  return {
    tool: 'implicit-bias-harness',
    seed: o.seed,
    quick: o.quick,
    startedAt,
    durationMs: performance.now() - started,
    counts: { pass: count('pass'), fail: count('fail'), error: count('error') },
    claims,
  };
}
