/**
 * The report's scientific figures (issue #10): each builder's spec carries the expected layers
 * and fields with non-empty inline data from a short run, the numbers drawn are the numbers the
 * claims compute (the fitted line is the rate claims' own fit), a wrong rate passed in shows as a
 * line that leaves the fit, and every figure renders to SVG marks.
 */
import { readFileSync } from 'node:fs';
import { describe, expect, test } from 'vitest';
import { problemFromRecipe } from '../../src/arbitraries/separableProblem.js';
import { corollary54, corollary64, tailSup } from '../../src/claims/fan2025/rates.js';
import { ass41Teacher } from '../../src/claims/ravi2024/assumption41.js';
import { fig1Figures } from '../../src/figures/fig1.js';
import { directionFigures, directionTrace, svmHat } from '../../src/figures/gdDirection.js';
import { marginGapFigure } from '../../src/figures/marginGap.js';
import { probesPage, type ProbesRecord } from '../../src/figures/probesPage.js';
import { ratesPage, type RateEntry, type RateRecord } from '../../src/figures/ratesPage.js';
import { raviPage, type RaviExperiment } from '../../src/figures/raviPage.js';
import { liveGapRun } from '../../src/figures/runs.js';
import { verifyFigures } from '../../src/figures/verify.js';
import { vectorNorm } from '../../src/linalg/norms.js';
import { constantSchedule, gd, polynomialSchedule, prefixSums } from '../../src/optimizers/index.js';
import { Problem } from '../../src/problem.js';
import { rateBound } from '../../src/rates/bounds.js';
import { fitLine } from '../../src/rates/fit.js';
import type { Figure } from '../../src/report/page.js';
import { renderSvg } from '../../src/report/svg.js';
import { runTrajectory } from '../../src/trajectory/run.js';

const T = 2000;
const pb = problemFromRecipe({ recipe: 'clusters', k: 3, d: 4, nPerClass: 4, sigma: 0.1, seed: 7 }, true);
const signgd = liveGapRun(pb, { id: 'gap-signgd', optimizer: 'SignGD', family: 'nsd', p: Infinity, a: 0.5 }, T);
const adamRun = liveGapRun(pb, { id: 'gap-adam', optimizer: 'Adam', family: 'adam', p: Infinity, a: 0.8 }, T);

interface SpecRow {
  readonly t: number;
  readonly value: number;
  readonly role?: string;
  readonly series?: string;
  readonly optimizer?: string;
  readonly x?: number;
}
const isRecord = (v: unknown): v is Record<string, unknown> => typeof v === 'object' && v !== null;
const str = (v: unknown): string | undefined => (typeof v === 'string' ? v : undefined);

/** The inline rows of a figure's spec (every figure here has top-level `data.values`). */
function rowsOf(f: Figure): SpecRow[] {
  const data: unknown = 'data' in f.spec ? f.spec.data : undefined;
  const values = isRecord(data) && Array.isArray(data.values) ? data.values : [];
  return values.filter(isRecord).map((r) => ({
    t: Number(r.t),
    value: Number(r.value),
    ...(str(r.role) ? { role: str(r.role) } : {}),
    ...(str(r.series) ? { series: str(r.series) } : {}),
    ...(str(r.optimizer) ? { optimizer: str(r.optimizer) } : {}),
    ...(typeof r.x === 'number' ? { x: r.x } : {}),
  }));
}
/** Each layer's mark type and encoded fields. */
function layersOf(f: Figure): { mark: string; fields: Record<string, string | undefined> }[] {
  const layers: unknown = 'layer' in f.spec ? f.spec.layer : [];
  return (Array.isArray(layers) ? layers : []).filter(isRecord).map((l) => {
    const mark = isRecord(l.mark) ? str(l.mark.type) ?? '' : str(l.mark) ?? '';
    const enc = isRecord(l.encoding) ? l.encoding : {};
    return { mark, fields: Object.fromEntries(Object.entries(enc).map(([k, v]) => [k, isRecord(v) ? str(v.field) : undefined])) };
  });
}

