/**
 * The report in a real browser (issue #10): headless Chromium (Debian's `chromium`, driven by
 * playwright-core through its executablePath) loads index.html from disk and finds no console
 * error, a rendered mark in every plot, a working filter; it saves screenshots under
 * reports/out/screenshots/. Without a browser the test is skipped with a notice, never passed.
 */
import { mkdirSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { describe, expect, test } from 'vitest';
import { verify } from '../../src/claims/verify.js';
import { rowsOfVerify } from '../../src/report/claimRows.js';
import { replayedInput } from '../../src/report/counterexample.js';
import { gatePage } from '../../src/report/gatePage.js';
import { writePage } from '../../src/report/html.js';
import { verifyPage } from '../../src/report/verifyPage.js';
import { planted2d, plantedSection } from './planted.js';
import { findChromium, NO_CHROMIUM, SCREENSHOTS, withReportPage } from './chromium.js';


describe('the report in headless Chromium', () => {
  const chromium = findChromium();

  test('index.html from disk: no console errors, every plot has marks, a filter hides rows, nav reaches gate.html; screenshots', async (ctx) => {
    if (!chromium) {
      process.stderr.write(`\n${NO_CHROMIUM}\n`);
      ctx.skip(NO_CHROMIUM);
    }
    const dir = mkdtempSync(join(tmpdir(), 'ibh-browser-'));
    // A quick verify of a few registry claims, plus a planted fault on 2-D data (its counterexample picture).
    const real = verify({ seed: 7, quick: true, probes: false, filter: 'lemma-4.3' });
    const claim = planted2d();
    const planted = verify({ seed: 7, quick: false, probes: false, sections: [plantedSection(claim)] });
    const rows = rowsOfVerify({ claims: [...real.claims, ...planted.claims] });
    expect(rows.filter((r) => r.status === 'fail').map((r) => r.id)).toEqual([claim.id]);
    await writePage(dir, verifyPage(rows, { provenance: ['browser test'], inputOf: (r) => replayedInput(r, (id) => (id === claim.id ? claim : undefined)) }));
    await writePage(dir, gatePage({ verdict: 'accept', family: 'signgd', horizon: null, checks: [{ tier: 1, id: 'reference-equivalence', status: 'pass', detail: 'ok', seed: 7, durationMs: 1 }] }, { optimizer: 'x.mjs', command: 'ibh gate --optimizer x.mjs --as signgd' }));

    await withReportPage(chromium!, join(dir, 'index.html'), async (page, errors) => {
      // Every plot: an SVG with at least one drawn data mark (a child of a vega role-mark group).
      const marks = await page.$$eval('figure.plot', (figs) => figs.map((f) => ({ id: f.id, svg: f.querySelector('svg') !== null, marks: f.querySelectorAll('svg g.role-mark > *').length })));
      expect(marks.length).toBeGreaterThan(0);
      expect(marks.map((m) => m.id)).toContain('counterexample-planted_lemma-4_3-i-constant-1_9');
      // A ratio distribution for each passing tight claim whose runs recorded ratios.
      const withRatios = rows.filter((r) => r.status === 'pass' && r.tight && r.ratios?.some((x) => Number.isFinite(x))).length;
      expect(marks.filter((m) => m.id.startsWith('ratios-'))).toHaveLength(withRatios);
      for (const m of marks) {
        expect(m.svg, m.id).toBe(true);
        expect(m.marks, m.id).toBeGreaterThan(0);
      }

      // The status filter: 'fail' leaves exactly the planted fault's row.
      const visible = () => page.$$eval('#claims tbody tr', (trs) => trs.filter((tr) => !tr.hasAttribute('hidden') && getComputedStyle(tr).display !== 'none').map((tr) => tr.querySelector('td')?.textContent ?? ''));
      expect(await visible()).toHaveLength(rows.length);
      await page.selectOption('select[data-table="claims"][data-col="4"]', 'fail');
      expect(await visible()).toEqual([claim.id]);
      expect(await page.textContent('#claims-count')).toBe(`1 of ${rows.length} rows`);
      await page.selectOption('select[data-table="claims"][data-col="4"]', '');
      await page.selectOption('select[data-table="claims"][data-col="1"]', 'fan2025');
      expect(await visible()).toHaveLength(real.claims.length);
      await page.selectOption('select[data-table="claims"][data-col="1"]', '');

      // A claim's link opens its folded section.
      const passing = rows.find((r) => r.status === 'pass')!;
      const opened = () => page.$eval(`[id="claim-${passing.id}"] details`, (d) => d.hasAttribute('open'));
      expect(await opened()).toBe(false);
      await page.click(`#claims a[href="#claim-${passing.id}"]`);
      await page.waitForFunction((id) => document.getElementById(id)?.querySelector('details')?.hasAttribute('open') === true, `claim-${passing.id}`);
      expect(await opened()).toBe(true);
      await page.goto(pathToFileURL(join(dir, 'index.html')).href);

      mkdirSync(SCREENSHOTS, { recursive: true });
      await page.screenshot({ path: join(SCREENSHOTS, 'verify-index.png'), fullPage: true });

      // The navigation block links the gate page written after the index.
      await page.click('#ibh-nav a[href="gate.html"]');
      await page.waitForURL(/gate\.html$/);
      expect(await page.textContent('h1')).toContain('ibh gate');
      await page.screenshot({ path: join(SCREENSHOTS, 'gate.png'), fullPage: true });
      expect(errors).toEqual([]);
    });
    rmSync(dir, { recursive: true, force: true });
  }, 60_000);
});
