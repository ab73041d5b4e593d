import fc from 'fast-check';

/**
 * One global fast-check seed for the whole suite, so a run is reproducible bit for bit.
 * IBH_SEED=<int> picks another; IBH_SEED=random draws one (printed with any failure).
 * IBH_RUNS multiplies every property's run count (long local runs: IBH_RUNS=10).
 */
const env = process.env.IBH_SEED;
const seed = env === 'random' ? Date.now() ^ (Math.random() * 0x100000000) : env !== undefined ? Number(env) : 20251122;
fc.configureGlobal({ seed, ...(process.env.IBH_RUNS ? { numRuns: 100 * Number(process.env.IBH_RUNS) } : {}) });
