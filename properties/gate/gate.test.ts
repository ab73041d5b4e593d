import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { describe, expect, it } from 'vitest';
import { ArgumentError } from '../../src/errors.js';
import { constantSchedule } from '../../src/optimizers/schedule.js';
import { gateCommand } from '../../src/cli/commands/gate.js';
import { parseArgv } from '../../src/cli/args.js';
import { biasProblems, deficit, distinctNorms } from '../../src/gate/bias.js';
import { referenceEquivalence, TOLERANCE } from '../../src/gate/equivalence.js';
import { expectImplicitBias } from '../../src/gate/expect.js';
import { parseFamily } from '../../src/gate/families.js';
import { gate } from '../../src/gate/gate.js';
import { junitXml, xmlEscape } from '../../src/gate/junit.js';
import { loadOptimizerModule } from '../../src/gate/load.js';
import { CORRECT, FAULTS } from './catalog.js';
import { harnessSeed } from '../../src/config/seed.js';

/** The suite seed (IBH_SEED) and the ones after it: no check here runs on a seed of its own choosing. */
const SEED = harnessSeed();
import { plainAdam, plainNSD } from './plain.js';

const here = (f: string): string => new URL(f, import.meta.url).pathname;

describe('gate: families', () => {
  it('parses every family with its predicted norm', () => {
    const cases: [string, number][] = [['gd', 2], ['ngd', 2], ['signgd', Infinity], ['cd', 1], ['nsd:3', 3], ['nsd:max', Infinity], ['adam', Infinity], ['adam-eps', Infinity], ['signum', Infinity]];
    for (const [f, p] of cases) expect(parseFamily(f).predicted, f).toBe(p);
    expect(parseFamily('custom', { expect: '1' }).predicted).toBe(1);
    expect(parseFamily('custom', { expect: 'max' }).reference).toBeNull();
    expect(parseFamily('adam-eps', { eps: 1e-7, beta2: 0.999, biasCorrection: true }).adam).toEqual({ beta1: 0.9, beta2: 0.999, eps: 1e-7, biasCorrection: true });
  });
  it('rejects bad families and options with a clear error', () => {
    const bad: [string, object, RegExp][] = [
      ['sgd', {}, /unknown family "sgd"/],
      ['nsd', {}, /needs the norm: nsd:P/],
      ['nsd:0.5', {}, /P ≥ 1/],
      ['adam', { eps: 1e-8 }, /--eps .* applies to adam-eps, not adam/],
      ['signgd', { beta1: 0.9 }, /--beta1 .* applies to adam and adam-eps, not signgd/],
      ['adam', { beta1: 1 }, /--beta1 must be a number in \[0, 1\)/],
      ['adam-eps', { eps: 0 }, /--eps must be a positive number/],
      ['custom', {}, /needs --expect/],
      ['custom', { expect: 'l3' }, /--expect: the norm must be/],
    ];
    for (const [f, o, re] of bad) expect(() => parseFamily(f, o), f).toThrow(re);
    expect(() => parseFamily('sgd')).toThrow(ArgumentError);
  });
});

describe('gate: command line', () => {
  const parse = (argv: string[]) => parseArgv(gateCommand.spec, argv);
  it('parses the flags into seeds and family options', () => {
    const a = parse(['--optimizer', 'x.mjs', '--as', 'adam-eps', '--seeds', '3..5', '--eps', '1e-7', '--beta2', '0.999', '--bias-correction', '--json']);
    expect(a).toMatchObject({ help: false, values: { optimizer: 'x.mjs', as: 'adam-eps', seeds: [3, 4, 5], json: true, eps: 1e-7, beta2: 0.999, 'bias-correction': true } });
    const b = parse(['--optimizer', 'x.mjs', '--as', 'signgd']);
    expect(b.help === false && b.values.seeds === undefined && b.values.seed === undefined).toBe(true);
  });
  it('rejects bad flags with a clear error', () => {
    const bad: [string[], RegExp][] = [
      [['--as', 'signgd'], /missing --optimizer FILE/],
      [['--optimizer', 'x.mjs'], /missing --as FAMILY/],
      [['--optimizer', 'x.mjs', '--as', 'signgd', '--seed', '1', '--seeds', '1..2'], /--seed or --seeds, not both/],
      [['--optimizer', 'x.mjs', '--as', 'signgd', '--seed', 'one'], /--seed must be an integer/],
      [['--optimizer', 'x.mjs', '--as', 'adam', '--beta1', 'x'], /--beta1 must be a number/],
      [['--optimizer', 'x.mjs', '--as', 'adam', '--cases', '0'], /--cases must be a positive integer/],
      [['--optimizer', 'x.mjs', '--as', 'adam', '--bogus'], /unknown option --bogus/],
      [['--optimizer', 'x.mjs', '--as', 'adam', '--bias-corection'], /did you mean --bias-correction/],
    ];
    for (const [argv, re] of bad) expect(() => parse(argv), argv.join(' ')).toThrow(re);
  });
});

