import { appendixA } from './fan2025/appendixA.js';
import { adam } from './fan2025/adam.js';
import { appendixE } from './fan2025/appendixE.js';
import { appendixF } from './fan2025/appendixF.js';
import { section4 } from './fan2025/section4.js';
import { section5 } from './fan2025/section5.js';
import { trajectories } from './fan2025/trajectories.js';
import { rates } from './fan2025/rates.js';
import { perm } from './ravi2024/perm.js';
import { svmKkt } from './ravi2024/svm.js';
import { theorem34Claims } from './ravi2024/theorem34.js';
import type { Claim } from './types.js';
import { plantedSection } from './planted.js';

/** A group of claims as the paper groups them (one properties/ file each). */
export interface ClaimSection {
  readonly id: string;
  readonly title: string;
  readonly claims: readonly Claim<unknown>[];
}

/** Every claim, grouped by paper section, in the papers' order. */
export function sections(): ClaimSection[] {
  const e = appendixE();
  return [
    { id: 'fan2025/appendix-A', title: 'Fan et al. 2025, App. A: cross-entropy and softmax', claims: appendixA() },
    { id: 'fan2025/section-4', title: 'Fan et al. 2025, Sec. 4 / App. B: the proxy G', claims: section4() },
    { id: 'fan2025/section-5', title: 'Fan et al. 2025, Sec. 5 / App. C: SignGD descent', claims: section5().filter((c) => !e.some((x) => x.id === c.id)) },
    { id: 'fan2025/section-6', title: 'Fan et al. 2025, Sec. 6 / App. D: Adam-side facts', claims: adam() },
    { id: 'fan2025/appendix-E', title: 'Fan et al. 2025, App. E: p-norm steepest descent', claims: e },
    { id: 'fan2025/appendix-F', title: 'Fan et al. 2025, App. F: exponential loss and PairLogLoss', claims: appendixF() },
    { id: 'fan2025/trajectories', title: 'Fan et al. 2025, the proof chain along runs (App. C, D, E)', claims: trajectories() },
    { id: 'fan2025/rates', title: 'Fan et al. 2025, rates and the bias (Cor. 5.4, 6.4, Thm 5.3, Fig. 1)', claims: rates() },
    { id: 'ravi2024/perm', title: 'Ravi et al. 2024, PERM losses and the exponential tail', claims: perm() },
    { id: 'ravi2024/theorem-3.4', title: 'Ravi et al. 2024, GD converges in direction to the multiclass SVM', claims: [svmKkt(), ...theorem34Claims()] },
  ];
}

/** All claims, each once. */
export function allClaims(): Claim<unknown>[] {
  const out: Claim<unknown>[] = [];
  const seen = new Set<string>();
  for (const s of sections()) {
    for (const c of s.claims) {
      if (seen.has(c.id)) throw new Error(`claim id ${c.id} registered twice`);
      seen.add(c.id);
      out.push(c);
    }
  }
  return out;
}

/** The registry's claims and then the planted faults (src/claims/planted.ts): every id a command may name. */
export function knownClaims(): Claim<unknown>[] {
  return [...allClaims(), ...plantedSection().claims];
}

/** The registry's sections, and the planted faults' if asked for. */
export const sectionsWith = (o: { readonly planted?: boolean } = {}): ClaimSection[] => (o.planted ? [...sections(), plantedSection()] : sections());

export function claimById(id: string): Claim<unknown> {
  const c = knownClaims().find((x) => x.id === id);
  if (!c) throw new Error(`no claim with id ${id}`);
  return c;
}
