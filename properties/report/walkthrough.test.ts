/**
 * The README's planted-fault walkthrough (issue #10, "Done when"), run as written: the lines of
 * the fenced block after `<!-- planted-walkthrough -->`, from the repository root, with the
 * failure database in a temporary directory (IBH_DB_DIR) and the default seed. `verify --plant`
 * must fail (exit 1) with a certified refutation, save it to the database, draw it on the page;
 * the README's replay line must reproduce the same numbers; the probe must shrink a case. The page
 * `ibh verify` wrote opens in headless Chromium with a rendered mark in every plot (the
 * trajectory figures and the counterexample's picture); its screenshot goes to
 * reports/out/screenshots/verify-command.png.
 */
import { spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, test } from 'vitest';
import { findChromium, NO_CHROMIUM, SCREENSHOTS, withReportPage } from './chromium.js';

const readme = readFileSync('README.md', 'utf8');
const block = /<!-- planted-walkthrough -->\n```sh\n([\s\S]*?)\n```/.exec(readme)?.[1] ?? '';
const [verifyLine, replayLine, probeLine] = block.split('\n').map((l) => l.trim());
const db = mkdtempSync(join(tmpdir(), 'ibh-walkthrough-db-'));
const env: NodeJS.ProcessEnv = { ...process.env, IBH_DB_DIR: db };
delete env.IBH_SEED;
const run = (cmd: string) => spawnSync('bash', ['-c', cmd], { encoding: 'utf8', timeout: 180_000, env });
/** The number printed after `label` on a line of the form `  label  <number>` (replay's format). */
const numberAfter = (text: string, label: string): string | undefined => new RegExp(`^\\s*${label}\\s+(\\S+)$`, 'm').exec(text)?.[1];

afterAll(() => rmSync(db, { recursive: true, force: true }));
/** The page verify wrote, for the browser test (filled by the verify test, which runs first). */
const pageChecks: string[] = [];

describe("the README's planted-fault walkthrough", () => {
  test('the README has the three lines: verify --plant, replay, probe', () => {
    expect(verifyLine).toMatch(/verify --plant .*--out (\S+)/);
    expect(replayLine).toMatch(/replay --claim planted\//);
    expect(probeLine).toMatch(/probe --claim \S+ --drop \S+/);
  });

  test('verify --plant: exit 1, certified, saved to the database, drawn on the page; the printed replay line is the README one; replay gives the same numbers', () => {
    const v = run(verifyLine!);
    expect(v.status, v.stdout + v.stderr).toBe(1);
    expect(v.stdout).toMatch(/certified refutation/);
    const printed = /replay: (ibh replay --claim \S+ --seed \S+ --path \S+)/.exec(v.stdout)?.[1];
    expect(printed, v.stdout).toBeDefined();
    // The README's replay line is the one verify prints (a stale README fails here).
    expect(replayLine!.replace(/^npm run ibh -- /, 'ibh ')).toBe(printed);

    const saved = readdirSync(db, { recursive: true }).map(String).filter((f) => f.endsWith('.json'));
    expect(saved.length, `database ${db}`).toBe(1);
    const entry = JSON.parse(readFileSync(join(db, saved[0]!), 'utf8')) as { claim: string };
    expect(entry.claim).toBe('planted/lemma-4.3-i-constant-1.9');

    const out = /--out (\S+)/.exec(verifyLine!)![1]!;
    const html = readFileSync(join(out, 'index.html'), 'utf8');
    expect(html).toContain('<figure id="counterexample-planted_lemma-4_3-i-constant-1_9"');
    expect(html).toMatch(/certified/);
    expect(existsSync(join(out, 'summary.json'))).toBe(true);

    pageChecks.push(join(out, 'index.html'));

    const r = run(replayLine!);
    expect(r.status, r.stdout + r.stderr).toBe(1);
    expect(r.stdout).toMatch(/FAIL: the claim does not hold on this case \(certified/);
    // The same numbers: replay's lhs/rhs are the ones verify reported (as in the failure line).
    const lhs = numberAfter(r.stdout, 'lhs');
    const rhs = numberAfter(r.stdout, 'rhs');
    expect(v.stdout).toContain(`lhs ${lhs} > rhs ${rhs}`);
  }, 240_000);

  test("the page verify wrote, in headless Chromium: no console error, no network, a mark in every plot; screenshot", async (ctx) => {
    const chromium = findChromium();
    if (!chromium) {
      process.stderr.write(`\n${NO_CHROMIUM}\n`);
      ctx.skip(NO_CHROMIUM);
    }
    expect(pageChecks, 'the verify test ran and wrote its page').toHaveLength(1);
    await withReportPage(chromium!, pageChecks[0]!, async (page, errors) => {
      const marks = await page.$$eval('figure.plot', (figs) => figs.map((f) => ({ id: f.id, marks: f.querySelectorAll('svg g.role-mark > *').length })));
      // The counterexample's picture and the trajectory figures of issue #10: margin gaps, Fig. 1, GD's direction.
      const ids = marks.map((m) => m.id);
      expect(ids).toContain('counterexample-planted_lemma-4_3-i-constant-1_9');
      for (const prefix of ['gap-', 'fig1-', 'gd-']) expect(ids.some((id) => id.startsWith(prefix)), prefix).toBe(true);
      for (const m of marks) expect(m.marks, m.id).toBeGreaterThan(0);
      mkdirSync(SCREENSHOTS, { recursive: true });
      await page.screenshot({ path: join(SCREENSHOTS, 'verify-command.png'), fullPage: true });
      expect(errors).toEqual([]);
    });
  }, 120_000);

  test('probe: finds and shrinks a counterexample with the assumption dropped, with its replay line', () => {
    const p = run(probeLine!);
    expect(p.status, p.stdout + p.stderr).toBe(0);
    expect(p.stdout).toMatch(/VIOLATED/);
    expect(p.stdout).toMatch(/replay: ibh replay --claim \S+ --seed \S+ --path \S+ --drop \S+/);
  }, 180_000);
});
