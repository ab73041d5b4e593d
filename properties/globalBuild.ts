import { execFileSync } from 'node:child_process';
import { existsSync, readdirSync, statSync } from 'node:fs';
import { createRequire } from 'node:module';
import { join } from 'node:path';

/**
 * Vitest global setup. Examples import 'implicit-bias-harness' as a user would: the package's
 * self-reference, which resolves to dist/, and the gate's CLI tests run dist's `ibh` bin.
 * Rebuilds dist/ (tsconfig.build.json) once, before any test file runs, when it is missing or
 * older than any file under src/, so no test runs against a stale build (and no two test files
 * rebuild it at once).
 */
export default function ensureBuilt(): void {
  const root = new URL('../', import.meta.url).pathname;
  const built = join(root, 'dist/src/index.js');
  if (existsSync(built) && statSync(built).mtimeMs >= newest(join(root, 'src'))) return;
  const tsc = createRequire(import.meta.url).resolve('typescript/bin/tsc');
  execFileSync(process.execPath, [tsc, '-p', join(root, 'tsconfig.build.json')], { cwd: root, stdio: 'pipe' });
}

function newest(dir: string): number {
  let t = 0;
  for (const e of readdirSync(dir, { withFileTypes: true })) {
    const p = join(dir, e.name);
    t = Math.max(t, e.isDirectory() ? newest(p) : statSync(p).mtimeMs);
  }
  return t;
}
