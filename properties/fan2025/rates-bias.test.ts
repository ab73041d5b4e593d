/** Part of the fan2025/rates section (specs in rates.specs.ts): fan2025/thm-5.3, fan2025/adam-eps-overlap, fan2025/fig-1-bias. */
import { sectionSuite } from '../claimSuite.js';
import { rateSpecs } from './rates.specs.js';

sectionSuite('fan2025/rates', rateSpecs, ['fan2025/thm-5.3', 'fan2025/adam-eps-overlap', 'fan2025/fig-1-bias']);
