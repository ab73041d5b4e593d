/** The `ibh margin` command, run as a user runs it. */
import { spawn, spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, test } from 'vitest';
import { loadDataset } from '../../src/data/io.js';
import { entrywiseNorm } from '../../src/linalg/norms.js';
import { fromRows } from '../../src/linalg/matrix.js';
import { margin, MARGIN_TOLERANCE } from '../../src/margins/index.js';

const ibh = (...args: string[]) => spawnSync(process.execPath, ['--import', 'tsx', 'src/cli/main.ts', ...args], { encoding: 'utf8', timeout: 120_000 });

describe('ibh margin', () => {
  test('--json prints norm, gamma, W, status, solver; γ equals the library value', () => {
    const r = ibh('margin', '--data', 'fixtures/small.json', '--norm', '2', '--json');
    expect(r.status).toBe(0);
    const out = JSON.parse(r.stdout) as { norm: string; gamma: number; W: number[][]; status: string; solver: string };
    expect(out.norm).toBe('2');
    expect(out.status).toBe('optimal');
    expect(out.solver).toMatch(/nnls/);
    expect(out.W).toHaveLength(3);
    expect(out.gamma).toBe(margin(loadDataset('fixtures/small.json'), 2).gamma);
  });

  test('human output names γ, status and solver (max-norm, CSV input)', () => {
    const r = ibh('margin', '--data', 'fixtures/small.csv', '--norm', 'max');
    expect(r.status).toBe(0);
    expect(r.stdout).toMatch(/gamma\s+0\.\d+/);
    expect(r.stdout).toMatch(/status\s+optimal/);
    expect(r.stdout).toMatch(/glpk-simplex\/constraint-generation/);
  });

  test('non-separable data: exit code 2 and "not linearly separable"', () => {
    const r = ibh('margin', '--data', 'fixtures/not-separable.json', '--norm', '1');
    expect(r.status).toBe(2);
    expect(r.stderr).toMatch(/not linearly separable/);
  });

  test('malformed input and bad arguments: exit code 2 with a clear message', () => {
    const missing = ibh('margin', '--data', 'fixtures/does-not-exist.json');
    expect(missing.status).toBe(2);
    expect(missing.stderr).toMatch(/cannot read data file/);
    const norm = ibh('margin', '--data', 'fixtures/small.json', '--norm', '1.5');
    expect(norm.status).toBe(2);
    expect(norm.stderr).toMatch(/--norm must be max, 1, 2 or a number p > 2 \(the entrywise p-norm of W\) \(got "1.5"\)/);
    const noData = ibh('margin');
    expect(noData.status).toBe(2);
    expect(noData.stderr).toMatch(/missing --data/);
  });
});

describe('ibh margin --out', () => {
  test('writes the JSON report to the named file', async () => {
    const { mkdtempSync, readFileSync } = await import('node:fs');
    const { join } = await import('node:path');
    const { tmpdir } = await import('node:os');
    const out = join(mkdtempSync(join(tmpdir(), 'ibh-cli-')), 'sub', 'margin.json');
    const r = ibh('margin', '--data', 'fixtures/small.json', '--norm', '1', '--out', out);
    expect(r.status).toBe(0);
    const rep = JSON.parse(readFileSync(out, 'utf8')) as { norm: string; gamma: number; data: { n: number } };
    expect(rep.norm).toBe('1');
    expect(rep.gamma).toBe(margin(loadDataset('fixtures/small.json'), 1).gamma);
    expect(rep.data.n).toBe(15);
  });
});

