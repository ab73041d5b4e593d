/**
 * The exact margin solvers (γ_∞ and γ_1 by GLPK, γ_2 by NNLS) against an independent oracle
 * frozen in fixtures/oracle/margins.json: scipy HiGHS LPs for γ_∞/γ_1 and an L-BFGS-B + KKT
 * active-set polish of the SVM dual for γ_2, each with a two-sided certificate of relative gap
 * ≤ 1e-11. Regenerate with `python3 scripts/oracle_margins.py` (see its docstring).
 */
import { readFileSync } from 'node:fs';
import { afterAll, describe, expect, test } from 'vitest';
import { makeDataset, type Dataset } from '../../src/data/dataset.js';
import { gaussianClusters, plantedTeacher } from '../../src/data/samplers.js';
import { margin } from '../../src/margins/index.js';

interface OracleCertificate {
  lower: number;
  upper: number;
  relGap: number;
}
interface OracleRecord {
  source: string;
  X: number[][];
  y: number[];
  k: number;
  gamma_inf: number;
  gamma_1: number;
  gamma_2: number;
  certificates: Record<'inf' | '1' | '2', OracleCertificate>;
  scipy_version: string;
}

const TOL = 1e-9;
const records = JSON.parse(readFileSync(new URL('../../fixtures/oracle/margins.json', import.meta.url), 'utf8')) as OracleRecord[];
const NORMS = [
  { label: '∞', p: Infinity, key: 'gamma_inf', cert: 'inf' },
  { label: '1', p: 1, key: 'gamma_1', cert: '1' },
  { label: '2', p: 2, key: 'gamma_2', cert: '2' },
] as const;

/** Relative agreement of a harness value with an oracle value. */
function compareToOracle(harness: number, oracle: number, tol = TOL): { ok: boolean; rel: number } {
  const rel = Math.abs(harness - oracle) / Math.abs(oracle);
  return { ok: Number.isFinite(rel) && rel <= tol, rel };
}

const build = (r: OracleRecord): Dataset => makeDataset(r.X, r.y, { k: r.k, source: r.source });

/** Re-runs the sampler call recorded in `source`. */
function regenerate(source: string): Dataset {
  let m = /^gaussianClusters\((\{.*\})\)$/.exec(source);
  if (m) return gaussianClusters(JSON.parse(m[1]!));
  m = /^plantedTeacher\((\{.*\})\)\.dataset$/.exec(source);
  if (m) return plantedTeacher(JSON.parse(m[1]!)).dataset;
  throw new Error(`unrecognised source ${source}`);
}

const worst: Record<string, { rel: number; gap: number; seconds: number; where: string }> = {};

describe('margin solvers vs the scipy oracle', () => {
  test('fixture is sane: ≥ 12 datasets incl. paper scale, oracle certificates tight, data reproducible from source', () => {
    expect(records.length).toBeGreaterThanOrEqual(12);
    expect(records.some((r) => r.source === 'gaussianClusters({"k":10,"d":25,"nPerClass":50,"sigma":0.1,"seed":0})')).toBe(true);
    for (const r of records) {
      for (const n of NORMS) {
        const c = r.certificates[n.cert];
        expect(c.relGap, `${r.source} γ_${n.label} oracle gap`).toBeLessThanOrEqual(1e-11);
        expect(r[n.key]).toBe(c.lower);
      }
      const ds = regenerate(r.source);
      expect(ds.k).toBe(r.k);
      expect(Array.from(ds.y)).toEqual(r.y);
      expect(Array.from(ds.X.data)).toEqual(r.X.flat());
    }
  });

  test('oracle values nest: γ_1 ≤ γ_2 ≤ γ_∞ (unit balls B_1 ⊂ B_2 ⊂ B_∞)', () => {
    for (const r of records) {
      expect(r.gamma_1, r.source).toBeGreaterThan(0);
      expect(r.gamma_1, r.source).toBeLessThanOrEqual(r.gamma_2);
      expect(r.gamma_2, r.source).toBeLessThanOrEqual(r.gamma_inf);
    }
  });

  for (const n of NORMS) {
    describe(`γ_${n.label}`, () => {
      for (const r of records) {
        test(r.source, () => {
          const res = margin(build(r), n.p);
          const oracle = r[n.key];
          const cmp = compareToOracle(res.gamma, oracle);
          const w = (worst[n.label] ??= { rel: 0, gap: 0, seconds: 0, where: '' });
          if (cmp.rel >= w.rel) Object.assign(w, { rel: cmp.rel, where: r.source });
          w.gap = Math.max(w.gap, res.certificate.relGap);
          w.seconds += res.seconds;
          expect(cmp.ok, `harness ${res.gamma} vs oracle ${oracle}: rel ${cmp.rel.toExponential(2)}`).toBe(true);
          expect(res.certificate.relGap).toBeLessThanOrEqual(TOL);
          // The oracle's certified interval and the harness's must overlap (up to rounding).
          const c = r.certificates[n.cert];
          expect(res.certificate.lower).toBeLessThanOrEqual(c.upper * (1 + 1e-12));
          expect(c.lower).toBeLessThanOrEqual(res.certificate.upper * (1 + 1e-12));
        });
      }
    });
  }

  test('planted fault: an oracle value off by 1e-8 relative is reported as a mismatch', () => {
    const r = records.find((x) => x.source.startsWith('plantedTeacher'))!;
    for (const n of NORMS) {
      const g = margin(build(r), n.p).gamma;
      expect(compareToOracle(g, r[n.key]).ok).toBe(true);
      expect(compareToOracle(g, r[n.key] * (1 + 1e-8)).ok).toBe(false);
      expect(compareToOracle(g, r[n.key] * (1 - 1e-8)).ok).toBe(false);
      // ...while a perturbation well inside the tolerance is not.
      expect(compareToOracle(g, r[n.key] * (1 + 1e-11)).ok).toBe(true);
    }
  });

  afterAll(() => {
    for (const [label, w] of Object.entries(worst)) {
      console.log(
        `γ_${label}: max rel discrepancy ${w.rel.toExponential(2)} (${w.where}), max harness relGap ${w.gap.toExponential(2)}, solver time ${w.seconds.toFixed(2)}s`,
      );
    }
  });
});
