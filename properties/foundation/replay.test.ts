/**
 * `ibh replay` and `ibh probe` (issue #10: counterexamples people can trust and replay): a case
 * replayed at its seed and path is the case that was run, the same input and the same numbers
 * bit for bit; a probe's printed replay line reproduces its shrunk counterexample.
 */
import { spawnSync } from 'node:child_process';
import fc from 'fast-check';
import { describe, expect, test } from 'vitest';
import { lemma42 } from '../../src/claims/fan2025/appendixA.js';
import { claimById } from '../../src/claims/registry.js';
import { replayCase, replayLine } from '../../src/claims/replay.js';
import { probeAssumption, runClaim, runClaimWithInput } from '../../src/claims/runner.js';
import type { CheckOutcome, Claim } from '../../src/claims/types.js';
import { ArgumentError } from '../../src/errors.js';

const ibh = (...args: string[]) => spawnSync(process.execPath, ['--import', 'tsx', 'src/cli/main.ts', ...args], { encoding: 'utf8', timeout: 120_000 });
/** A printed command line (`ibh …`), run as printed. */
const run = (line: string) => {
  expect(line).toMatch(/^ibh /);
  return ibh(...line.slice(4).trim().split(/\s+/));
};

const SEEDS = Array.from({ length: 20 }, (_, i) => i + 1);

/** What `formatReplay` prints of a case: the input line and each outcome's lhs, rhs, ratio, read back as numbers. */
function parseReplay(text: string): { input: string; sides: { lhs: number; rhs: number; ratio: number }[] } {
  const input = /^\s*input {4}(.*)$/m.exec(text)?.[1];
  expect(input, text).toBeDefined();
  const read = (name: string) => [...text.matchAll(new RegExp(`^\\s*${name} +(\\S+)$`, 'gm'))].map((m) => Number(m[1]));
  const lhs = read('lhs');
  const rhs = read('rhs');
  const ratio = read('ratio');
  expect(rhs.length).toBe(lhs.length);
  return { input: input!, sides: lhs.map((l, i) => ({ lhs: l, rhs: rhs[i]!, ratio: ratio[i]! })) };
}

/** Same float64 (Object.is: also tells 0 from −0 and NaN from NaN). */
function sameSides(got: readonly { lhs: number; rhs: number; ratio: number }[], want: readonly CheckOutcome[]): void {
  expect(got.length).toBe(want.length);
  got.forEach((g, i) => {
    expect(Object.is(g.lhs, want[i]!.lhs), `lhs ${g.lhs} vs ${want[i]!.lhs}`).toBe(true);
    expect(Object.is(g.rhs, want[i]!.rhs), `rhs ${g.rhs} vs ${want[i]!.rhs}`).toBe(true);
    expect(Object.is(g.ratio, want[i]!.ratio), `ratio ${g.ratio} vs ${want[i]!.ratio}`).toBe(true);
  });
}

/** A claim that records every input its check sees and the outcomes it gave, in order. */
function recording<I>(claim: Claim<I>): { claim: Claim<I>; seen: { input: I; outcomes: readonly CheckOutcome[] }[] } {
  const seen: { input: I; outcomes: readonly CheckOutcome[] }[] = [];
  return {
    seen,
    claim: {
      ...claim,
      check(input) {
        const o = claim.check(input);
        seen.push({ input, outcomes: Array.isArray(o) ? (o as readonly CheckOutcome[]) : [o as CheckOutcome] });
        return o;
      },
    },
  };
}