describe('ibh margin: scale-free, right or refused (issue #8), exit codes 0 / 2 / 3 as in README', () => {
  const dir = mkdtempSync(join(tmpdir(), 'ibh-scale-'));
  /** X₀ of issue #8 (2-D, 3 classes), scaled by s, with x_00 replaced when given. */
  const X0 = [[1, 0.2], [0.8, -0.3], [1.2, 0.1], [-0.5, 1], [-0.3, 0.9], [-0.6, 1.3], [-0.4, -1], [-0.7, -0.8], [-0.2, -1.2]];
  const y = [0, 0, 0, 1, 1, 1, 2, 2, 2];
  function dataFile(name: string, s: number, x00?: number): string {
    const X = X0.map((r) => r.map((v) => v * s));
    if (x00 !== undefined) X[0]![0] = x00;
    const f = join(dir, `${name}.json`);
    writeFileSync(f, JSON.stringify({ X, y }));
    return f;
  }
  const base = (norm: string): number => margin(loadDataset(dataFile('base', 1)), norm === 'max' ? Infinity : Number(norm)).gamma;

  // The failures reported in issue #8, each once: γ was wrong with exit 0, or GLPK was unbounded.
  test.each([
    ['2', 1e10],
    ['max', 1e10],
    ['max', 1e-8],
    ['1', 1e-8],
    ['2', 1e-6],
    ['1', 1e100],
  ])('--norm %s at s = %s: exit 0, γ = s·γ(X₀) to the certificate tolerance, --json parseable', (norm, s) => {
    const r = ibh('margin', '--data', dataFile(`s${s}`, s), '--norm', norm, '--json');
    expect(r.status, r.stderr).toBe(0);
    const out = JSON.parse(r.stdout) as { gamma: number; status: string; certificate: { relGap: number; tolerance: number } };
    expect(out.status).toBe('optimal');
    expect(out.certificate.tolerance).toBe(MARGIN_TOLERANCE);
    expect(out.certificate.relGap).toBeLessThanOrEqual(MARGIN_TOLERANCE);
    expect(Math.abs(out.gamma / (s * base(norm)) - 1)).toBeLessThanOrEqual(2 * MARGIN_TOLERANCE + 1e-14);
  });

  test('an entry of 1e308: --norm 2 is certified (not "not linearly separable"), --json stays parseable', () => {
    const r = ibh('margin', '--data', dataFile('big', 1, 1e308), '--norm', '2', '--json');
    expect(r.status, r.stderr).toBe(0);
    const out = JSON.parse(r.stdout) as { gamma: number; certificate: { relGap: number } };
    expect(out.certificate.relGap).toBeLessThanOrEqual(MARGIN_TOLERANCE);
    expect(out.gamma).toBeGreaterThan(0.5);
  });

  test('--norm 3 prints a W whose 3-norm is 1', () => {
    const r = ibh('margin', '--data', 'fixtures/small.json', '--norm', '3', '--json');
    expect(r.status, r.stderr).toBe(0);
    const out = JSON.parse(r.stdout) as { W: number[][] };
    expect(Math.abs(entrywiseNorm(fromRows(out.W), 3) - 1)).toBeLessThanOrEqual(1e-12);
  });

  test('a spent time budget is a solver failure: exit 3 with the reason on stderr, nothing on stdout', () => {
    const r = ibh('margin', '--data', 'fixtures/small.json', '--norm', '1', '--json', '--time-limit', '1e-9');
    expect(r.status).toBe(3);
    expect(r.stdout).toBe('');
    expect(r.stderr).toMatch(/γ_1 LP: time limit of 1e-9 s reached/);
  });

  test('a bad --time-limit is bad input: exit 2', () => {
    const r = ibh('margin', '--data', 'fixtures/small.json', '--time-limit', '0');
    expect(r.status).toBe(2);
    expect(r.stderr).toMatch(/--time-limit must be a positive finite number/);
  });
});

/** package.json's scripts of the form `tsx FILE`: what `npm run NAME -- …` runs. */
const tsxScripts = new Map(
  Object.entries((JSON.parse(readFileSync('package.json', 'utf8')) as { scripts: Record<string, string> }).scripts).flatMap(([name, cmd]) => {
    const m = /^tsx (\S+)$/.exec(cmd);
    return m ? [[name, m[1]!] as const] : [];
  }),
);

