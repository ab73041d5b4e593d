import { ArgumentError } from '../errors.js';
import { crossEntropy } from './crossEntropy.js';
import { exponential } from './exponential.js';
import { pairLogLoss } from './pairLogLoss.js';
import { polynomialTail } from './polynomialTail.js';
import type { LossName, PermLoss } from './permLoss.js';

export type { LossName, PermLoss } from './permLoss.js';
export { crossEntropy, exponential, pairLogLoss, polynomialTail };

/** The exponential-tailed PERM losses of both papers. */
export const LOSSES: Readonly<Record<'ce' | 'exp' | 'pll', PermLoss>> = {
  ce: crossEntropy,
  exp: exponential,
  pll: pairLogLoss,
};

/** Every loss the harness knows, including the non-ET probe loss. */
export const ALL_LOSSES: Readonly<Record<LossName, PermLoss>> = { ...LOSSES, poly: polynomialTail };

export function lossByName(name: string): PermLoss {
  const l = (ALL_LOSSES as Record<string, PermLoss | undefined>)[name];
  if (!l) throw new ArgumentError(`unknown loss "${name}": expected one of ${Object.keys(ALL_LOSSES).join(', ')}`);
  return l;
}
