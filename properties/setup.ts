import fc from 'fast-check';
import { harnessSeed } from '../src/config/seed.js';

/**
 * One global fast-check seed for the whole suite, read where everything reads it
 * (`harnessSeed`: IBH_SEED=<int>, IBH_SEED=random, or the fixed default).
 * IBH_RUNS multiplies every property's run count (long local runs: IBH_RUNS=10).
 */
fc.configureGlobal({ seed: harnessSeed(), ...(process.env.IBH_RUNS ? { numRuns: 100 * Number(process.env.IBH_RUNS) } : {}) });