/** A command line as the README writes it (`ibh …` or `npm run SCRIPT -- …`): the entry file and its arguments. */
function argvOf(line: string): string[] {
  const words = line.trim().split(/\s+/);
  if (words[0] === 'ibh') return ['src/cli/main.ts', ...words.slice(1)];
  const file = words[0] === 'npm' && words[1] === 'run' && words[3] === '--' ? tsxScripts.get(words[2]!) : undefined;
  if (file) return [file, ...words.slice(4)];
  throw new Error(`not an ibh command line or an npm run of a tsx script: ${line}`);
}

/** Spawns a README command line from source with tsx. */
function spawnLine(line: string): ReturnType<typeof spawnSync> & { stdout: string; stderr: string } {
  // A timeout turns a hang (issue #10: `--out /proc/x` used to spin forever) into a failure.
  return spawnSync(process.execPath, ['--import', 'tsx', ...argvOf(line)], { encoding: 'utf8', timeout: 60_000 });
}

/** The same, without blocking, so the table's rows run side by side. */
function spawnLineAsync(line: string): Promise<{ status: number | null; stdout: string; stderr: string; timedOut: boolean }> {
  return new Promise((resolve) => {
    const child = spawn(process.execPath, ['--import', 'tsx', ...argvOf(line)], { stdio: ['ignore', 'pipe', 'pipe'] });
    let stdout = '';
    let stderr = '';
    let timedOut = false;
    const timer = setTimeout(() => {
      timedOut = true;
      child.kill('SIGKILL');
    }, 60_000);
    child.stdout.on('data', (d: Buffer) => (stdout += d.toString()));
    child.stderr.on('data', (d: Buffer) => (stderr += d.toString()));
    child.on('close', (status) => {
      clearTimeout(timer);
      resolve({ status, stdout, stderr, timedOut });
    });
  });
}

