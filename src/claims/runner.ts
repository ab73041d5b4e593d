import fc from 'fast-check';
import { harnessSeed } from '../config/seed.js';
import type { Horizon } from '../trajectory/horizon.js';
import type { Certification, CheckOutcome, Claim, ClaimResult } from './types.js';
import { replayLine } from './replay.js';
import { certificationNote, certify } from './certify.js';
import { countInput, type Coverage } from './coverage.js';

export interface RunOptions {
  /** fast-check seed (default: `harnessSeed()`, i.e. IBH_SEED or the fixed default). */
  seed?: number;
  /** Replay a failure: the path printed with it. */
  path?: string;
  /** Runs (default: the claim's own budget). */
  numRuns?: number;
  /** Assumption ids to relax (assumption probes). */
  relax?: readonly string[];
  /** Shrink a counterexample (default true); false stops at the first failing input, unshrunk. */
  shrink?: boolean;
  /**
   * Certify a failure in high precision (default true). false leaves it unlabelled: only for runs
   * that ask whether a planted fault is caught at all (the multi-seed fault sweeps).
   */
  certify?: boolean;
}

export { DEFAULT_SEED } from '../config/seed.js';

function outcomes(claim: Claim, input: unknown): readonly CheckOutcome[] {
  const o = claim.check(input);
  return Array.isArray(o) ? (o as readonly CheckOutcome[]) : [o as CheckOutcome];
}

/**
 * Runs one claim with fast-check and returns plain data. A failure carries the seed and path
 * that replay it and the shrunk counterexample; `worstRatio` records how close the passing
 * inputs came to the bound (1 = tight).
 */
export function runClaim<I>(claim: Claim<I>, opts: RunOptions = {}): ClaimResult {
  return runClaimWithInput(claim, opts).result;
}

/** runClaim, also handing back the shrunk counterexample value itself (not only its text). */
export function runClaimWithInput<I>(claim: Claim<I>, opts: RunOptions = {}): { result: ClaimResult; input?: I } {
  const started = performance.now();
  const seed = opts.seed ?? harnessSeed();
  const relax = new Set(opts.relax ?? []);
  for (const id of relax) {
    if (!claim.assumptions.some((a) => a.id === id)) throw new Error(`${claim.id} has no assumption "${id}"`);
  }
  const kept = claim.assumptions.filter((a) => !relax.has(a.id));
  let worst = -Infinity;
  // Runs that stopped at the optimizer's precision horizon, and inputs with a check it prevented.
  let horizon: Horizon | undefined;
  let unchecked = 0;
  // Coverage and per-run ratios count the generated runs only: they stop at the first failure
  // (what follows are shrink candidates).
  const coverage: Coverage = {};
  const ratios: number[] = [];
  // The first failing generated input (before shrinking): if the shrunk counterexample turns out
  // to be only a float64 near-tie while this one is a certified refutation, this one is reported.
  let first: { readonly input: I } | undefined;
  const property = fc.property(claim.inputs(relax), (input) => {
    // Inputs must satisfy every assumption that is not relaxed (generators guarantee it;
    // this guards against a generator bug silently testing outside the claim's domain).
    for (const a of kept) {
      if (!a.holds(input)) throw new Error(`generator produced an input violating assumption ${a.id}`);
    }
    const counting = first === undefined;
    if (counting) countInput(coverage, input);
    let ok = true;
    let skipped = false;
    let runWorst = -Infinity;
    const outs = outcomes(claim as Claim, input);
    for (const o of outs) {
      if (o.horizon && (horizon === undefined || o.horizon.step < horizon.step)) horizon = o.horizon;
      if (o.unchecked) skipped = true;
      if (!o.ok) ok = false;
      else if (Number.isFinite(o.ratio) && o.ratio > runWorst) runWorst = o.ratio;
    }
    if (ok) {
      if (counting) {
        if (runWorst > worst) worst = runWorst;
        if (runWorst > -Infinity) ratios.push(runWorst);
      }
      if (skipped && counting) unchecked++;
      return true;
    }
    if (skipped && counting) unchecked++;
    first ??= { input };
    return false;
  });
  let details: fc.RunDetails<[I]>;
  try {
    details = fc.check(property, {
      seed,
      numRuns: opts.numRuns ?? claim.runs,
      ...(opts.path !== undefined ? { path: opts.path } : {}),
      ...(opts.shrink === false ? { endOnFailure: true } : {}),
    });
  } catch (e) {
    // fast-check rethrows what a generator throws: report it as this claim's error.
    return {
      result: {
        id: claim.id,
        ref: claim.ref,
        title: claim.title,
        kind: claim.kind,
        runs: 0,
        seed,
        worstRatio: worst,
        status: 'error',
        failure: { message: `input generator failed: ${(e as Error).message}` },
        durationMs: performance.now() - started,
      },
    };
  }
  const base = {
    id: claim.id,
    ref: claim.ref,
    title: claim.title,
    kind: claim.kind,
    runs: details.numRuns,
    seed: details.seed,
    worstRatio: worst,
    ...(relax.size > 0 ? { relaxed: [...relax] } : {}),
    ...(horizon !== undefined ? { horizon } : {}),
    ...(unchecked > 0 ? { unchecked } : {}),
    coverage,
    ratios,
  };
  if (!details.failed) {
    return { result: { ...base, status: 'pass', durationMs: performance.now() - started } };
  }
  if (details.counterexample === null) {
    // Failed without a value to show (e.g. the generator itself threw): an error, never a pass.
    const err = details.errorInstance as unknown;
    const message = err instanceof Error ? err.message : String(err ?? "property failed");
    return { result: { ...base, status: 'error', path: details.counterexamplePath ?? '', failure: { message }, durationMs: performance.now() - started } };
  }
  let input = details.counterexample[0] as I;
  let path = details.counterexamplePath ?? '';
  let shrinks = details.numShrinks;
  let failure: ClaimResult['failure'];
  let status: ClaimResult['status'] = 'fail';
  let certified: Pick<ClaimResult, 'certification' | 'exact'> = {};
  try {
    let outs = outcomes(claim as Claim, input);
    let cert = opts.certify === false ? undefined : certify(claim, input, outs);
    if (cert && cert.certification !== 'certified' && first !== undefined && first.input !== input) {
      // Shrinking may end on a near-tie; a certified first failure is the refutation to report.
      const firstOuts = outcomes(claim as Claim, first.input);
      const c0 = certify(claim, first.input, firstOuts);
      if (c0?.certification === 'certified') {
        [input, outs, cert, path, shrinks] = [first.input, firstOuts, c0, opts.path ?? path.split(':')[0]!, 0];
      }
    }
    if (cert) {
      certified = { certification: cert.certification, ...(cert.exact ? { exact: cert.exact } : {}) };
      failure = { message: failureMessage(cert.outcome, cert.certification), outcome: cert.outcome };
    } else {
      const bad = outs.find((o) => !o.ok);
      failure = { message: bad ? describeOutcome(bad) : String(details.errorInstance ?? 'property failed'), ...(bad ? { outcome: bad } : {}) };
    }
  } catch (e) {
    status = 'error';
    failure = { message: (e as Error).message };
  }
  if (details.errorInstance && !failure?.outcome) {
    status = 'error';
    certified = {};
    failure = { message: (details.errorInstance as Error).message ?? String(details.errorInstance) };
  }
  return {
    input,
    result: {
      ...base,
      status,
      path,
      counterexample: fc.stringify(input),
      failure: failure!,
      ...certified,
      shrinks,
      durationMs: performance.now() - started,
    },
  };
}