/** Least-squares slope of log value against log S_t over rows of one role (independent of src/rates). */
function slopeInS(rows: readonly SpecRow[], role: string, S: (t: number) => number): number {
  const r = rows.filter((x) => x.role === role);
  return fitLine(r.map((x) => Math.log(S(x.t))), r.map((x) => Math.log(x.value))).slope;
}

describe('margin gap figure', () => {
  const g = marginGapFigure(signgd);
  const rows = rowsOf(g.figure);

  test('layers: measured lines with points, reference lines dashed; fields t, value, series', () => {
    const layers = layersOf(g.figure);
    expect(layers.length).toBe(2);
    for (const l of layers) {
      expect(l.mark).toBe('line');
      expect([l.fields.x, l.fields.y, l.fields.color]).toEqual(['t', 'value', 'series']);
    }
    for (const role of ['data', 'evidence', 'fit', 'rate']) expect(rows.filter((r) => r.role === role).length).toBeGreaterThan(3);
    expect(rows.every((r) => r.t > 0 && r.value > 0 && Number.isFinite(r.value))).toBe(true);
  });

  test("the fitted line is the rate claim's own fit: same exponent as Cor. 5.4's evidence outcome", () => {
    const claim = corollary54(Infinity, { exponents: [0.5], steps: T });
    const outcomes = [claim.check({ problem: pb, steps: T })].flat();
    const ev = outcomes.find((o) => o.part?.includes('exponent evidence on [20, 2000]'));
    expect(ev).toBeDefined();
    expect(g.evidence.beta).toBe(ev!.lhs);
    // And the rows drawn have that slope in S_t, and are the least-squares fit of the tail-sup gap.
    expect(slopeInS(rows, 'fit', signgd.S)).toBeCloseTo(-g.evidence.beta, 9);
    const win = signgd.checkpoints.filter((c) => c.t > 0);
    const sup = tailSup(win.map((c) => c.gap.max));
    const inWin = win.flatMap((c, i) => (c.t >= T / 100 && c.t <= T ? [[Math.log(signgd.S(c.t)), Math.log(sup[i]!)] as const] : []));
    expect(fitLine(inWin.map((x) => x[0]), inWin.map((x) => x[1])).slope).toBeCloseTo(-g.evidence.beta, 9);
  });

  test("Adam's figure fits Cor. 6.4's statistic sup (γ − m/S_t), as the claim does", () => {
    const a = marginGapFigure(adamRun);
    const claim = corollary64({ exponents: [0.8], steps: T });
    const ev = [claim.check({ problem: pb, steps: T })].flat().find((o) => o.part?.includes('exponent evidence on [20, 2000]'));
    expect(a.evidence.beta).toBe(ev!.lhs);
    const evRows = rowsOf(a.figure).filter((r) => r.role === 'evidence');
    const byT = new Map(adamRun.checkpoints.map((c) => [c.t, c]));
    // The series drawn is never below the statistic at the same t (it is its tail supremum).
    for (const r of evRows) expect(r.value).toBeGreaterThanOrEqual(adamRun.gamma - byT.get(r.t)!.minMargin / adamRun.S(r.t) - 1e-15);
  });

  test("the rate line has the theorem's exponent; a wrong rate passed in draws a line that leaves the fit (planted fault)", () => {
    const right = rateBound('nsd', 0.5);
    expect(slopeInS(rows, 'rate', signgd.S)).toBeCloseTo(-g.evidence.claimed, 9);
    const wrong = marginGapFigure(signgd, rateBound('nsd', 0.9));
    const wr = rowsOf(wrong.figure);
    // The fit is the data's and does not move; the rate line does, by the exponent difference.
    expect(slopeInS(wr, 'fit', signgd.S)).toBeCloseTo(slopeInS(rows, 'fit', signgd.S), 12);
    const drift = Math.abs(slopeInS(wr, 'rate', signgd.S) - slopeInS(rows, 'rate', signgd.S));
    expect(drift).toBeGreaterThan(0.3);
    expect(wrong.rate.text).not.toBe(right.text);
    expect(Math.abs(slopeInS(wr, 'rate', signgd.S) + wrong.evidence.beta)).toBeGreaterThan(0.3);
  });

  test('the explicit bound, where drawn, lies above γ − m/S_t (Thm 5.3 = C.4)', () => {
    const b = rowsOf(g.figure).filter((r) => r.role === 'bound');
    const byT = new Map(signgd.checkpoints.map((c) => [c.t, c]));
    for (const r of b) expect(signgd.gamma - byT.get(r.t)!.minMargin / signgd.S(r.t)).toBeLessThanOrEqual(r.value * (1 + 1e-9));
  });
});

