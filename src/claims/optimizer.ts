/**
 * The optimizer under test, as every claim takes it (issue #9): an `OptimizerFactory`, handed
 * each schedule the claim runs at. Claims that read internal quantities go through the optional
 * `Optimizer.moments` accessor, never through a private state layout.
 */
import { ArgumentError } from '../errors.js';
import { exactMoments, type ExactMoments, type Optimizer } from '../optimizers/types.js';

export type { OptimizerFactory } from '../optimizers/types.js';

/**
 * The optimizer's moments m_t, v_t in exact form, read through `Optimizer.moments`. Throws an
 * ArgumentError naming the claim when the optimizer has no such accessor.
 */
export function momentsOf<S>(opt: Optimizer<S>, claimId: string): (state: S) => ExactMoments {
  const read = opt.moments;
  if (read === undefined) throw new ArgumentError(`${claimId} needs Optimizer.moments (the first and second moments m_t, v_t) and ${opt.name} has no moments accessor`);
  return (state) => exactMoments(read.call(opt, state));
}

