/**
 * The failure database (issue #10, src/claims/failureDb.ts): a counterexample is saved as
 * readable JSON under a name that depends only on the claim, the dropped assumptions, the seed
 * and the path; it is replayed first the next time the claim runs (a case that still fails is
 * the result, bit for bit, without new runs); `--no-db` turns it off.
 */
import { spawnSync } from 'node:child_process';
import { mkdtempSync, readdirSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, relative } from 'node:path';
import { describe, expect, test } from 'vitest';
import { lemma42 } from '../../src/claims/fan2025/appendixA.js';
import { entryName, loadCounterexamples, runClaimWithDb, saveCounterexample, savedOutcomes, type CounterexampleEntry } from '../../src/claims/failureDb.js';
import { replayCase } from '../../src/claims/replay.js';
import { runClaim } from '../../src/claims/runner.js';
import type { CheckOutcome, Claim } from '../../src/claims/types.js';
import { selectClaims, verifyClaim, type VerifySummary } from '../../src/claims/verify.js';
import { DataError } from '../../src/errors.js';

const tempDb = (): string => mkdtempSync(join(tmpdir(), 'ibh-faildb-'));
const ibh = (env: NodeJS.ProcessEnv, ...args: string[]) =>
  spawnSync(process.execPath, ['--import', 'tsx', 'src/cli/main.ts', ...args], { encoding: 'utf8', timeout: 120_000, env: { ...process.env, ...env } });

/** Every file under dir, relative to it. */
function files(dir: string): string[] {
  return readdirSync(dir, { recursive: true, encoding: 'utf8' })
    .filter((f) => statSync(join(dir, f)).isFile())
    .sort();
}

/** The claim, counting how often its check runs. */
function counting<I>(claim: Claim<I>): { claim: Claim<I>; calls: () => number } {
  let n = 0;
  return {
    calls: () => n,
    claim: {
      ...claim,
      check(input) {
        n++;
        return claim.check(input);
      },
    },
  };
}

/** Same float64 (Object.is: also tells 0 from −0 and NaN from NaN). */
function sameOutcome(a: CheckOutcome, b: CheckOutcome): void {
  expect(Object.is(a.lhs, b.lhs), `lhs ${a.lhs} vs ${b.lhs}`).toBe(true);
  expect(Object.is(a.rhs, b.rhs), `rhs ${a.rhs} vs ${b.rhs}`).toBe(true);
  expect(Object.is(a.ratio, b.ratio), `ratio ${a.ratio} vs ${b.ratio}`).toBe(true);
  expect(a.ok).toBe(b.ok);
}

const SEED = 1;
const planted = () => lemma42({ constant: 3.9 });