describe('Fig. 1 panels', () => {
  const runs = [{ label: 'SignGD', checkpoints: signgd.checkpoints }];
  const figs = fig1Figures({ id: 'fig1', gamma: { max: pb.margin(Infinity).gamma, '2': pb.margin(2).gamma }, runs });
  test('four panels; margins are m/‖W‖_p, cosines the checkpoints\', with γ_p drawn on the margin panels', () => {
    expect(figs.map((f) => f.id)).toEqual(['fig1-margin-max', 'fig1-margin-l2', 'fig1-cosine-max', 'fig1-cosine-l2']);
    const last = signgd.checkpoints[signgd.checkpoints.length - 1]!;
    const at = (f: Figure) => rowsOf(f).find((r) => r.t === last.t)!.value;
    expect(at(figs[0]!)).toBeCloseTo(last.minMargin / last.norm.max, 12);
    expect(at(figs[1]!)).toBeCloseTo(last.minMargin / last.norm['2'], 12);
    expect(at(figs[2]!)).toBe(last.cosine.max);
    expect(at(figs[3]!)).toBe(last.cosine['2']);
    const rule = (f: Figure) => layersOf(f).filter((l) => l.mark === 'rule').length;
    expect(figs.map(rule)).toEqual([1, 1, 0, 0]);
    for (const f of figs) expect(rowsOf(f).length).toBe(signgd.checkpoints.length - 1);
  });
});

describe('GD direction figures', () => {
  const teacher = ass41Teacher(3, 2, 10, 5, 0.3);
  const tp = new Problem(teacher.dataset);
  const eta = 0.5;
  const { points } = directionTrace({ problem: tp, optimizer: gd(constantSchedule(eta)), steps: 500, loss: 'ce', at: [10, 100, 500] });
  const What = svmHat(tp);
  const figs = directionFigures('gd', [{ label: 'GD', points, normHat: vectorNorm(What.data, 2) }]);

  test('the residual drawn is ‖W_t − Ŵ log t‖ of an independent run; the exact bound lies above e_t', () => {
    expect(points.map((p) => p.t)).toEqual([10, 100, 500]);
    for (const p of points) {
      const W = runTrajectory({ problem: tp, optimizer: gd(constantSchedule(eta)), steps: p.t, checkpoints: [], withMargins: false }).final.W;
      const rho = W.data.map((v, e) => v - Math.log(p.t) * What.data[e]!);
      expect(p.residual).toBeCloseTo(vectorNorm(rho, 2), 9);
    }
    const rows = rowsOf(figs[0]!);
    const data = rows.filter((r) => r.role === 'data');
    const bound = rows.filter((r) => r.role === 'bound');
    expect(data.length).toBe(3);
    expect(data.map((r) => r.x)).toEqual(points.map((p) => 1 / Math.log(p.t)));
    data.forEach((r, i) => expect(r.value).toBeLessThanOrEqual(bound[i]!.value));
    expect(figs.map((f) => f.id)).toEqual(['gd-direction', 'gd-residual']);
  });
});