/** A failing outcome with its certification, as failure lines and the database show it. */
export function failureMessage(o: CheckOutcome, c: Certification): string {
  return c === 'rounding' ? `${certificationNote(c)}: ${describeOutcome(o)}` : `${describeOutcome(o)} [${certificationNote(c)}]`;
}

export function describeOutcome(o: CheckOutcome): string {
  return `${o.part ? `${o.part}: ` : ''}lhs ${o.lhs} > rhs ${o.rhs} (ratio ${o.ratio})${o.note ? `; ${o.note}` : ''}`;
}

/** The failure as a person reads it: claim, seed/path to replay, counterexample. */
export function formatFailure(r: ClaimResult): string {
  const what = r.status === 'error' ? 'raised an error' : r.certification === 'rounding' ? 'has a harness tolerance defect (float64 near-tie, not a refutation)' : r.certification === 'certified' ? 'failed (certified refutation)' : 'failed';
  return [
    `${r.id} (${r.ref}) ${what} after ${r.runs} runs${r.relaxed ? ` with ${r.relaxed.join(', ')} relaxed` : ''}`,
    `  ${r.failure?.message ?? ''}`,
    ...(r.exact ? [`  exact (60 digits): lhs ${r.exact.lhs}, rhs ${r.exact.rhs}`] : []),
    `  replay: ${r.path !== undefined ? replayLine(r.id, r.seed, r.path, r.relaxed ?? []) : `{ seed: ${r.seed} } (no path: the failure was not a property counterexample)`}`,
    `  counterexample: ${r.counterexample ?? ''}`,
  ].join('\n');
}

export interface ProbeResult {
  readonly claim: string;
  readonly assumption: string;
  /**
   * 'needed': a counterexample violates the claim once the assumption is dropped; 'error': the
   * relaxed input generator failed (a harness defect, never a finding about the assumption).
   */
  readonly verdict: 'needed' | 'none-found' | 'error';
  readonly message?: string;
  readonly runs: number;
  readonly seed: number;
  readonly path?: string;
  readonly counterexample?: string;
  /** Does the counterexample actually violate the dropped assumption? */
  readonly violatesAssumption?: boolean;
}

/** Drops one assumption and reports a shrunk counterexample or "none found in N runs". */
export function probeAssumption<I>(claim: Claim<I>, assumptionId: string, opts: Omit<RunOptions, 'relax'> = {}): ProbeResult {
  const { result: r, input } = runClaimWithInput(claim, { ...opts, relax: [assumptionId] });
  const a = claim.assumptions.find((x) => x.id === assumptionId)!;
  if (r.status === 'pass') return { claim: claim.id, assumption: assumptionId, verdict: 'none-found', runs: r.runs, seed: r.seed };
  if (r.status === 'error' && input === undefined) return { claim: claim.id, assumption: assumptionId, verdict: 'error', runs: r.runs, seed: r.seed, message: r.failure?.message ?? 'probe failed' };
  const violates = input !== undefined ? !a.holds(input) : undefined;
  return {
    claim: claim.id,
    assumption: assumptionId,
    verdict: 'needed',
    runs: r.runs,
    seed: r.seed,
    path: r.path ?? '',
    counterexample: r.counterexample ?? '',
    ...(violates !== undefined ? { violatesAssumption: violates } : {}),
  };
}