describe('gate: tier 1, reference equivalence', () => {
  it('accepts every correct candidate (references through the public contract, plain float64/float32) on 2 seeds', () => {
    for (const c of CORRECT) {
      const spec = parseFamily(c.as, c.options ?? {});
      const precision = c.factory(constantSchedule(0.1)).precision ?? 'float64';
      for (const seed of [SEED, SEED + 1]) {
        const r = referenceEquivalence(c.factory, spec, precision, { seed, runs: 60, long: false });
        expect(r.status, `${c.name} seed ${seed}: ${r.detail}`).toBe('pass');
        expect(r.maxRelError).toBeLessThan(TOLERANCE[precision] / 30);
      }
    }
  });
  it('the long runs accept a correct plain Adam and reject a SignGD that drifts to NGD after 5000 steps', () => {
    const ok = referenceEquivalence(plainAdam(), parseFamily('adam'), 'float64', { seed: SEED, runs: 1 });
    expect(ok.status, ok.detail).toBe('pass');
    expect(ok.detail).toMatch(/and 2 long runs \(20000 steps\) matched/);
    const drift = FAULTS.find((f) => f.name.startsWith('SignGD drifting'))!;
    const r = referenceEquivalence(drift.factory, parseFamily('signgd'), 'log-domain', { seed: SEED, runs: 20 });
    expect(r.status).toBe('fail');
    expect(r.detail).toMatch(/^long run 0 .*: step 5000, entry \(\d+, \d+\)/);
  });
  it('rejects a step 1% too long in float64, with the entry and a replayable path', () => {
    const fault = FAULTS.find((f) => f.name.startsWith('SignGD steps 1%'))!;
    const r = referenceEquivalence(fault.factory, parseFamily('signgd'), 'float64', { seed: SEED, runs: 60 });
    expect(r.status).toBe('fail');
    expect(r.detail).toMatch(/entry \(\d+, \d+\).*1\.01000× the reference/);
    const again = referenceEquivalence(fault.factory, parseFamily('signgd'), 'float64', { seed: SEED, runs: 60, path: r.path! });
    expect(again.status).toBe('fail');
  });
  it('names Adam ε = 0\'s 0/0 at an exactly-zero gradient entry as a finding', () => {
    const fault = FAULTS.find((f) => f.name.startsWith('Adam 0/0'))!;
    const r = referenceEquivalence(fault.factory, parseFamily('adam'), 'float64', { seed: SEED, runs: 100 });
    expect(r.status).toBe('fail');
    expect(r.detail).toMatch(/0\/0 at entry \(\d+, \d+\) where the gradient is exactly 0.*the paper's update leaves that coordinate alone/);
  });
});

describe('gate: tier 3 problem set', () => {
  it('every problem has, for each predicted norm, other norms whose max-margin solutions differ by ≥ 5%', () => {
    for (const pb of biasProblems()) {
      for (const p of [Infinity, 2, 1]) {
        const others = distinctNorms(pb, p);
        expect(others.length, `p = ${p}`).toBeGreaterThan(0);
        for (const q of others) expect(deficit(pb, p, q)).toBeGreaterThanOrEqual(0.05);
      }
    }
  });
});

describe('gate: verdicts', () => {
  it('rejects every planted optimizer fault of the registry wrapped as a user module (the suite seed; tier 1, and tier 3 for custom claims)', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'ibh-faults-'));
    writeFileSync(join(dir, 'package.json'), '{ "type": "module" }\n');
    const catalog = pathToFileURL(here('catalog.ts')).href;
    for (const [i, f] of FAULTS.entries()) {
      const file = join(dir, `fault-${i}.ts`);
      const gateExport = f.options ? `export const gate = ${JSON.stringify(f.options)};\n` : '';
      writeFileSync(file, `// ${f.name}\nimport { FAULTS } from ${JSON.stringify(catalog)};\nexport default FAULTS[${i}]!.factory;\n${gateExport}`);
      const mod = await loadOptimizerModule(file);
      const spec = parseFamily(f.as, mod.options);
      const r = gate(mod.factory, spec, { seed: SEED, cases: 100, tiers: spec.reference ? [1] : [3] });
      expect(r.verdict, f.name).toBe('reject');
      expect(r.checks.find((c) => c.status === 'fail')!.replay).toBeTruthy();
    }
  });
  it('accepts a plain float64 SignGD through all three tiers, and reports its horizon', () => {
    const r = gate(plainNSD(Infinity), parseFamily('signgd'), { seed: SEED, cases: 100 });
    expect(r.verdict, JSON.stringify(r.checks.filter((c) => c.status !== 'pass'))).toBe('accept');
    expect(new Set(r.checks.map((c) => c.tier))).toEqual(new Set([1, 2, 3]));
    expect(r.horizon?.precision).toBe('float64');
    expect(r.horizon!.equivalence.casesReached).toBeGreaterThan(0);
  });
  it('holds a float32 SignGD to Lemma C.3 and Thm 5.3 with its own update rounding (src/claims/rounding.ts): the correct one passes, one 1% too long fails', () => {
    const ids = ['fan2025/traj-lemma-C.3-pinf', 'fan2025/thm-5.3'];
    const ok = gate(plainNSD(Infinity, 'float32'), parseFamily('signgd'), { seed: SEED, tiers: [2] });
    for (const id of ids) expect(ok.checks.find((c) => c.id === id), id).toMatchObject({ status: 'pass' });
    const long = FAULTS.find((f) => f.name === 'SignGD steps 1% too long (plain float32)')!;
    const bad = gate(long.factory, parseFamily('signgd'), { seed: SEED, tiers: [2] });
    expect(bad.checks.find((c) => c.id === 'fan2025/traj-lemma-C.3-pinf')).toMatchObject({ status: 'fail' });
  });
  it('reports a failing asymptotic-evidence claim without letting it decide (cor-6.4 is a finite-run proxy)', () => {
    const slow = FAULTS.find((f) => f.name === 'Adam with too-fast decay')!;
    const seen = [SEED, SEED + 1, SEED + 2, SEED + 3].map((seed) => gate(slow.factory, parseFamily('adam'), { seed, tiers: [2] }).checks.find((x) => x.id === 'fan2025/cor-6.4')!);
    for (const c of seen) expect(c.status).not.toBe('fail');
    // The fault fails cor-6.4 on most draws (caught on 20/20 seeds by the registry's suite): seen here as reported-not-judged.
    expect(seen.some((c) => c.status === 'skipped' && /not judged by the gate \(asymptotic evidence on a finite run\), failed here/.test(c.detail))).toBe(true);
  });
  it('does not accept an optimizer none of whose checks could be made', () => {
    // custom: no reference (tier 1 skipped) and no theorem (tier 2 skipped).
    const r = gate(plainNSD(Infinity), parseFamily('custom', { expect: 'max' }), { seed: SEED, tiers: [1, 2] });
    expect(r.checks.filter((c) => c.status === 'skipped').length).toBe(2);
    expect(r.verdict).toBe('reject');
    expect(r.checks.find((c) => c.id === 'nothing-checked')).toMatchObject({ status: 'fail' });
  });
  it('skips (never passes) the moment claims for an Adam without a moments accessor', () => {
    const noMoments = (s: Parameters<ReturnType<typeof plainAdam>>[0]) => {
      const { moments: _m, ...rest } = plainAdam()(s);
      return rest;
    };
    const r = gate(noMoments, parseFamily('adam'), { seed: SEED, cases: 20, tiers: [2] });
    const m = r.checks.find((c) => c.id === 'fan2025/traj-adam-moments')!;
    expect(m.status).toBe('skipped');
    expect(m.detail).toMatch(/no moments\(state\) accessor/);
  });
  it('expectImplicitBias throws the readable report on reject', async () => {
    const fault = FAULTS.find((f) => f.name === 'NGD passed off as SignGD')!;
    await expect(expectImplicitBias(fault.factory, { as: 'signgd', cases: 40 })).rejects.toThrow(/REJECT[\s\S]*tier 1 reference-equivalence[\s\S]*replay/);
  });
});

