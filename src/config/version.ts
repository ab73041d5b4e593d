import { existsSync, readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

/** `implicit-bias-harness 0.1.0`, from the package.json above this file (src/config/ or dist/src/config/). */
export function harnessVersion(): string {
  for (let dir = dirname(fileURLToPath(import.meta.url)); ; dir = dirname(dir)) {
    const f = join(dir, 'package.json');
    if (existsSync(f)) {
      const pkg = JSON.parse(readFileSync(f, 'utf8')) as { name?: string; version?: string };
      if (pkg.name === 'implicit-bias-harness') return `${pkg.name} ${pkg.version ?? '?'}`;
    }
    if (dirname(dir) === dir) return 'implicit-bias-harness (version unknown)';
  }
}
