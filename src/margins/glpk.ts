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

/** GLPK's default time limit per solve, in seconds (a solve that hits it is a SolverError). */
export const GLPK_TIME_LIMIT_SECONDS = 60;

/**
 * Solves an LP with GLPK's simplex. Every column must carry an explicit bound in `lp.bounds`
 * (glpk.js silently makes unlisted columns ≥ 0). Anything but GLP_OPT is a SolverError, including
 * a run stopped by the time limit. GLPK's presolver is off: measured slower here on the
 * re-solves of constraint generation (bench/).
 *
 * GLPK never writes to our stdout: its messages are off, and what its emscripten runtime still
 * prints (an assertion's text and "Aborted()" when GLPK aborts) goes to console.log/error,
 * which end in process.stdout/stderr.write; those are captured for the duration of the
 * (synchronous) call and reported in the SolverError instead.
 */
export function solveLp(lp: LP, what: string, timeLimitSeconds = GLPK_TIME_LIMIT_SECONDS): LpSolution {
  const declared = new Set((lp.bounds ?? []).map((b) => b.name));
  for (const v of lp.objective.vars) {
    if (!declared.has(v.name)) throw new SolverError(`${what}: LP column ${v.name} has no declared bounds`);
  }
  for (const row of lp.subjectTo) {
    for (const v of row.vars) {
      if (!declared.has(v.name)) throw new SolverError(`${what}: LP column ${v.name} has no declared bounds`);
    }
  }
  if (!(timeLimitSeconds > 0)) throw new SolverError(`${what}: no time left for GLPK (limit ${timeLimitSeconds} s)`);
  const started = performance.now();
  const { value: res, output, error } = capturingOutput(() =>
    glpk.solve(lp, { msglev: glpk.GLP_MSG_OFF, presol: false, tmlim: timeLimitSeconds }),
  );
  const said = output.trim().replace(/\s*\n\s*/g, '; ');
  if (error !== undefined || res === undefined) {
    const msg = (error instanceof Error ? error.message : String(error)).replace(/\. Build with .*$/, '');
    throw new SolverError(`${what}: GLPK aborted: ${said.includes(msg) ? said : [said, msg].filter(Boolean).join('; ')}`);
  }
  const status = res.result.status;
  if (status !== glpk.GLP_OPT) {
    const seconds = (performance.now() - started) / 1000;
    const timedOut = seconds >= 0.99 * timeLimitSeconds;
    throw new SolverError(
      `${what}: GLPK status ${STATUS[status] ?? status}, expected optimal` +
        (timedOut ? ` (stopped by the time limit of ${timeLimitSeconds} s)` : '') +
        (said ? `: ${said}` : ''),
    );
  }
  return { z: res.result.z, vars: res.result.vars, dual: res.result.dual ?? {} };
}

/**
 * Runs f with process.stdout.write and process.stderr.write redirected into a buffer; returns
 * f's value or the error it threw, with what was written. The streams are restored whatever
 * happens.
 */
function capturingOutput<T>(f: () => T): { value?: T; error?: unknown; output: string } {
  const chunks: string[] = [];
  const out = process.stdout.write;
  const err = process.stderr.write;
  const sink = (chunk: string | Uint8Array, ...rest: unknown[]): boolean => {
    chunks.push(typeof chunk === 'string' ? chunk : Buffer.from(chunk).toString('utf8'));
    const cb = rest.find((r) => typeof r === 'function') as (() => void) | undefined;
    cb?.();
    return true;
  };
  process.stdout.write = sink as typeof process.stdout.write;
  process.stderr.write = sink as typeof process.stderr.write;
  try {
    return { value: f(), output: chunks.join('') };
  } catch (e) {
    return { error: e, output: chunks.join('') };
  } finally {
    process.stdout.write = out;
    process.stderr.write = err;
  }
}

export type { LP };
