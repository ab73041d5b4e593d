/** The report tests' planted fault is the one users run with `ibh verify --plant` (src/claims/planted.ts). */
import { plantedLemma43iConstant } from '../../src/claims/planted.js';
import type { PointInput } from '../../src/claims/inputs.js';
import type { Claim } from '../../src/claims/types.js';
import type { ClaimSection } from '../../src/claims/registry.js';

export const planted2d = plantedLemma43iConstant;

export const plantedSection = (claim: Claim<PointInput>): ClaimSection => ({ id: 'planted/section-4', title: 'a planted fault', claims: [claim] });
