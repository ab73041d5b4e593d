/**
 * The short seed sweep (issue #8): every registry claim passes on each of SWEEP_SEEDS seeds
 * after the suite seed (the suite seed itself runs at full budget in the section suites), with
 * `--quick` budgets, over the machine's cores. The 50-seed sweep at full budget is
 * `npm run sweep` (reports/sweep/).
 */
import { beforeAll, describe, expect, test } from 'vitest';
import { selectClaims } from '../src/claims/verify.js';
import { harnessSeed } from '../src/config/seed.js';
import { defaultWorkers, sweep, type SweepSummary } from '../src/sweep/index.js';

const SWEEP_SEEDS = 1;
const seed = harnessSeed();
const seeds = Array.from({ length: SWEEP_SEEDS }, (_, j) => (seed + 1 + j) | 0);

describe(`registry sweep: seeds ${seeds.join(', ')} (--quick)`, () => {
  let summary: SweepSummary;
  beforeAll(async () => {
    summary = await sweep({ seeds, quick: true, probes: false, workers: defaultWorkers() });
  }, 900_000);

  test.each(selectClaims().map((x) => x.claim.id))('%s passes on every seed', (id) => {
    const c = summary.claims.find((x) => x.id === id);
    expect(c, `${id} missing from the sweep`).toBeDefined();
    const f = c!.firstFailure;
    expect(
      c!.failingSeeds,
      f ? `${id} failed on seeds ${c!.failingSeeds.join(', ')}; first: seed ${f.seed}, path "${f.path}": ${f.message}\n  replay: ${f.command}` : '',
    ).toEqual([]);
    expect(c!.seedsPassed).toBe(SWEEP_SEEDS);
  });
});
