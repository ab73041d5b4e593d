/**
 * SHA-256 fingerprints of optimizer iterates: every reference optimizer (and a few planted
 * faults) run by the engine on a few problems, hashed at the end (final W, state and log L) and,
 * with a hook, step by step (W_t, the evaluation, the update and the state at every step). The
 * fixture fixtures/iterate-hashes.json was written by this script on commit eca1ada,
 * before the engine and the transforms were made allocation-free (issue #11);
 * properties/optimizers/iterate-hashes.test.ts recomputes the same fingerprints and asks for
 * every one bit for bit. Run `npx tsx scripts/optimizer-hashes.ts > fixtures/iterate-hashes.json`
 * only on a commit whose iterates are known good.
 */
import { fileURLToPath } from 'node:url';
import { iterateHashes } from '../properties/optimizers/iterateHashes.js';

if (process.argv[1] === fileURLToPath(import.meta.url)) {
  process.stdout.write(JSON.stringify(iterateHashes(), null, 1) + '\n');
}
