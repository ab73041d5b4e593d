import { ArgumentError } from '../errors.js';

/** The fixed seed every run uses unless told otherwise, so a run is reproducible bit for bit. */
export const DEFAULT_SEED = 20251122;

let resolved: number | undefined;

/**
 * The one place the harness reads `IBH_SEED`: unset → DEFAULT_SEED; an integer → that seed;
 * `random` → a fresh 32-bit seed, printed once to stderr so the run can be replayed.
 * Read once per process; the runner, the suites and `ibh verify` all call this.
 */
export function harnessSeed(env: NodeJS.ProcessEnv = process.env): number {
  if (resolved !== undefined && env === process.env) return resolved;
  const raw = env.IBH_SEED?.trim();
  let seed: number;
  if (raw === undefined || raw === '') seed = DEFAULT_SEED;
  else if (raw === 'random') {
    seed = (Date.now() ^ Math.floor(Math.random() * 0x100000000)) | 0;
    process.stderr.write(`IBH_SEED=random: this run uses seed ${seed} (replay with IBH_SEED=${seed})\n`);
  } else {
    seed = Number(raw);
    if (!Number.isSafeInteger(seed)) throw new ArgumentError(`IBH_SEED must be an integer or "random", got "${raw}"`);
  }
  if (env === process.env) resolved = seed;
  return seed;
}