describe('gate: JUnit XML and module loading', () => {
  it('escapes XML and reports failures and skips', () => {
    expect(xmlEscape(`a<b>&"c'\u0001`)).toBe('a&lt;b&gt;&amp;&quot;c&apos;');
    const xml = junitXml(
      { verdict: 'reject', family: 'adam', horizon: null, checks: [
        { tier: 1, id: 'reference-equivalence', status: 'fail', detail: 'update 1 > 0 & <x>', seed: 1, replay: 'ibh gate …', durationMs: 5 },
        { tier: 2, id: 'fan2025/traj-adam-moments', status: 'skipped', detail: 'no accessor', seed: 1, durationMs: 0 },
        { tier: 3, id: 'implicit-bias', status: 'pass', detail: 'ok', seed: null, durationMs: 1 },
      ] },
      'my<opt>.mjs',
    );
    expect(xml).toMatch(/tests="3" failures="1" errors="0" skipped="1"/);
    expect(xml).toContain('<failure message="update 1 &gt; 0 &amp; &lt;x&gt;">');
    expect(xml).toContain('gate my&lt;opt&gt;.mjs as adam');
    expect(xml.match(/<testcase /g)!.length).toBe(3);
  });
  it('gives one clear line for each bad module', async () => {
    const bad: [string, RegExp][] = [
      ['modules/missing.mjs', /missing\.mjs: no such file$/],
      ['modules/no-default.mjs', /has no default export/],
      ['modules/not-a-function.mjs', /default export is an object with keys \{name, init, update\}, not a factory function/],
      ['modules/factory-throws.mjs', /threw when called with a schedule \(η = 0\.1\): unsupported schedule η = 0\.1$/],
      ['modules/not-an-optimizer.mjs', /returned an object with keys \{name, init\}, not an optimizer: missing update$/],
      ['modules/import-error.mjs', /cannot import it: /],
      ['plain.ts', /has no default export/],
    ];
    for (const [f, re] of bad) {
      const err = await loadOptimizerModule(here(f)).then(() => null, (e: unknown) => e);
      expect(err, f).toBeInstanceOf(ArgumentError);
      expect((err as Error).message, f).toMatch(re);
      expect((err as Error).message, f).not.toContain('\n');
    }
  });
});
