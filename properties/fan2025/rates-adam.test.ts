/** Part of the fan2025/rates section (specs in rates.specs.ts): fan2025/cor-6.4. */
import { sectionSuite } from '../claimSuite.js';
import { rateSpecs } from './rates.specs.js';

sectionSuite('fan2025/rates', rateSpecs, ['fan2025/cor-6.4']);
