/** The HTML report (issue #10): pages from fixture summaries, the filter script, the navigation, counterexample pictures. */
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { spawnSync } from 'node:child_process';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, test } from 'vitest';
import { lemma42 } from '../../src/claims/fan2025/appendixA.js';
import { pointInput } from '../../src/claims/inputs.js';
import { runClaimWithInput } from '../../src/claims/runner.js';
import { verify, type VerifyEntry, type VerifySummary } from '../../src/claims/verify.js';
import type { Claim } from '../../src/claims/types.js';
import type { GateReport } from '../../src/gate/gate.js';
import { fromRows } from '../../src/linalg/matrix.js';
import { decisionRegionFigure, ratioFigure, regionCells } from '../../src/report/claimPlots.js';
import { mergeCoverage, rowsOfSweep, rowsOfVerify, seedsText } from '../../src/report/claimRows.js';
import { planarCase, predictedClass, replayedInput } from '../../src/report/counterexample.js';
import { FILTER_SCRIPT } from '../../src/report/filter.js';
import { gatePage } from '../../src/report/gatePage.js';
import { pageHtml, writePage } from '../../src/report/html.js';
import { KNOWN_PAGES, NAV_END, NAV_START } from '../../src/report/nav.js';
import { renderSvg } from '../../src/report/svg.js';
import { verifyPage } from '../../src/report/verifyPage.js';
import { planted2d, plantedSection } from './planted.js';

const tmp = (): string => mkdtempSync(join(tmpdir(), 'ibh-report-'));

