import { harnessSeed } from '../../config/seed.js';
import { dbDir, entryOf, knownNote, replaySaved, saveCounterexample } from '../../claims/failureDb.js';
import { formatReplay, replayCase, replayLine } from '../../claims/replay.js';
import { probeAssumption } from '../../claims/runner.js';
import type { Claim } from '../../claims/types.js';
import { ArgumentError } from '../../errors.js';
import { defineCommand, flag, nonEmpty, parseSeed, positiveInteger, SEED_MAX, SEED_MIN, value } from '../args.js';
import { checkDropped, claimOf, parseClaimId } from './replay.js';

/** Probes one assumption; prints the shrunk counterexample with both sides and its replay line, or that none was found. Returns false on a harness error. */
function probeOne(claim: Claim<unknown>, assumption: string, seed: number, runs: number, db: string | undefined): boolean {
  const a = claim.assumptions.find((x) => x.id === assumption)!;
  const out = (s: string): boolean => process.stdout.write(s + '\n');
  out(`probe ${claim.id} without ${a.id} (${a.statement}): ${runs} runs, seed ${seed}`);
  if (db !== undefined) {
    // The failure database first: a saved case that still fails answers the probe without a search.
    const { report, failing } = replaySaved(claim, db, [assumption]);
    if (report.replayed + report.stale > 0) out(`  failure database (${db}): ${report.replayed} saved cases replayed first, ${report.stillFailing} still failing${report.stale ? `, ${report.stale} stale (no longer drawn at their seed and path)` : ''}`);
    if (failing) {
      const r = failing.replay;
      out(`  needed: ${knownNote(failing.file)}; it ${r.assumptions.find((x) => x.id === a.id)?.holds ? `satisfies ${a.id} (the claim fails inside its assumptions)` : `violates ${a.id}`}`);
      out(formatReplay(r).split('\n').map((l) => `  ${l}`).join('\n'));
      out(`  replay: ${replayLine(claim.id, r.seed, r.path, [assumption])}`);
      return true;
    }
  }
  const t0 = performance.now();
  const p = probeAssumption(claim, assumption, { seed, numRuns: runs });
  const took = `${((performance.now() - t0) / 1000).toFixed(1)} s`;
  if (p.verdict === 'error') {
    out(`  ERROR: the relaxed input generator failed (a harness defect, not a finding): ${p.message ?? ''}`);
    return false;
  }
  if (p.verdict === 'none-found') {
    out(`  none found: the claim held on all ${p.runs} inputs with ${a.id} dropped (${took}); a search, not a proof that ${a.id} is not needed`);
    return true;
  }
  const path = p.path ?? '';
  // Print the case as `ibh replay` will: replaying it here also checks that the printed line reproduces it.
  const r = replayCase(claim, { seed: p.seed, path, relax: [assumption] });
  if (r.inputText !== p.counterexample || r.status !== 'fail') {
    out(`  ERROR: the counterexample does not replay at seed ${p.seed}, path ${path} (found ${p.counterexample ?? ''}, replayed ${r.inputText}, ${r.status})`);
    return false;
  }
  out(`  needed: a counterexample on run ${p.runs} of ${runs}, shrunk (${took}); it ${p.violatesAssumption === false ? `satisfies ${a.id} (the claim fails inside its assumptions)` : `violates ${a.id}`}`);
  out(formatReplay(r).split('\n').map((l) => `  ${l}`).join('\n'));
  out(`  replay: ${replayLine(claim.id, p.seed, path, [assumption])}`);
  if (db !== undefined) out(`  saved: ${saveCounterexample(db, entryOf(r, 'probe'))}`);
  return true;
}

export const probeCommand = defineCommand(
  {
    name: 'probe',
    summary: 'drop an assumption of a claim and search for a counterexample, printed shrunk with its replay line (a search: exit 0 found or not)',
    options: {
      claim: value({ placeholder: 'ID', parse: parseClaimId, required: true, help: 'the claim id, exactly (e.g. fan2025/lemma-4.2)' }),
      drop: value({ placeholder: 'A', parse: nonEmpty, help: 'the assumption to drop (one of the claim\'s assumption ids)' }),
      'drop-each': flag('probe every assumption of the claim in turn'),
      runs: value({ placeholder: 'N', parse: positiveInteger, help: 'inputs to try per assumption', defaultText: "the claim's own budget" }),
      seed: value({ placeholder: 'S', parse: parseSeed, help: `fast-check seed, an integer in [${SEED_MIN}, ${SEED_MAX}]`, defaultText: 'IBH_SEED, else 20251122' }),
      'no-db': flag('neither replay nor save counterexamples in the failure database (IBH_DB_DIR, else fixtures/counterexamples)'),
    },
    exclusive: [['drop', 'drop-each']],
    examples: [
      { cmd: 'ibh probe --claim fan2025/lemma-4.2 --drop simplex', what: 'Lemma 4.2 off the simplex: a shrunk counterexample, both sides, and the `ibh replay` line that reproduces it' },
      { cmd: 'ibh probe --claim fan2025/lemma-4.3-i --drop-each --runs 200 --seed 7', what: 'every assumption of Lemma 4.3 (i) in turn, 200 inputs each, seed 7' },
    ],
    notes: [
      'A probe is a search: finding no counterexample in N runs is no proof that the assumption is not needed.',
      'Exit codes: 0 the search ran (whether or not a counterexample was found); 2 bad input (an unknown claim or assumption, neither --drop nor --drop-each); 3 a relaxed generator failed or another internal error.',
    ],
  },
  (values) => {
    const claim = claimOf(values.claim);
    const ids = claim.assumptions.map((a) => a.id);
    if (ids.length === 0) throw new ArgumentError(`${claim.id} has no assumptions to drop; nothing to probe`);
    if (values.drop === undefined && !values['drop-each']) {
      throw new ArgumentError(`give --drop A (one of ${claim.id}'s assumptions: ${ids.join(', ')}) or --drop-each`);
    }
    if (values.drop !== undefined) checkDropped(claim, [values.drop]);
    const seed = values.seed ?? harnessSeed();
    if (!Number.isInteger(seed) || seed < SEED_MIN || seed > SEED_MAX) {
      throw new ArgumentError(`IBH_SEED=${seed}: must be an integer in fast-check's 32-bit seed range [${SEED_MIN}, ${SEED_MAX}]`);
    }
    const runs = values.runs ?? claim.runs;
    let ok = true;
    for (const id of values.drop !== undefined ? [values.drop] : ids) ok = probeOne(claim, id, seed, runs, values['no-db'] ? undefined : dbDir()) && ok;
    return ok ? 0 : 3;
  },
);
