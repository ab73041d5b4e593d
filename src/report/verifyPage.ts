import { replayLine } from '../claims/replay.js';
import type { ClaimKind } from '../claims/types.js';
import { decisionRegionFigure, ratioFigure } from './claimPlots.js';
import { seedsText, type ClaimFailure, type ClaimRow, type Coverage } from './claimRows.js';
import { planarCase } from './counterexample.js';
import type { Cell, Figure, ReportPage, Section } from './page.js';

/** The page `ibh verify` writes beside summary.json. */
export const VERIFY_PAGE_FILE = 'index.html';

export interface VerifyPageOptions {
  /** Title line of the run (seed or seeds, --quick) and where it came from. */
  readonly provenance?: readonly string[];
  /**
   * The input of a failed row (its counterexample replayed), for the picture of a small 2-D
   * case; may throw (the page then says why there is no picture). Absent: data only.
   */
  readonly inputOf?: (row: ClaimRow) => unknown;
  /**
   * Sections appended after the claims (the hook for the trajectory figures: margin gap
   * against t, the Fig. 1 panels, GD's direction error).
   */
  readonly extraSections?: readonly Section[];
}

const KIND_TEXT: Record<ClaimKind, string> = {
  'exact-inequality': 'exact inequality',
  'explicit-bound': 'explicit bound',
  'asymptotic-evidence': 'asymptotic evidence',
};

/** An element id for a claim (ids hold '/', '.', which section ids allow). */
export const claimAnchor = (id: string): string => `claim-${id.replace(/[^A-Za-z0-9_./-]/g, '_')}`;
const figureId = (prefix: string, id: string): string => `${prefix}-${id.replace(/[^A-Za-z0-9_-]/g, '_')}`;

const ratioText = (r: number): string => (Number.isFinite(r) ? r.toPrecision(6) : '—');

/** Coverage in one cell: each dimension with its number of distinct labels; the full counts on hover. */
export function coverageCell(c: Coverage | undefined): Cell {
  if (!c || Object.keys(c).length === 0) return '—';
  const dims = Object.entries(c);
  return {
    text: dims.map(([dim, labels]) => `${dim} ${Object.keys(labels).length}`).join(' · '),
    title: dims.map(([dim, labels]) => `${dim}: ${Object.entries(labels).map(([l, n]) => `${l} ${n}`).join(', ')}`).join('\n'),
  };
}

function seedsCell(r: ClaimRow): Cell {
  if (r.seeds.length === 1) return String(r.seeds[0]);
  const failing = r.seeds.length - r.seedsPassed;
  return { text: `${r.seedsPassed}/${r.seeds.length} passed`, title: `seeds ${seedsText(r.seeds)}${failing ? `; failed on ${failing}` : ''}` };
}

const CERTIFICATION_TEXT: Record<NonNullable<ClaimFailure['certification']>, string> = {
  certified: 'certified: the inequality fails in exact arithmetic too (a real counterexample)',
  rounding: 'rounding: a float64 near-tie; in high precision the inequality holds, so this is no refutation',
  uncertified: 'uncertified: the high-precision re-evaluation could not decide',
};

/** The claims table: one row per claim, filterable by paper, section, status and kind. */
export function claimsTable(rows: readonly ClaimRow[]): Section {
  const n = (s: ClaimRow['status']) => rows.filter((r) => r.status === s).length;
  return {
    heading: 'Claims',
    text: [
      `${rows.length} claims: ${n('pass')} passed, ${n('fail')} failed, ${n('error')} raised an error. ` +
        'Kind says what a pass means: an exact inequality or explicit bound is checked at every input; asymptotic evidence is a finite-horizon proxy. ' +
        'Worst ratio: the largest lhs/rhs over the passing inputs (1 = the bound is attained). Coverage: the input regimes fast-check drew (hover for counts).',
    ],
    table: {
      id: 'claims',
      columns: ['claim', 'paper', 'section', 'ref', 'status', 'kind', 'runs', 'seeds', 'worst ratio', 'coverage', 'time (s)'],
      filters: ['paper', 'section', 'status', 'kind'],
      rows: rows.map((r) => [
        { text: r.id, href: `#${claimAnchor(r.id)}`, title: r.title },
        r.paper,
        r.section,
        r.ref,
        r.status,
        KIND_TEXT[r.kind],
        r.runs,
        seedsCell(r),
        ratioText(r.worstRatio),
        coverageCell(r.coverage),
        (r.durationMs / 1000).toFixed(2),
      ]),
    },
  };
}

