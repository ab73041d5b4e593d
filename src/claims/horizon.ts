import type { Horizon } from '../trajectory/horizon.js';
import type { CheckOutcome } from './types.js';

/** "stopped at the float64 precision horizon t = 812 (reason)". */
export const horizonText = (h: Horizon): string => `the run stopped at the ${h.precision} precision horizon t = ${h.step} (${h.reason})`;

/**
 * An outcome for a check that could not be made because the steps it needs lie past the
 * optimizer's precision horizon: ok (no fault of the optimizer), but marked `unchecked`, never
 * a silent pass.
 */
export function notChecked(h: Horizon, part: string, why: string): CheckOutcome {
  return { ok: true, lhs: NaN, rhs: NaN, ratio: NaN, part, unchecked: true, horizon: h, note: `not checked: ${why}; ${horizonText(h)}` };
}

/**
 * The outcomes of a run that may have stopped at its precision horizon: each is marked with the
 * horizon (it covers the steps before it only), and a run that produced none gets one
 * `notChecked` outcome instead of passing with nothing checked.
 */
export function atHorizon(run: { readonly horizon: Horizon | null }, outcomes: readonly CheckOutcome[], part = 'the check'): CheckOutcome[] {
  const h = run.horizon;
  if (h === null) return [...outcomes];
  if (outcomes.length === 0) return [notChecked(h, part, 'no step before the horizon reached what it looks at')];
  return outcomes.map((o) => ({ ...o, horizon: h, note: `${o.note ? `${o.note}; ` : ''}checked up to the horizon: ${horizonText(h)}` }));
}
