import { solveDense } from './denseSolve.js';
import type { LP, LpSolution } from './glpk.js';

/**
 * Recomputes GLPK's optimal vertex in our own arithmetic. GLPK's values carry its feasibility
 * and optimality tolerances (~1e-7 relative, Harris ratio test), which on near-degenerate
 * data leave the certificate a hair open. The vertex is rebuilt from what the solution says:
 * a row with a nonzero dual is active (at its bound); a column strictly inside its bounds is
 * free, the others stay at their bounds. If that gives a square basis, the primal solves
 * B x_F = b − N x_N and the dual Bᵀ y = c_F (the reduced costs of free columns vanish),
 * exactly up to rounding. Column bound types are GLPK's (2 lower, 3 upper, 4 double, 5 fixed). A degenerate vertex (a tight row with a zero dual) is completed with the tightest rows.
 * Returns null when the basis is still not square, or singular, or
 * larger than `maxSize`.
 */
export function refineVertex(lp: LP, sol: LpSolution, maxSize = 600): LpSolution | null {
  const cols = (lp.bounds ?? []).map((b) => b.name);
  const colIndex = new Map(cols.map((n, j) => [n, j]));
  const nc = cols.length;
  const x = Float64Array.from(cols, (n) => sol.vars[n] ?? 0);
  const cost = new Float64Array(nc);
  for (const v of lp.objective.vars) cost[colIndex.get(v.name)!] = v.coef;
  const rows = lp.subjectTo.map((r) => ({ name: r.name, bound: r.bnds.type === 3 ? r.bnds.ub : r.bnds.lb, vars: r.vars.map((v) => ({ j: colIndex.get(v.name)!, coef: v.coef })) }));
  const active = rows.filter((r) => (sol.dual[r.name] ?? 0) !== 0);
  const free = freeColumns(lp, x);
  // A degenerate vertex: an active row whose dual is 0 (dual degeneracy) leaves fewer nonzero
  // duals than free columns. The rows tight at x complete the basis, tightest first (their
  // duals come out of the solve; a wrong pick is singular or fails the certificate, which the
  // caller checks, so this can only help).
  if (free.length > active.length) {
    const slack = (r: (typeof rows)[number]) => {
      let v = 0;
      let size = Math.abs(r.bound);
      for (const t of r.vars) {
        v += t.coef * x[t.j]!;
        size += Math.abs(t.coef * x[t.j]!);
      }
      return Math.abs(v - r.bound) / Math.max(size, 1e-300);
    };
    const tight = rows.filter((r) => !active.includes(r) && slack(r) <= 1e-7).sort((a, b) => slack(a) - slack(b));
    active.push(...tight.slice(0, free.length - active.length));
  }
  const n = free.length;
  if (n !== active.length || n === 0 || n > maxSize) return null;
  const pos = new Map(free.map((j, k) => [j, k]));
  const B = new Float64Array(n * n);
  const Bt = new Float64Array(n * n);
  const rhs = new Float64Array(n);
  active.forEach((r, i) => {
    let b = r.bound;
    for (const v of r.vars) {
      const k = pos.get(v.j);
      if (k === undefined) b -= v.coef * x[v.j]!;
      else {
        B[i * n + k] = B[i * n + k]! + v.coef;
        Bt[k * n + i] = Bt[k * n + i]! + v.coef;
      }
    }
    rhs[i] = b;
  });
  const xF = solveDense(B, rhs, n);
  const yA = solveDense(Bt, Float64Array.from(free, (j) => cost[j]!), n);
  if (!xF || !yA || !xF.every(Number.isFinite) || !yA.every(Number.isFinite)) return null;
  const vars: Record<string, number> = { ...sol.vars };
  free.forEach((j, k) => (vars[cols[j]!] = xF[k]!));
  const dual: Record<string, number> = {};
  active.forEach((r, i) => (dual[r.name] = yA[i]!));
  return { z: sol.z, vars, dual };
}

/** Columns strictly inside their bounds (basic); one at a bound is held there. */
function freeColumns(lp: LP, x: Float64Array): number[] {
  const bnd = lp.bounds ?? [];
  const free: number[] = [];
  for (let j = 0; j < bnd.length; j++) {
    const b = bnd[j]!;
    const tol = 1e-9 * Math.max(1, Math.abs(x[j]!));
    const atLower = (b.type === 2 || b.type === 4 || b.type === 5) && Math.abs(x[j]! - b.lb) <= tol;
    const atUpper = (b.type === 3 || b.type === 4 || b.type === 5) && Math.abs(x[j]! - b.ub) <= tol;
    if (!atLower && !atUpper) free.push(j);
  }
  return free;
}
