import { logSigmoid, logSoftplus, softplus } from '../numerics/logspace.js';
import { pairwiseLoss } from './pairwise.js';

/**
 * PairLogLoss ℓ(v, y) = Σ_{c≠y} log(1 + e^{v_c − v_y}) (App. F, Wang et al. 2021b): φ(m) =
 * log(1 + e^{−m}), −φ′(m) = σ(−m), φ″(m) = σ(m)σ(−m). Its proxy G_PLL = mean_i Σ_{c≠y_i} σ(v_c − v_y),
 * the sum of the negative derivatives.
 */
export const pairLogLoss = pairwiseLoss('pll', 'PairLogLoss', {
  phi: (m) => softplus(-m),
  logPhi: (m) => logSoftplus(-m),
  logNegDphi: (m) => logSigmoid(-m),
  logD2phi: (m) => logSigmoid(-m) + logSigmoid(m),
});
