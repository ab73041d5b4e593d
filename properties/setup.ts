import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import fc from 'fast-check';
import { harnessSeed } from '../src/config/seed.js';

/**
 * One global fast-check seed for the whole suite, read where everything reads it
 * (`harnessSeed`: IBH_SEED=<int>, IBH_SEED=random, or the fixed default).
 * IBH_RUNS multiplies every property's run count (long local runs: IBH_RUNS=10).
 */
fc.configureGlobal({ seed: harnessSeed(), ...(process.env.IBH_RUNS ? { numRuns: 100 * Number(process.env.IBH_RUNS) } : {}) });

/**
 * The failure database (src/claims/failureDb.ts) of every `ibh verify`/`ibh probe` a test runs,
 * in this process or spawned from it: a fresh temporary directory per test file, never the
 * repository's fixtures/counterexamples.
 */
process.env.IBH_DB_DIR = mkdtempSync(join(tmpdir(), 'ibh-db-'));