describe('replayCase: the case at (seed, path) is the case that was run', () => {
  test('a planted fault (Lemma 4.2 with 3.9 for 4): the failure runClaim prints replays with the same input and lhs/rhs bit for bit, on 20 seeds', () => {
    const planted = lemma42({ constant: 3.9 });
    for (const seed of SEEDS) {
      const { result, input } = runClaimWithInput(planted, { seed });
      expect(result.status, `seed ${seed}`).toBe('fail');
      const r = replayCase(planted, { seed, path: result.path! });
      expect(r.status).toBe('fail');
      expect(r.inputText).toBe(result.counterexample);
      expect(r.inputText).toBe(fc.stringify(input));
      const bad = r.outcomes.find((o) => !o.ok)!;
      sameSides([bad], [result.failure!.outcome!]);
      expect(r.assumptions).toEqual([{ id: 'simplex', statement: planted.assumptions[0]!.statement, holds: true }]);
    }
  });

  test('the check can fail: the same failures replayed at the next seed give other inputs', () => {
    const planted = lemma42({ constant: 3.9 });
    const differ = SEEDS.filter((seed) => {
      const r = runClaim(planted, { seed });
      // At another seed the path may also lead nowhere (a shrink index past its stream): also a mismatch.
      try {
        return replayCase(planted, { seed: seed + 1, path: r.path! }).inputText !== r.counterexample;
      } catch (e) {
        expect(e).toBeInstanceOf(ArgumentError);
        return true;
      }
    });
    expect(differ.length).toBeGreaterThan(0);
  });

  test('path i is the (i+1)-th input of a run of a registry claim, with its outcomes bit for bit (20 seeds × 25 runs)', () => {
    for (const seed of SEEDS) {
      const { claim, seen } = recording(claimById('fan2025/lemma-4.2'));
      expect(runClaim(claim, { seed, numRuns: 25 }).status).toBe('pass');
      expect(seen.length).toBe(25);
      seen.forEach((s, i) => {
        const r = replayCase(claimById('fan2025/lemma-4.2'), { seed, path: String(i) });
        expect(r.inputText).toBe(fc.stringify(s.input));
        sameSides(r.outcomes.map((o) => ({ lhs: o.lhs, rhs: o.rhs, ratio: o.ratio })), s.outcomes);
        expect(r.status).toBe('pass');
      });
    }
  });

  test('a probe counterexample (relaxed generator) replays only with the assumption dropped, on 20 seeds', () => {
    const claim = claimById('fan2025/lemma-4.2');
    for (const seed of SEEDS) {
      const p = probeAssumption(claim, 'simplex', { seed, numRuns: 200 });
      expect(p.verdict, `seed ${seed}`).toBe('needed');
      expect(p.violatesAssumption).toBe(true);
      const r = replayCase(claim, { seed, path: p.path!, relax: ['simplex'] });
      expect(r.inputText).toBe(p.counterexample);
      expect(r.status).toBe('fail');
      expect(r.assumptions[0]!.holds).toBe(false);
      // Shrunk: the first failing input (the path's run index, unshrunk) also fails and is no smaller.
      const first = replayCase(claim, { seed, path: p.path!.split(':')[0]!, relax: ['simplex'] });
      expect(first.status).toBe('fail');
      expect((r.input as { z: Float64Array }).z.length).toBeLessThanOrEqual((first.input as { z: Float64Array }).z.length);
      // Without --drop, the same seed and path draw from the unrelaxed generator: another input.
      expect(replayCase(claim, { seed, path: p.path!.split(':')[0]! }).inputText).not.toBe(first.inputText);
    }
  });

  test('bad replays are ArgumentErrors naming the problem', () => {
    const claim = claimById('fan2025/lemma-4.2');
    expect(() => replayCase(claim, { seed: 1, path: '1:x' })).toThrow(ArgumentError);
    expect(() => replayCase(claim, { seed: 1, path: '0:999999' })).toThrow(/leads to no case/);
    expect(() => replayCase(claim, { seed: 1, path: '0:999999:1' })).toThrow(/leads to no case/);
    expect(() => replayCase(claim, { seed: 1, path: '0', relax: ['simplx'] })).toThrow(/has no assumption "simplx"; its assumptions: simplex/);
  });
});

describe('ibh replay', () => {
  test('a case taken from a run (its tightest input) replays with exit 0, its input and lhs/rhs/ratio bit for bit', () => {
    for (const seed of [3, 11]) {
      const { claim, seen } = recording(claimById('fan2025/lemma-4.2'));
      runClaim(claim, { seed, numRuns: 40 });
      const ratios = seen.map((s) => s.outcomes[0]!.ratio);
      const i = ratios.indexOf(Math.max(...ratios));
      const r = ibh('replay', '--claim', 'fan2025/lemma-4.2', '--seed', String(seed), '--path', String(i));
      expect(r.status, r.stderr).toBe(0);
      const out = parseReplay(r.stdout);
      expect(out.input).toBe(fc.stringify(seen[i]!.input));
      sameSides(out.sides, seen[i]!.outcomes);
      expect(r.stdout).toMatch(/assume {3}simplex: holds/);
      expect(r.stdout).toMatch(/pass: the claim holds on this case/);
    }
  });

  test('the examples of --help do what they say: exit 0 on a case that holds, 1 on the probe case that fails', () => {
    const examples = [...ibh('replay', '--help').stdout.matchAll(/^ {2}(ibh replay .*)$/gm)].map((m) => m[1]!);
    expect(examples).toHaveLength(2);
    expect(run(examples[0]!).status).toBe(0);
    const failing = run(examples[1]!);
    expect(failing.status).toBe(1);
    expect(failing.stdout).toMatch(/assume {3}simplex: VIOLATED/);
  });

  test('bad input: one line naming the problem (then the usage), exit 2, nothing on stdout', () => {
    const cases: [string[], string][] = [
      [['replay', '--claim', 'lemma-4.2', '--seed', '1', '--path', '3'], '--claim must be a claim id, exactly; closest: fan2025/lemma-4.2'],
      [['replay', '--claim', 'fan2025/lemma-4.2', '--seed', '1', '--path', '3:x'], "--path must be a fast-check path, digits separated by ':'"],
      [['replay', '--claim', 'fan2025/lemma-4.2', '--seed', '1', '--path', '0:999999'], 'path "0:999999" leads to no case at seed 1'],
      [['replay', '--claim', 'fan2025/lemma-4.2', '--seed', '1', '--path', '3', '--drop', 'simplx'], '--drop simplx: not an assumption of fan2025/lemma-4.2; its assumptions: simplex; did you mean simplex?'],
      [['replay', '--claim', 'fan2025/lemma-4.2', '--seed', '4294967296', '--path', '3'], "--seed must be an integer in fast-check's 32-bit seed range"],
      [['replay', '--claim', 'fan2025/lemma-4.2', '--path', '3'], 'missing --seed S'],
      [['probe', '--claim', 'fan2025/lemma-4.2'], "give --drop A (one of fan2025/lemma-4.2's assumptions: simplex) or --drop-each"],
      [['probe', '--claim', 'fan2025/lemma-4.2', '--drop', 'simplex', '--drop-each'], 'give --drop or --drop-each, not both'],
      [['probe', '--claim', 'fan2025/eq-8', '--drop', 'B'], '--drop B: not an assumption of fan2025/eq-8; its assumptions: eta-le-eta0, B-bounds-1-norm'],
      [['probe', '--claim', 'ravi2024/perm-equivariance', '--drop-each'], 'ravi2024/perm-equivariance has no assumptions to drop'],
      [['probe', '--claim', 'fan2025/lemma-4.2', '--drop', 'simplex', '--runs', '0'], '--runs must be a positive integer'],
    ];
    for (const [args, msg] of cases) {
      const r = ibh(...args);
      expect(r.status, `${args.join(' ')}: ${r.stderr}`).toBe(2);
      expect(r.stdout).toBe('');
      expect(r.stderr.split('\n')[0]).toContain(msg);
      expect(r.stderr).not.toMatch(/\n\s+at .+:\d+:\d+/);
    }
  });
});

