import { lemma43i } from './fan2025/section4.js';
import { pointInput, type PointInput } from './inputs.js';
import type { ClaimSection } from './registry.js';
import type { Claim } from './types.js';

/**
 * Planted faults a user can run (`ibh verify --plant`) to see a failure end to end: found,
 * shrunk, saved to the failure database, drawn on the report page, replayed by `ibh replay`,
 * certified in exact arithmetic. Never part of the registry (a plain `verify` does not run them).
 */
export const PLANTED_SECTION_ID = 'planted';

/**
 * Lemma 4.3 (i) with its constant 2 lowered to 1.9: the lemma is tight, so the wrong constant
 * fails; its inputs are restricted to d = 2 features, so the shrunk counterexample has a picture.
 */
export function plantedLemma43iConstant(): Claim<PointInput> {
  const claim = lemma43i({ constant: 1.9 });
  return { ...claim, id: 'planted/lemma-4.3-i-constant-1.9', statement: `PLANTED FAULT (constant 2 → 1.9): ${claim.statement}`, inputs: () => pointInput({ problems: { maxD: 2 } }), runs: 200 };
}

export function plantedSection(): ClaimSection {
  return { id: PLANTED_SECTION_ID, title: 'Planted faults (ibh verify --plant): claims with a deliberate error', claims: [plantedLemma43iConstant()] };
}
