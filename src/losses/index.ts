import { ArgumentError } from '../errors.js';
import { crossEntropy } from './crossEntropy.js';
import { exponential } from './exponential.js';
import { pairLogLoss } from './pairLogLoss.js';
import type { LossName, PermLoss } from './permLoss.js';

export type { LossName, PermLoss } from './permLoss.js';
export { crossEntropy, exponential, pairLogLoss };

export const LOSSES: Readonly<Record<LossName, PermLoss>> = {
  ce: crossEntropy,
  exp: exponential,
  pll: pairLogLoss,
};

export function lossByName(name: string): PermLoss {
  const l = (LOSSES as Record<string, PermLoss | undefined>)[name];
  if (!l) throw new ArgumentError(`unknown loss "${name}": expected one of ${Object.keys(LOSSES).join(', ')}`);
  return l;
}