/** The rows of the README's bad-input table: command, exit code, the message stderr must contain. */
function badInputTable(): { cmd: string; exit: number; answer: string }[] {
  const readme = readFileSync('README.md', 'utf8');
  const block = readme.split('<!-- bad-input-table')[1]?.split('<!-- /bad-input-table -->')[0] ?? '';
  return block
    .split('\n')
    .filter((l) => /^\| `/.test(l))
    .map((l) => {
      const m = /^\| `([^`]+)` \| (\d) \| (.+) \|$/.exec(l.trim());
      if (!m) throw new Error(`README bad-input table: cannot read row ${l}`);
      return { cmd: m[1]!, exit: Number(m[2]), answer: m[3]!.trim() };
    });
}

/** The command names `ibh --help` lists. */
function commandNames(): string[] {
  const r = ibh('--help');
  expect(r.status).toBe(0);
  const block = r.stdout.split('commands:\n')[1]!.split('\n\n')[0]!;
  return block.split('\n').map((l) => l.trim().split(/\s+/)[0]!).filter((n) => n !== 'help');
}

describe('the README table of bad inputs (issue #10: commands that never surprise)', () => {
  const rows = badInputTable();

  test('the table lists every command of `ibh --help` and every long-run script, each with a bad input', () => {
    expect(rows.length).toBeGreaterThanOrEqual(10);
    for (const name of commandNames()) expect(rows.some((r) => r.cmd.startsWith(`ibh ${name} `) || r.cmd === `ibh ${name}`), name).toBe(true);
    for (const script of ['bench', 'rates', 'probes', 'ravi-experiment', 'real-data', 'sweep']) expect(rows.some((r) => r.cmd.startsWith(`npm run ${script} --`)), script).toBe(true);
  });

  test.concurrent.each(rows.map((r) => [r.cmd, r.exit, r.answer] as const))('%s → exit %i, "%s"', async (cmd, exit, answer) => {
    const t0 = performance.now();
    const r = await spawnLineAsync(cmd);
    expect(r.timedOut, 'no hang').toBe(false);
    expect(r.status, r.stderr).toBe(exit);
    expect(r.stderr).toContain(answer);
    // Never a stack trace, and bad input is answered before any work (well under the time of one claim).
    expect(r.stderr).not.toMatch(/\n\s+at .+:\d+:\d+/);
    if (exit === 2) expect(performance.now() - t0).toBeLessThan(30_000);
  });
});

describe('every command: --help with an example, ibh help, --version', () => {
  const COMMAND_NAMES = ['verify', 'merge', 'gate', 'replay', 'probe', 'margin'];
  test('the list below is every command of ibh --help', () => {
    expect([...commandNames()].sort()).toEqual([...COMMAND_NAMES].sort());
  });
  test.each(COMMAND_NAMES)('ibh %s --help, -h and ibh help <command>: usage, options and examples on stdout, exit 0', (name) => {
    const extra = name === 'verify' ? [[name, '--quick', '--help']] : [];
    for (const args of [[name, '--help'], [name, '-h'], ['help', name], ...extra]) {
      const r = ibh(...args);
      expect(r.status, args.join(' ')).toBe(0);
      expect(r.stdout).toContain(`usage: ibh ${name}`);
      expect(r.stdout).toMatch(/examples:\n {2}ibh /);
      expect(r.stderr).toBe('');
    }
  });

  test('npm run bench -- --help answers with its usage and examples, and runs nothing', () => {
    const r = spawnLine('npm run bench -- --help');
    expect(r.status).toBe(0);
    expect(r.stdout).toContain('usage: npm run bench -- [--quick]');
    expect(r.stdout).toContain('examples:');
    expect(r.stdout).not.toContain('# margin solves');
  });

  test('ibh --version prints the version of package.json', () => {
    const pkg = JSON.parse(readFileSync('package.json', 'utf8')) as { name: string; version: string };
    const r = ibh('--version');
    expect(r.status).toBe(0);
    expect(r.stdout.trim()).toBe(`${pkg.name} ${pkg.version}`);
  });

  test('ibh alone prints the usage to stderr with exit 2; ibh --help to stdout with exit 0', () => {
    const bare = ibh();
    expect(bare.status).toBe(2);
    expect(bare.stderr).toContain('usage: ibh <command>');
    const help = ibh('--help');
    expect(help.status).toBe(0);
    expect(help.stdout).toMatch(/Exit codes: 0 ok; 1 a check failed; 2 bad input .*; 3 solver or internal error/);
  });
});

describe('output paths are checked before any work', () => {
  test('verify --out <a file> is refused at once and the file is left as it was', () => {
    const dir = mkdtempSync(join(tmpdir(), 'ibh-out-'));
    const file = join(dir, 'taken');
    writeFileSync(file, 'keep me');
    const r = ibh('verify', '--only', 'lemma-4.2', '--no-probes', '--out', file);
    expect(r.status).toBe(2);
    expect(r.stderr).toContain('is a file, not a directory');
    expect(r.stdout).toBe('');
    expect(readFileSync(file, 'utf8')).toBe('keep me');
  });

  test('margin --out under a file is refused before the solve; an existing report is not truncated by the check', () => {
    const dir = mkdtempSync(join(tmpdir(), 'ibh-out-'));
    const file = join(dir, 'taken');
    writeFileSync(file, 'keep me');
    const under = ibh('margin', '--data', 'fixtures/small.json', '--out', join(file, 'report.json'));
    expect(under.status).toBe(2);
    expect(under.stderr).toContain('is a file, not a directory');
    expect(under.stdout).toBe('');
    const bad = ibh('margin', '--data', 'fixtures/not-separable.json', '--out', file);
    expect(bad.status).toBe(2);
    expect(readFileSync(file, 'utf8')).toBe('keep me');
  });

  test('verify --seed S records the seed it ran (in range) and the summary lands in a fresh nested --out', () => {
    const out = join(mkdtempSync(join(tmpdir(), 'ibh-out-')), 'a', 'b');
    const r = ibh('verify', '--quick', '--no-probes', '--only', 'lemma-4.2', '--seed', '-2147483648', '--workers', '1', '--out', out);
    expect(r.status, r.stderr).toBe(0);
    const s = JSON.parse(readFileSync(join(out, 'summary.json'), 'utf8')) as { seed: number; claims: { seed: number }[] };
    expect(s.seed).toBe(-2147483648);
    expect(s.claims.every((c) => c.seed === -2147483648)).toBe(true);
  });
});
