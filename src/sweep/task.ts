import { sectionsWith } from '../claims/registry.js';
import { selectClaims, verifyClaim, type VerifyEntry } from '../claims/verify.js';
import type { ClaimSection } from '../claims/registry.js';
import type { Claim } from '../claims/types.js';

/** One unit of a sweep: one registry claim on one seed. Plain data, so a worker can take it. */
export interface SweepTask {
  readonly seed: number;
  readonly id: string;
  readonly quick: boolean;
  readonly probes: boolean;
  /** The failure database directory (absent: none). */
  readonly db?: string;
}

type Located = { section: ClaimSection; claim: Claim<unknown> };
let byId: Map<string, Located> | undefined;

function locate(id: string): Located {
  byId ??= new Map(selectClaims(undefined, sectionsWith({ planted: true })).map((x) => [x.claim.id, x]));
  const x = byId.get(id);
  if (!x) throw new Error(`no claim with id ${id}`);
  return x;
}

/**
 * Runs one task. Whatever the claim throws becomes its `error` entry (never a crash of the
 * sweep), the same in this process and in a worker, so results do not depend on where a task ran.
 */
export function runTask(t: SweepTask): VerifyEntry {
  const { section, claim } = locate(t.id);
  try {
    return verifyClaim(claim, section, t);
  } catch (e) {
    return taskError(t, `raised outside fast-check: ${(e as Error)?.message ?? String(e)}`, { section, claim });
  }
}

/** The `error` entry of a task that could not report a result (a throw, a worker that died). */
export function taskError(t: SweepTask, message: string, at?: Located): VerifyEntry {
  const { section, claim } = at ?? locate(t.id);
  return {
    id: claim.id,
    ref: claim.ref,
    title: claim.title,
    kind: claim.kind,
    status: 'error',
    runs: 0,
    seed: t.seed,
    worstRatio: -Infinity,
    failure: { message },
    durationMs: 0,
    section: section.id,
    confidence: claim.confidence,
    tight: claim.tight,
    statement: claim.statement,
  };
}
