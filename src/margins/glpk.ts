import GLPK, { type LP, type Result } from 'glpk.js/node';
import { SolverError } from '../errors.js';

/** The synchronous GLPK build, initialised once per process (module top-level await). */
const glpk = await GLPK();

export const GLP = {
  MAX: glpk.GLP_MAX,
  MIN: glpk.GLP_MIN,
  FR: glpk.GLP_FR,
  LO: glpk.GLP_LO,
  UP: glpk.GLP_UP,
  DB: glpk.GLP_DB,
  FX: glpk.GLP_FX,
} as const;

const STATUS: Record<number, string> = {
  [glpk.GLP_UNDEF]: 'undefined',
  [glpk.GLP_FEAS]: 'feasible (not proven optimal)',
  [glpk.GLP_INFEAS]: 'infeasible',
  [glpk.GLP_NOFEAS]: 'no feasible solution',
  [glpk.GLP_OPT]: 'optimal',
  [glpk.GLP_UNBND]: 'unbounded',
};

export interface LpSolution {
  readonly z: number;
  readonly vars: Record<string, number>;
  readonly dual: Record<string, number>;
}

/**
 * Solves an LP with GLPK's simplex. Every column must carry an explicit bound in `lp.bounds`
 * (glpk.js silently makes unlisted columns ≥ 0). Anything but GLP_OPT is a SolverError, including
 * a run stopped by the time limit. GLPK's presolver is off: measured slower here on the
 * re-solves of constraint generation (bench/).
 */
export function solveLp(lp: LP, what: string, timeLimitSeconds?: number): LpSolution {
  const declared = new Set((lp.bounds ?? []).map((b) => b.name));
  for (const v of lp.objective.vars) {
    if (!declared.has(v.name)) throw new SolverError(`${what}: LP column ${v.name} has no declared bounds`);
  }
  for (const row of lp.subjectTo) {
    for (const v of row.vars) {
      if (!declared.has(v.name)) throw new SolverError(`${what}: LP column ${v.name} has no declared bounds`);
    }
  }
  let res: Result;
  try {
    res = glpk.solve(lp, { msglev: glpk.GLP_MSG_OFF, presol: false, ...(timeLimitSeconds !== undefined ? { tmlim: timeLimitSeconds } : {}) });
  } catch (e) {
    throw new SolverError(`${what}: GLPK failed: ${(e as Error).message}`);
  }
  const status = res.result.status;
  if (status !== glpk.GLP_OPT) {
    throw new SolverError(`${what}: GLPK status ${STATUS[status] ?? status}, expected optimal`);
  }
  return { z: res.result.z, vars: res.result.vars, dual: res.result.dual ?? {} };
}

export type { LP };