describe('ibh probe', () => {
  test('--drop simplex finds and shrinks a counterexample; its printed replay line reproduces it with exit 1', () => {
    const claim = claimById('fan2025/lemma-4.2');
    for (const seed of [1, 2, 5]) {
      // --no-db: each seed's own search (the failure database would answer with the case an earlier seed saved).
      const r = ibh('probe', '--claim', 'fan2025/lemma-4.2', '--drop', 'simplex', '--seed', String(seed), '--runs', '200', '--no-db');
      expect(r.status, r.stderr).toBe(0);
      expect(r.stdout).toMatch(/needed: a counterexample on run \d+ of 200, shrunk .*; it violates simplex/);
      const api = probeAssumption(claim, 'simplex', { seed, numRuns: 200 });
      const line = /replay: (ibh replay .*)$/m.exec(r.stdout)?.[1];
      expect(line).toBe(replayLine('fan2025/lemma-4.2', seed, api.path!, ['simplex']));
      const probed = parseReplay(r.stdout);
      expect(probed.input).toBe(api.counterexample);
      const again = run(line!);
      expect(again.status, again.stderr).toBe(1);
      const replayed = parseReplay(again.stdout);
      expect(replayed.input).toBe(probed.input);
      sameSides(replayed.sides, probed.sides.map((s) => ({ ...s, ok: false })));
      expect(again.stdout).toMatch(/assume {3}simplex: VIOLATED/);
      expect(again.stdout).toMatch(/FAIL: the claim does not hold on this case/);
    }
  });

  test('--drop-each probes every assumption in turn; each counterexample found replays with exit 1', () => {
    const r = ibh('probe', '--claim', 'fan2025/app-F-sandwich-exp', '--drop-each', '--seed', '3', '--runs', '100');
    expect(r.status, r.stderr).toBe(0);
    const blocks = r.stdout.split(/^(?=probe )/m);
    expect(blocks.map((b) => /^probe \S+ without (\S+)/.exec(b)?.[1])).toEqual(['separable', 'B-bounds-1-norm']);
    for (const b of blocks) {
      const line = /replay: (ibh replay .*)$/m.exec(b)?.[1];
      if (line === undefined) {
        expect(b).toMatch(/none found: the claim held on all 100 inputs/);
        continue;
      }
      const again = run(line);
      expect(again.status, again.stderr).toBe(1);
      expect(parseReplay(again.stdout).input).toBe(parseReplay(b).input);
    }
    expect(r.stdout).toMatch(/replay: ibh replay --claim fan2025\/app-F-sandwich-exp --seed 3 --path [\d:]+ --drop B-bounds-1-norm/);
  });

  test('none found is said so, with exit 0 (Lemma 4.1 off separable data: γ ≤ 0 makes its bound trivial)', () => {
    const r = ibh('probe', '--claim', 'fan2025/lemma-4.1', '--drop', 'separable', '--runs', '30', '--seed', '4');
    expect(r.status, r.stderr).toBe(0);
    expect(r.stdout).toMatch(/none found: the claim held on all 30 inputs with separable dropped .*a search, not a proof/);
    expect(r.stdout).not.toMatch(/replay:/);
  });

  test('--help says it is a search and gives examples', () => {
    const r = ibh('probe', '--help');
    expect(r.status).toBe(0);
    expect(r.stdout).toContain('usage: ibh probe --claim ID [--drop A | --drop-each] [--runs N] [--seed S] [--no-db]');
    expect(r.stdout).toMatch(/A probe is a search/);
    expect(r.stdout).toMatch(/examples:\n {2}ibh probe/);
    const h = ibh('replay', '--help');
    expect(h.stdout).toContain('usage: ibh replay --claim ID --seed S --path P [--drop A[,B]]');
  });
});