/** A failed claim: its counterexample as data (and as a picture when it is a small 2-D case). */
function failureSection(r: ClaimRow, f: ClaimFailure, o: VerifyPageOptions): Section {
  const text = [`${r.title}. ${r.statement}`, `${f.status === 'error' ? 'Error' : 'Failure'} on seed ${f.seed}${f.relaxed.length ? ` with ${f.relaxed.join(', ')} dropped` : ''}: ${f.message}`];
  if (f.certification) text.push(CERTIFICATION_TEXT[f.certification]);
  const code: string[] = [];
  if (f.replay) code.push(f.replay);
  if (f.counterexample) code.push(`input: ${f.counterexample}`);
  const probes = probeLines(r);
  text.push(...probes.text);
  code.push(...probes.code);
  const figures: Figure[] = [];
  if (o.inputOf) {
    try {
      const c = planarCase(o.inputOf(r));
      if (c) figures.push(decisionRegionFigure(figureId('counterexample', r.id), c));
      else text.push('No picture: the counterexample is not a small 2-D dataset with a point W.');
    } catch (e) {
      text.push(`No picture: replaying the case failed (${e instanceof Error ? e.message : String(e)}).`);
    }
  }
  const sides: (readonly Cell[])[] = [];
  if (f.lhs !== undefined && f.rhs !== undefined) sides.push(['float64', String(f.lhs), String(f.rhs), f.part ?? '']);
  if (f.exact) sides.push(['high precision', f.exact.lhs, f.exact.rhs, f.part ?? '']);
  return {
    heading: `${f.status === 'error' ? 'ERROR' : 'FAIL'} ${r.id} (${r.ref})`,
    id: claimAnchor(r.id),
    text,
    code,
    ...(sides.length ? { table: { columns: ['arithmetic', 'lhs', 'rhs', 'part'], rows: sides } } : {}),
    figures,
  };
}

/** The probes of a claim's assumptions: a line each, and the replay line of each counterexample found. */
function probeLines(r: ClaimRow): { text: string[]; code: string[] } {
  const text: string[] = [];
  const code: string[] = [];
  for (const p of r.probes ?? []) {
    text.push(`Probe, ${p.assumption} dropped: ${p.verdict === 'needed' ? 'needed (a counterexample without it)' : p.verdict} in ${p.runs} runs${p.message ? `: ${p.message}` : ''}`);
    if (p.verdict === 'needed' && p.path !== undefined) code.push(replayLine(p.claim, p.seed, p.path, [p.assumption]));
  }
  return { text, code };
}

/** A passing claim's particulars, folded: statement, coverage, ratio distribution (tight claims), probes. */
function claimSection(r: ClaimRow): Section {
  const text = [`${r.title}. ${r.statement}`, `${KIND_TEXT[r.kind]}; ${r.runs} runs on seed${r.seeds.length > 1 ? 's' : ''} ${seedsText(r.seeds)}; worst ratio ${ratioText(r.worstRatio)}${r.tight ? ' (a tight claim)' : ''}.`];
  const probes = probeLines(r);
  text.push(...probes.text);
  const coverageRows = Object.entries(r.coverage ?? {}).flatMap(([dim, labels]) => Object.entries(labels).map(([label, n]): Cell[] => [dim, label, n]));
  const figures = r.tight && r.ratios?.some((x) => Number.isFinite(x)) ? [ratioFigure(figureId('ratios', r.id), r.id, r.ratios)] : [];
  return {
    heading: `${r.status === 'pass' ? 'pass' : r.status.toUpperCase()} ${r.id} (${r.ref})`,
    id: claimAnchor(r.id),
    collapsed: true,
    text,
    ...(probes.code.length ? { code: probes.code } : {}),
    ...(coverageRows.length ? { table: { columns: ['dimension', 'label', 'inputs'], rows: coverageRows } } : {}),
    figures,
  };
}

/**
 * The verify report: the claims table, each failure with its counterexample (data, replay line,
 * both sides, certification, a picture for a small 2-D case), then each claim's particulars,
 * then `extraSections`.
 */
export function verifyPage(rows: readonly ClaimRow[], o: VerifyPageOptions = {}): ReportPage {
  return {
    file: VERIFY_PAGE_FILE,
    title: 'implicit-bias-harness: claims',
    ...(o.provenance ? { provenance: o.provenance } : {}),
    sections: [
      claimsTable(rows),
      ...rows.flatMap((r) => (r.failure ? [failureSection(r, r.failure, o)] : [])),
      ...rows.filter((r) => r.failure === undefined).map(claimSection),
      ...(o.extraSections ?? []),
    ],
  };
}