/** Data marks drawn in an SVG vega rendered: children of its `role-mark` groups. */
const markCount = (svg: string): number => (svg.match(/<g class="mark-[a-z]+ role-mark[^"]*"[^>]*>(?:<(?:path|line|rect|text)[^>]*>)/g) ?? []).length;

const entry = (e: Partial<VerifyEntry> & Pick<VerifyEntry, 'id' | 'status'>): VerifyEntry => ({
  ref: 'Lemma X',
  title: 'a claim',
  runs: 10,
  seed: 7,
  worstRatio: 0.5,
  durationMs: 1200,
  kind: 'exact-inequality',
  section: `${e.id.split('/')[0]}/section-x`,
  confidence: 'high',
  tight: false,
  statement: 'lhs ≤ rhs',
  ...e,
});

const fixture: VerifySummary = {
  tool: 'implicit-bias-harness',
  seed: 7,
  quick: true,
  startedAt: '2026-01-01T00:00:00.000Z',
  durationMs: 5000,
  counts: { pass: 2, fail: 1, error: 0 },
  claims: [
    entry({ id: 'fan2025/lemma-a', status: 'pass', tight: true, ratios: [0.2, 0.5, 0.93, 0.99], coverage: { recipe: { clusters: 6, teacher: 4 }, k: { '2': 7, '3': 3 } }, probes: [{ claim: 'fan2025/lemma-a', assumption: 'simplex', verdict: 'needed', runs: 10, seed: 7, path: '2:0' }] }),
    entry({ id: 'ravi2024/thm-b', status: 'pass', kind: 'asymptotic-evidence', section: 'ravi2024/theorem-3.4' }),
    entry({
      id: 'fan2025/lemma-c',
      status: 'fail',
      path: '3:1:0',
      counterexample: '{ z: Float64Array.from([0,1]) }',
      failure: { message: 'lhs 2 > rhs 1.9', outcome: { ok: false, lhs: 2, rhs: 1.9, ratio: 2 / 1.9 } },
      certification: 'certified',
      exact: { lhs: '2.0000000000000000001', rhs: '1.9' },
    }),
  ],
};

describe('the verify page from a fixture summary', () => {
  test('a row per claim with status, kind, runs, seeds, worst ratio, coverage, time; filters; failure data; ratio plot', async () => {
    const rows = rowsOfVerify(fixture);
    const html = await pageHtml(verifyPage(rows, { provenance: ['ibh verify --quick: seed 7'] }));
    expect(html.match(/<tr data-f1=/g)?.length).toBe(3);
    for (const col of ['paper', 'section', 'status', 'kind']) expect(html).toContain(`<label>${col} <select data-table="claims"`);
    expect(html).toContain('<td>asymptotic evidence</td>');
    expect(html).toContain('<td>recipe 2 · k 2</td>'.replace('<td>', '<td title="recipe: clusters 6, teacher 4\nk: 2 7, 3 3">'));
    expect(html).toContain('ibh replay --claim fan2025/lemma-c --seed 7 --path 3:1:0');
    expect(html).toContain('certified: the inequality fails in exact arithmetic');
    expect(html).toContain('<td>2.0000000000000000001</td>');
    expect(html).toContain('<figure id="ratios-fan2025_lemma-a"');
    expect(html).toContain('Probe, simplex dropped: needed (a counterexample without it) in 10 runs');
    expect(html).toContain('<pre><code>ibh replay --claim fan2025/lemma-a --seed 7 --path 2:0 --drop simplex</code></pre>');
    expect(html).toContain('id="claim-fan2025/lemma-c"');
    expect(html).toContain('href="#claim-fan2025/lemma-c"');
    expect(html).not.toMatch(/(src|href)="https?:/);
    // a non-tight claim gets no ratio plot; a failure gets no picture without an input
    expect(html).not.toContain('ratios-ravi2024');
    expect(html).not.toContain('counterexample-fan2025');
  });

  test('extraSections are appended (the hook for the trajectory figures)', async () => {
    const html = await pageHtml(verifyPage(rowsOfVerify(fixture), { extraSections: [{ heading: 'Margin gap against t', text: ['from report-figures'] }] }));
    expect(html.indexOf('Margin gap against t')).toBeGreaterThan(html.indexOf('fan2025/lemma-c'));
  });

  test('a sweep becomes one row per claim: runs summed, seeds listed, coverage and ratios merged, first failure kept', () => {
    const a = (seed: number, status: 'pass' | 'fail') =>
      entry({ id: 'fan2025/lemma-a', status, seed, runs: 5, ratios: [seed / 10], coverage: { k: { '2': seed } }, ...(status === 'fail' ? { path: '1:0', failure: { message: 'x' } } : {}) });
    const rows = rowsOfSweep({
      claims: [{ id: 'fan2025/lemma-a', ref: 'L', title: 't', section: 's', kind: 'exact-inequality', confidence: 'high', tight: true, statement: 'st', seedsPassed: 2, seedsTotal: 3, failingSeeds: [2], worstRatio: 0.3 }],
      perSeed: [1, 2, 3].map((seed) => ({ seed, counts: { pass: 1, fail: 0, error: 0 }, claims: [a(seed, seed === 2 ? 'fail' : 'pass')] })),
    });
    expect(rows).toHaveLength(1);
    const r = rows[0]!;
    expect(r).toMatchObject({ status: 'fail', runs: 15, seeds: [1, 2, 3], seedsPassed: 2, ratios: [0.1, 0.2, 0.3], coverage: { k: { '2': 6 } } });
    expect(r.failure?.replay).toBe('ibh replay --claim fan2025/lemma-a --seed 2 --path 1:0');
    expect(seedsText([1, 2, 3, 4, 9, 11, 12])).toBe('1..4, 9, 11, 12');
    expect(mergeCoverage([undefined, undefined])).toBeUndefined();
  });

  test('a tight claim\'s ratio figure draws its bars and the bound', async () => {
    const svg = await renderSvg(ratioFigure('r', 'x', [0.1, 0.5, 0.97, 1]).spec);
    expect(markCount(svg)).toBeGreaterThanOrEqual(2);
    expect(svg).toContain('mark-rule role-mark');
  });
});

describe('the filter script', () => {
  const rowVisible: (values: Record<string, string | null>, selected: Record<string, string>) => boolean = new Function(`${FILTER_SCRIPT}; return ibhRowVisible;`)();
  test('a row is shown iff every non-empty selection equals its value', () => {
    expect(rowVisible({ 1: 'fan2025', 4: 'pass' }, { 1: '', 4: '' })).toBe(true);
    expect(rowVisible({ 1: 'fan2025', 4: 'pass' }, { 1: 'fan2025', 4: '' })).toBe(true);
    expect(rowVisible({ 1: 'fan2025', 4: 'pass' }, { 1: 'fan2025', 4: 'fail' })).toBe(false);
    expect(rowVisible({ 1: 'ravi2024', 4: 'pass' }, { 1: 'fan2025', 4: '' })).toBe(false);
  });
  test('a page with no filterable table carries no script', async () => {
    expect(await pageHtml({ file: 'x.html', title: 'x', sections: [{ heading: 'h', table: { columns: ['a'], rows: [['1']] } }] })).not.toContain('<script>');
  });
  test('a filter on a column the table lacks is an error naming it', async () => {
    await expect(pageHtml({ file: 'x.html', title: 'x', sections: [{ heading: 'h', table: { id: 't', columns: ['a'], filters: ['b'], rows: [] } }] })).rejects.toThrow(/'b'/);
  });
});

describe('the navigation across the report directory', () => {
  const navOf = (html: string): string => html.slice(html.indexOf(NAV_START), html.indexOf(NAV_END));

  test('a page written later is linked from every page; absent known pages show their command', async () => {
    const dir = tmp();
    await writePage(dir, { file: 'index.html', title: 'claims', sections: [] });
    let nav = navOf(readFileSync(join(dir, 'index.html'), 'utf8'));
    expect(nav).not.toContain('href="rates.html"');
    expect(nav).toContain('<code>npm run rates</code>');
    await writePage(dir, { file: 'rates.html', title: 'rates page', sections: [] });
    await writePage(dir, { file: 'my-extra.html', title: 'an extra page', sections: [] });
    nav = navOf(readFileSync(join(dir, 'index.html'), 'utf8'));
    expect(nav).toContain('<a href="rates.html" title="rates page">');
    expect(nav).toContain('<a href="my-extra.html" title="an extra page">');
    expect(nav).not.toContain('<code>npm run rates</code>');
    expect(nav).toContain('aria-current="page" title="claims"');
    const ratesNav = navOf(readFileSync(join(dir, 'rates.html'), 'utf8'));
    expect(ratesNav).toContain('<a href="index.html"');
    for (const k of KNOWN_PAGES.filter((p) => !['index.html', 'rates.html'].includes(p.file))) expect(nav).toContain(k.command);
  });

  test('rewriting is idempotent and leaves an unmarked page alone', async () => {
    const dir = tmp();
    writeFileSync(join(dir, 'hand.html'), '<html><title>by hand</title></html>');
    await writePage(dir, { file: 'index.html', title: 'claims', sections: [] });
    const once = readFileSync(join(dir, 'index.html'), 'utf8');
    await writePage(dir, { file: 'index.html', title: 'claims', sections: [] });
    expect(readFileSync(join(dir, 'index.html'), 'utf8')).toBe(once);
    expect(once).toContain('<a href="hand.html" title="by hand">');
    expect(readFileSync(join(dir, 'hand.html'), 'utf8')).toBe('<html><title>by hand</title></html>');
  });

  test('a page file must be a plain .html name', async () => {
    await expect(writePage(tmp(), { file: '../x.html', title: 'x', sections: [] })).rejects.toThrow(/plain file name/);
  });
});

describe('counterexample pictures', () => {
  test('predictedClass is argmax_c w_c·x, lowest c on a tie', () => {
    const W = fromRows([[1, 0], [0, 1], [-1, -1]]);
    expect(predictedClass(W, 2, 1)).toBe(0);
    expect(predictedClass(W, 1, 2)).toBe(1);
    expect(predictedClass(W, -1, -1)).toBe(2);
    expect(predictedClass(W, 1, 1)).toBe(0);
  });

  test('the planted fault fails on a 2-D input; (X, y, W) are extracted and drawn (regions and points)', async () => {
    const claim = planted2d();
    const { result, input } = runClaimWithInput(claim, { seed: 11 });
    expect(result.status).toBe('fail');
    const c = planarCase(input);
    expect(c).toBeDefined();
    expect(c!.X.cols).toBe(2);
    expect(c!.W.rows).toBe(c!.k);
    const cells = regionCells(c!, 8);
    expect(cells).toHaveLength(64);
    for (const cell of cells) expect(cell.region).toBe(`class ${predictedClass(c!.W, (cell.x + cell.x2) / 2, (cell.y + cell.y2) / 2)}`);
    const svg = await renderSvg(decisionRegionFigure('cx', c!).spec);
    expect(svg).toContain('mark-rect role-mark');
    expect(svg).toContain('mark-symbol role-mark');
    expect((svg.match(/<path/g) ?? []).length).toBeGreaterThan(64);
  });

  test('verify → page: the failure is replayed from seed and path and shown with its picture', async () => {
    const claim = planted2d();
    const s = verify({ seed: 3, quick: false, probes: false, sections: [plantedSection(claim)] });
    const rows = rowsOfVerify(s);
    expect(rows[0]!.status).toBe('fail');
    const lookup = (id: string): Claim<unknown> | undefined => (id === claim.id ? claim : undefined);
    expect(planarCase(replayedInput(rows[0]!, lookup))).toBeDefined();
    const html = await pageHtml(verifyPage(rows, { inputOf: (r) => replayedInput(r, lookup) }));
    expect(html).toContain('<figure id="counterexample-planted_lemma-4_3-i-constant-1_9"');
    expect(html).toContain(`ibh replay --claim ${claim.id} --seed 3 --path ${rows[0]!.failure!.path}`);
  });

  test('no picture for inputs without a 2-D problem and W: a simplex point, d = 3, a replay that throws', async () => {
    const simplex = runClaimWithInput(lemma42({ constant: 3.9 }), { seed: 1 });
    expect(simplex.result.status).toBe('fail');
    expect(planarCase(simplex.input)).toBeUndefined();
    const fc = (await import('fast-check')).default;
    const p3 = fc.sample(pointInput({ problems: { maxD: 3 } }), { numRuns: 60, seed: 5 }).find((x) => x.problem.d === 3);
    expect(p3).toBeDefined();
    expect(planarCase(p3)).toBeUndefined();
    expect(planarCase({ problem: p3!.problem })).toBeUndefined();
    expect(planarCase(null)).toBeUndefined();
    const html = await pageHtml(verifyPage(rowsOfVerify(fixture), { inputOf: () => { throw new Error('path leads nowhere'); } }));
    expect(html).toContain('No picture: replaying the case failed (path leads nowhere)');
  });
});

describe('the gate page', () => {
  const report: GateReport = {
    verdict: 'reject',
    family: 'signgd',
    horizon: null,
    checks: [
      { tier: 1, id: 'reference-equivalence', status: 'pass', detail: 'all 200 cases agree', seed: 7, durationMs: 10 },
      { tier: 2, id: 'fan2025/lemma-5.1', status: 'fail', detail: 'lhs 3 > rhs 2', seed: 7, path: '4:0', replay: 'ibh gate --optimizer x.mjs --as signgd --seed 7', durationMs: 20 },
      { tier: 3, id: 'implicit-bias', status: 'skipped', detail: 'not run', seed: null, durationMs: 0 },
    ],
  };
  test('verdict, every check with status by tier (filterable), the failing case with its replay line', async () => {
    const html = await pageHtml(gatePage(report, { optimizer: 'x.mjs', command: 'ibh gate --optimizer x.mjs --as signgd' }));
    expect(html).toContain('Verdict: REJECT');
    expect(html.match(/<tr data-f0=/g)?.length).toBe(3);
    expect(html).toContain('<td>skipped</td>');
    expect(html).toContain('FAIL tier 2 fan2025/lemma-5.1 (seed 7)');
    expect(html).toContain('<pre><code>ibh gate --optimizer x.mjs --as signgd --seed 7</code></pre>');
    expect(html).toContain('fast-check { seed: 7, path: &quot;4:0&quot; }');
  });
});

describe('ibh verify writes index.html beside summary.json', () => {
  test('one claim, --quick: the page lists it and says where it is', () => {
    const out = tmp();
    const r = spawnSync(process.execPath, ['--import', 'tsx', 'src/cli/main.ts', 'verify', '--quick', '--no-probes', '--no-db', '--only', 'lemma-4.3-ii', '--seed', '7', '--out', out], { encoding: 'utf8' });
    expect(r.status, r.stderr).toBe(0);
    expect(r.stdout).toContain(`report: ${join(out, 'index.html')}`);
    const html = readFileSync(join(out, 'index.html'), 'utf8');
    expect(html).toContain('href="#claim-fan2025/lemma-4.3-ii"');
    expect(html).toContain('ibh verify --quick --only lemma-4.3-ii: seed 7');
  });
});