describe('failure database: verify', () => {
  test('a planted failure is saved with every field, under a name fixed by claim, seed and path', () => {
    const dir = tempDb();
    const r = runClaimWithDb(planted(), { seed: SEED }, dir);
    expect(r.status).toBe('fail');
    expect(r.database).toEqual({ replayed: 0, stillFailing: 0, stale: 0 });
    const name = entryName('fan2025/lemma-4.2', [], SEED, r.path!);
    expect(name).toMatch(/^fan2025__lemma-4\.2\/seed-1_path-[0-9a-f]{10}\.json$/);
    expect(files(dir)).toEqual([name]);
    const text = readFileSync(join(dir, name), 'utf8');
    const e = JSON.parse(text) as CounterexampleEntry;
    expect(text).toBe(JSON.stringify(e, null, 2) + '\n');
    const replay = replayCase(planted(), { seed: SEED, path: r.path! });
    expect(e).toEqual({
      claim: 'fan2025/lemma-4.2',
      ref: 'Lemma 4.2 = A.3',
      dropped: [],
      seed: SEED,
      path: r.path,
      input: r.counterexample,
      outcomes: expect.any(Array),
      failure: r.failure!.message,
      certification: 'certified',
      foundBy: 'verify',
      replay: `ibh replay --claim fan2025/lemma-4.2 --seed ${SEED} --path ${r.path}`,
    });
    savedOutcomes(e).forEach((o, i) => sameOutcome(o, replay.outcomes[i]!));
    expect(e.outcomes.some((o) => !o.ok)).toBe(true);
    // The same case saved again (later, after the run) is the same file with the same text.
    const again = saveCounterexample(dir, e);
    expect(again).toBe(join(dir, name));
    expect(files(dir)).toEqual([name]);
    expect(readFileSync(again, 'utf8')).toBe(text);
    expect(loadCounterexamples(dir, 'fan2025/lemma-4.2').map((x) => x.entry)).toEqual([e]);
    expect(loadCounterexamples(dir, 'fan2025/lemma-4.2', ['simplex'])).toEqual([]);
    expect(loadCounterexamples(dir, 'fan2025/lemma-A.4')).toEqual([]);
  });

  test('the next run replays it first and fails with it, bit for bit, drawing no new input; other seeds too', () => {
    const dir = tempDb();
    const first = runClaimWithDb(planted(), { seed: SEED }, dir);
    const [{ file, entry }] = loadCounterexamples(dir, 'fan2025/lemma-4.2');
    for (const seed of [SEED, 2, 3]) {
      const c = counting(planted());
      const r = runClaimWithDb(c.claim, { seed }, dir);
      expect(c.calls()).toBe(1); // the replay of the saved case, nothing else
      expect(r.status).toBe('fail');
      expect(r.runs).toBe(0);
      expect(r.seed).toBe(SEED);
      expect(r.path).toBe(first.path);
      expect(r.counterexample).toBe(entry!.input);
      expect(r.failure!.message).toBe(`${first.failure!.message}; known counterexample from ${relative(process.cwd(), file!)}, replayed first`);
      sameOutcome(r.failure!.outcome!, first.failure!.outcome!);
      expect(r.database).toEqual({ replayed: 1, stillFailing: 1, stale: 0 });
    }
    expect(files(dir)).toHaveLength(1);
  });

  test('with the fault removed the saved case replays and passes, and the run proceeds as without the database', () => {
    const dir = tempDb();
    runClaimWithDb(planted(), { seed: SEED }, dir);
    const reference = lemma42();
    const c = counting(reference);
    const r = runClaimWithDb(c.claim, { seed: SEED, numRuns: 200 }, dir);
    const plain = runClaim(reference, { seed: SEED, numRuns: 200 });
    expect(r.status).toBe('pass');
    expect(r.database).toEqual({ replayed: 1, stillFailing: 0, stale: 0 });
    expect(c.calls()).toBe(1 + 200);
    expect(r.runs).toBe(plain.runs);
    expect(r.worstRatio).toBe(plain.worstRatio);
  });

  test('verifyClaim uses the database only when given one', () => {
    const dir = tempDb();
    const { section } = selectClaims('fan2025/lemma-4.2')[0]!;
    const o = { seed: SEED, quick: true, probes: false };
    expect(verifyClaim(planted(), section, { ...o, db: dir }).status).toBe('fail');
    const saved = files(dir);
    expect(saved).toHaveLength(1);
    const known = verifyClaim(planted(), section, { ...o, db: dir });
    expect(known.database).toEqual({ replayed: 1, stillFailing: 1, stale: 0 });
    const off = verifyClaim(planted(), section, o);
    expect(off.database).toBeUndefined();
    expect(off.runs).toBeGreaterThan(0);
    expect(off.failure!.message).not.toMatch(/known counterexample/);
    expect(files(dir)).toEqual(saved);
  });

  test('a saved case the generator no longer draws at its seed and path is stale, never a failure', () => {
    const dir = tempDb();
    runClaimWithDb(planted(), { seed: SEED }, dir);
    const [{ file, entry }] = loadCounterexamples(dir, 'fan2025/lemma-4.2');
    writeFileSync(file!, JSON.stringify({ ...entry!, input: '{"edited":true}' }, null, 2));
    const r = runClaimWithDb(lemma42(), { seed: SEED, numRuns: 50 }, dir);
    expect(r.status).toBe('pass');
    expect(r.database).toEqual({ replayed: 0, stillFailing: 0, stale: 1 });
    writeFileSync(file!, '{ not json');
    expect(() => loadCounterexamples(dir, 'fan2025/lemma-4.2')).toThrow(DataError);
  });

  test('ibh verify (worker processes): replays the saved case first and says so; --no-db ignores it', () => {
    const dir = tempDb();
    runClaimWithDb(planted(), { seed: SEED }, dir);
    const out = mkdtempSync(join(tmpdir(), 'ibh-faildb-out-'));
    const args = ['verify', '--quick', '--no-probes', '--only', 'fan2025/lemma-4.2', '--seed', '3', '--workers', '2', '--out', out];
    const r = ibh({ IBH_DB_DIR: dir }, ...args);
    expect(r.status, r.stderr).toBe(0);
    expect(r.stdout).toContain(`failure database (${dir}): 1 saved cases replayed first, 0 still failing`);
    const s = JSON.parse(readFileSync(join(out, 'summary.json'), 'utf8')) as VerifySummary;
    expect(s.claims[0]!.database).toEqual({ replayed: 1, stillFailing: 0, stale: 0 });
    const off = ibh({ IBH_DB_DIR: dir }, ...args, '--no-db');
    expect(off.status, off.stderr).toBe(0);
    expect(off.stdout).not.toContain('failure database');
    const s2 = JSON.parse(readFileSync(join(out, 'summary.json'), 'utf8')) as VerifySummary;
    expect(s2.claims[0]!.database).toBeUndefined();
    expect(files(dir)).toHaveLength(1);
  });
});

