import fc from 'fast-check';
import { ArgumentError } from '../errors.js';
import type { CheckOutcome, Claim } from './types.js';
import { certificationNote, certify, exactSides, exactText, sidesOf, type Certificate } from './certify.js';

/**
 * Replays exactly one case of a claim: the input fast-check produces at a seed and path (the
 * pair `runClaim` prints with a failure, `fc.assert(prop, { seed, path })`), and the claim's
 * outcomes on it. With `relax`, the input comes from the relaxed generator of an assumption
 * probe (`probeAssumption`), as it must to replay the probe's counterexample.
 */
export interface ReplayOptions {
  readonly seed: number;
  /** A fast-check path: run index, then shrink indices, separated by ':' (e.g. "12:0:3"). */
  readonly path: string;
  /** Assumption ids whose generator was relaxed when the case was found. */
  readonly relax?: readonly string[];
}

export interface ReplayResult<I = unknown> {
  readonly id: string;
  readonly ref: string;
  readonly title: string;
  readonly seed: number;
  readonly path: string;
  readonly relaxed: readonly string[];
  /** The replayed input itself, and as fast-check prints it (pasteable). */
  readonly input: I;
  readonly inputText: string;
  /** Each assumption of the claim on this input (a relaxed one may fail). */
  readonly assumptions: readonly { readonly id: string; readonly statement: string; readonly holds: boolean }[];
  /** The claim's outcomes on the input, one per part. */
  readonly outcomes: readonly CheckOutcome[];
  /** 'fail' when some outcome is not ok. */
  readonly status: 'pass' | 'fail';
  /** Each outcome's sides in high precision (null: the claim has none for that outcome). */
  readonly exact: readonly ({ readonly lhs: string; readonly rhs: string } | null)[];
  /** A failing case's standing in exact arithmetic (absent on a pass). */
  readonly certificate?: Certificate;
}

/** A fast-check path: digits separated by ':'. */
export const PATH_PATTERN = /^\d+(:\d+)*$/;

export function parsePath(raw: string): string {
  if (!PATH_PATTERN.test(raw)) throw new Error('must be a fast-check path, digits separated by \':\' (e.g. 12:0:3)');
  return raw;
}

function outcomesOf<I>(claim: Claim<I>, input: I): readonly CheckOutcome[] {
  const o = claim.check(input);
  return Array.isArray(o) ? (o as readonly CheckOutcome[]) : [o as CheckOutcome];
}

/**
 * The input at (seed, path), drawn exactly as `runClaim` draws it: the same property shape
 * (`fc.property(claim.inputs(relax), …)`) walked by fast-check's own replay, stopping at the
 * first value (`endOnFailure`, a predicate that always reports it). Throws ArgumentError when the
 * path leads to no value (a shrink index past the end of its shrink stream).
 */
export function inputAt<I>(claim: Claim<I>, opts: ReplayOptions): I {
  if (!PATH_PATTERN.test(opts.path)) throw new ArgumentError(`path "${opts.path}" is not a fast-check path (digits separated by ':')`);
  const relax = new Set(opts.relax ?? []);
  for (const id of relax) {
    if (!claim.assumptions.some((a) => a.id === id)) {
      throw new ArgumentError(`${claim.id} has no assumption "${id}"; its assumptions: ${claim.assumptions.map((a) => a.id).join(', ') || 'none'}`);
    }
  }
  let first: { value: I } | undefined;
  const property = fc.property(claim.inputs(relax), (input) => {
    first ??= { value: input };
    return false;
  });
  let details: fc.RunDetails<[I]>;
  try {
    details = fc.check(property, { seed: opts.seed, path: opts.path, numRuns: 1, endOnFailure: true });
  } catch (e) {
    const msg = (e as Error).message ?? String(e);
    if (/Unable to replay/.test(msg)) throw new ArgumentError(`path "${opts.path}" leads to no case at seed ${opts.seed} (${msg})`);
    throw e;
  }
  if (first === undefined) {
    if (details.errorInstance) throw details.errorInstance;
    throw new ArgumentError(`path "${opts.path}" leads to no case at seed ${opts.seed}: a shrink index is past the end of its shrink stream`);
  }
  return first.value;
}

/** Re-runs the one case at (seed, path) and returns both sides of every outcome and the input. */
export function replayCase<I>(claim: Claim<I>, opts: ReplayOptions): ReplayResult<I> {
  const input = inputAt(claim, opts);
  const outcomes = outcomesOf(claim, input);
  const sides = exactSides(claim, input);
  const certificate = certify(claim, input, outcomes);
  return {
    id: claim.id,
    ref: claim.ref,
    title: claim.title,
    seed: opts.seed,
    path: opts.path,
    relaxed: [...(opts.relax ?? [])],
    input,
    inputText: fc.stringify(input),
    assumptions: claim.assumptions.map((a) => ({ id: a.id, statement: a.statement, holds: a.holds(input) })),
    outcomes,
    status: outcomes.every((o) => o.ok) ? 'pass' : 'fail',
    exact: outcomes.map((o) => {
      const e = sides ? sidesOf(sides, o) : undefined;
      return e ? exactText(e) : null;
    }),
    ...(certificate ? { certificate } : {}),
  };
}

/** The command line that replays a case (as `ibh probe` and failures print it). */
export function replayLine(id: string, seed: number, path: string, relax: readonly string[] = []): string {
  return `ibh replay --claim ${id} --seed ${seed} --path ${path}${relax.length ? ` --drop ${relax.join(',')}` : ''}`;
}

/**
 * Numbers as JavaScript prints them (`String`): the shortest text that reads back to the same
 * float64, so the printed lhs and rhs are the computed ones bit for bit.
 */
const num = (x: number): string => String(x);

/** The replay as a person reads it: the claim, the case, each assumption, both sides of each outcome. */
export function formatReplay(r: ReplayResult): string {
  const lines = [
    `${r.id} (${r.ref}): ${r.title}`,
    `case     seed ${r.seed}, path ${r.path}${r.relaxed.length ? `, ${r.relaxed.join(', ')} dropped` : ''}`,
    `input    ${r.inputText}`,
    ...r.assumptions.map((a) => `assume   ${a.id}: ${a.holds ? 'holds' : 'VIOLATED'} (${a.statement})`),
  ];
  r.outcomes.forEach((o, i) => {
    const e = r.exact[i];
    lines.push(
      `outcome ${r.outcomes.length > 1 ? `${i + 1} ` : ''}${o.part ? `[${o.part}] ` : ''}${o.unchecked ? 'unchecked' : o.ok ? 'ok' : 'FAIL'}`,
      `  lhs    ${num(o.lhs)}`,
      `  rhs    ${num(o.rhs)}`,
      ...(e ? [`  exact  lhs ${e.lhs}, rhs ${e.rhs} (60 digits on the exact float inputs)`] : []),
      `  ratio  ${num(o.ratio)}`,
      `  ok     ${o.ok}`,
      ...(o.part ? [`  part   ${o.part}`] : []),
      ...(o.note ? [`  note   ${o.note}`] : []),
    );
  });
  const c = r.certificate?.certification;
  lines.push(
    r.status === 'pass'
      ? `pass: the claim holds on this case`
      : c === 'rounding'
        ? `HARNESS TOLERANCE DEFECT, not a refutation: the float64 check fails, but the claim holds in exact arithmetic on these inputs (${certificationNote('rounding')})`
        : `FAIL: the claim does not hold on this case (${certificationNote(c ?? 'uncertified')})`,
  );
  return lines.join('\n');
}
