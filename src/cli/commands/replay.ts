import { knownClaims } from '../../claims/registry.js';
import { formatReplay, parsePath, replayCase } from '../../claims/replay.js';
import type { Claim } from '../../claims/types.js';
import { ArgumentError } from '../../errors.js';
import { closest, defineCommand, didYouMean, editDistance, nonEmpty, parseSeed, SEED_MAX, SEED_MIN, substringDistance, value } from '../args.js';

/** `--claim ID`: an id of the registry or a planted fault, exactly (a substring is not enough); else the closest ids. */
export function parseClaimId(raw: string): string {
  const ids = knownClaims().map((c) => c.id);
  if (ids.includes(raw)) return raw;
  const near = closest(raw, ids, 3, (a, b) => substringDistance(a, b) * 1000 + editDistance(a, b));
  throw new Error(`must be a claim id, exactly; closest: ${near.join(', ')} (every id: docs/claims.md)`);
}

export function claimOf(id: string): Claim<unknown> {
  const c = knownClaims().find((x) => x.id === id);
  if (!c) throw new ArgumentError(`--claim: no claim with id ${id}`);
  return c;
}

/** Checks that each dropped id is an assumption of the claim; else lists the claim's assumptions. */
export function checkDropped(claim: Claim<unknown>, dropped: readonly string[]): void {
  const ids = claim.assumptions.map((a) => a.id);
  for (const d of dropped) {
    if (ids.includes(d)) continue;
    if (ids.length === 0) throw new ArgumentError(`--drop ${d}: ${claim.id} has no assumptions to drop`);
    throw new ArgumentError(`--drop ${d}: not an assumption of ${claim.id}; its assumptions: ${ids.join(', ')}${didYouMean(d, ids)}`);
  }
}

/** `--drop A[,B]`: assumption ids (checked against the claim when the command runs). */
const parseDropList = (raw: string): string[] => {
  const parts = raw.split(',').map((s) => s.trim());
  if (parts.some((p) => p === '')) throw new Error('must be assumption ids separated by commas');
  if (new Set(parts).size !== parts.length) throw new Error('lists an assumption twice');
  return parts;
};

export const replayCommand = defineCommand(
  {
    name: 'replay',
    summary: 're-run exactly one case of a claim (the seed and path a failure printed) and print both sides and the input',
    options: {
      claim: value({ placeholder: 'ID', parse: parseClaimId, required: true, help: 'the claim id, exactly (e.g. fan2025/lemma-4.2)' }),
      seed: value({ placeholder: 'S', parse: parseSeed, required: true, help: `the fast-check seed the failure printed, an integer in [${SEED_MIN}, ${SEED_MAX}]` }),
      path: value({ placeholder: 'P', parse: (raw) => parsePath(nonEmpty(raw)), required: true, help: "the fast-check path the failure printed: digits separated by ':'" }),
      drop: value({ placeholder: 'A[,B]', parse: parseDropList, help: 'the assumptions that were dropped when the case was found (as `ibh probe` prints it): draws from the relaxed generator' }),
    },
    examples: [
      { cmd: 'ibh replay --claim fan2025/lemma-4.2 --seed 7 --path 3', what: 'the 4th input of seed 7: the input, each assumption, lhs, rhs, ratio, ok (exit 0: the claim holds on it)' },
      { cmd: 'ibh replay --claim fan2025/lemma-4.2 --seed 1 --path 3 --drop simplex', what: 'the 4th input of the relaxed generator (off the simplex) on seed 1, where `ibh probe --claim fan2025/lemma-4.2 --drop simplex --seed 1` first fails, before shrinking (exit 1)' },
    ],
    notes: ['Exit codes: 0 the claim holds on the case; 1 it fails on it; 2 bad input (an unknown claim or assumption, a path that leads to no case); 3 internal error.'],
  },
  (values) => {
    const claim = claimOf(values.claim);
    const relax = values.drop ?? [];
    checkDropped(claim, relax);
    const r = replayCase(claim, { seed: values.seed, path: values.path, relax });
    process.stdout.write(formatReplay(r) + '\n');
    return r.status === 'fail' ? 1 : 0;
  },
);