describe('failure database: probe', () => {
  test('ibh probe --drop simplex saves the case with the dropped assumption; a second probe replays it first; --no-db searches', () => {
    const dir = tempDb();
    const args = ['probe', '--claim', 'fan2025/lemma-4.2', '--drop', 'simplex', '--seed', '5', '--runs', '200'];
    const first = ibh({ IBH_DB_DIR: dir }, ...args);
    expect(first.status, first.stderr).toBe(0);
    expect(first.stdout).toMatch(/needed: a counterexample on run \d+ of 200/);
    const saved = files(dir);
    expect(saved).toHaveLength(1);
    expect(saved[0]).toMatch(/^fan2025__lemma-4\.2\/seed-5_path-[0-9a-f]{10}_drop-simplex\.json$/);
    const e = JSON.parse(readFileSync(join(dir, saved[0]!), 'utf8')) as CounterexampleEntry;
    expect(e.dropped).toEqual(['simplex']);
    expect(e.foundBy).toBe('probe');
    expect(e.replay).toBe(`ibh replay --claim fan2025/lemma-4.2 --seed 5 --path ${e.path} --drop simplex`);
    expect(first.stdout).toContain(`input    ${e.input}`);
    expect(loadCounterexamples(dir, 'fan2025/lemma-4.2')).toEqual([]);

    const second = ibh({ IBH_DB_DIR: dir }, ...args.slice(0, -4), '--seed', '9', '--runs', '200');
    expect(second.status, second.stderr).toBe(0);
    expect(second.stdout).toContain('1 saved cases replayed first, 1 still failing');
    expect(second.stdout).toMatch(/needed: known counterexample from .*seed-5_path-[0-9a-f]{10}_drop-simplex\.json, replayed first; it violates simplex/);
    expect(second.stdout).not.toMatch(/needed: a counterexample on run/);
    expect(second.stdout).toContain(`input    ${e.input}`);
    expect(second.stdout).toContain(e.replay);
    for (const o of savedOutcomes(e)) expect(second.stdout).toContain(`lhs    ${String(o.lhs)}`);
    expect(files(dir)).toEqual(saved);

    const off = ibh({ IBH_DB_DIR: dir }, ...args.slice(0, -4), '--seed', '9', '--runs', '200', '--no-db');
    expect(off.status, off.stderr).toBe(0);
    expect(off.stdout).toMatch(/needed: a counterexample on run \d+ of 200/);
    expect(off.stdout).not.toContain('failure database');
    expect(files(dir)).toEqual(saved);
  });
});
