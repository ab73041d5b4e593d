import { lemma43i } from '../../src/claims/fan2025/section4.js';
import { pointInput, type PointInput } from '../../src/claims/inputs.js';
import type { Claim } from '../../src/claims/types.js';
import type { ClaimSection } from '../../src/claims/registry.js';

/**
 * A planted fault on 2-D data: Lemma 4.3 (i) with its constant 2 lowered to 1.9 (the lemma is
 * tight, so the fault is caught), its inputs restricted to d = 2 features, so the shrunk
 * counterexample always has a picture.
 */
export function planted2d(): Claim<PointInput> {
  return { ...lemma43i({ constant: 1.9 }), id: 'planted/lemma-4.3-i-constant-1.9', inputs: () => pointInput({ problems: { maxD: 2 } }), runs: 200 };
}

export const plantedSection = (claim: Claim<PointInput>): ClaimSection => ({ id: 'planted/section-4', title: 'a planted fault', claims: [claim] });