describe('verify sections and rendering', () => {
  test('verifyFigures: three sections of figures, deterministic for a seed, different across seeds', () => {
    const a = verifyFigures({ seed: 11, quick: true });
    expect(a.map((s) => s.figures?.length)).toEqual([4, 4, 2]);
    expect(JSON.stringify(verifyFigures({ seed: 11, quick: true }))).toBe(JSON.stringify(a));
    expect(JSON.stringify(verifyFigures({ seed: 12, quick: true }))).not.toBe(JSON.stringify(a));
    for (const s of a) for (const f of s.figures ?? []) expect(rowsOf(f).length).toBeGreaterThan(0);
  });

  test('every figure renders to SVG with line marks', async () => {
    const figs = [marginGapFigure(signgd).figure, marginGapFigure(adamRun).figure, ...fig1Figures({ id: 'f', gamma: { max: 1, '2': 1 }, runs: [{ label: 'SignGD', checkpoints: signgd.checkpoints }] })];
    for (const f of figs) {
      const svg = await renderSvg(f.spec);
      expect(svg.startsWith('<svg')).toBe(true);
      // One drawn line per series (each a path with data), not just the axes and legend.
      const series = new Set(rowsOf(f).map((r) => r.series ?? r.optimizer));
      expect((svg.match(/aria-roledescription="line mark" d="M/g) ?? []).length).toBe(series.size);
    }
  });
});

describe('pages from the committed JSON', () => {
  test('rates.html: a margin-gap figure per rate run, Fig. 1, the summary and ε tables', () => {
    const read = (name: string) => JSON.parse(readFileSync(`reports/rates/${name}.json`, 'utf8')) as RateRecord;
    const S = (eta0: number, a: number, steps: number) => prefixSums(polynomialSchedule(eta0, a), steps);
    const entries: RateEntry[] = [
      { record: read('signgd-a0.5'), info: { family: 'nsd', optimizer: 'SignGD', p: Infinity, a: 0.5, eta0: 1, S: S(1, 0.5, 100000) } },
      { record: read('ngd-a0.5'), info: { family: 'nsd', optimizer: 'NGD', p: 2, a: 0.5, eta0: 1, S: S(1, 0.5, 100000) } },
      { record: read('adam-a0.667'), info: { family: 'adam', optimizer: 'Adam (ε = 0)', p: Infinity, a: 2 / 3, eta0: 0.1, eps: 0, S: S(0.1, 2 / 3, 100000) } },
      { record: read('adam-eps1e-8'), info: { family: null, optimizer: 'Adam (ε = 1e-8)', p: Infinity, a: 2 / 3, eta0: 0.1, eps: 1e-8, S: S(0.1, 2 / 3, 100000) } },
    ];
    const page = ratesPage(entries);
    expect(page.file).toBe('rates.html');
    const figs = page.sections.flatMap((s) => s.figures ?? []);
    expect(figs.filter((f) => f.id.startsWith('gap-')).length).toBe(3);
    expect(figs.filter((f) => f.id.startsWith('fig1-')).length).toBe(4);
    const fig1 = figs.find((f) => f.id === 'fig1-margin-max')!;
    expect(new Set(rowsOf(fig1).map((r) => r.optimizer))).toEqual(new Set(['NGD', 'SignGD', 'Adam, ε = 0', 'Adam, ε = 1e-8']));
    expect(page.sections.find((s) => s.heading.startsWith('Adam with ε'))?.table?.rows.length).toBe(1);
    for (const f of figs) expect(rowsOf(f).length).toBeGreaterThan(10);
  });

  test('probes.html and ravi2024.html: findings with traces; direction and residual figures', () => {
    const probes = probesPage(JSON.parse(readFileSync('reports/ravi2024/probes.json', 'utf8')) as ProbesRecord);
    expect(probes.sections[0]!.table!.rows.length).toBeGreaterThan(5);
    expect(probes.sections.flatMap((s) => s.figures ?? []).length).toBe(2);
    const ravi = raviPage(JSON.parse(readFileSync('reports/ravi2024/experiment.json', 'utf8')) as RaviExperiment);
    const figs = ravi.sections.flatMap((s) => s.figures ?? []);
    expect(figs.map((f) => f.id)).toEqual(['ravi-direction', 'ravi-residual']);
    expect(rowsOf(figs[0]!).filter((r) => r.role === 'bound').length).toBe(rowsOf(figs[0]!).filter((r) => r.role === 'data').length);
  });
});
