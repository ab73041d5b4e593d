/**
 * `npm run rates | probes | ravi-experiment -- --from-json --report DIR`: each script rebuilds its
 * page from the committed JSON (no runs) into DIR, with every figure rendered as SVG, and leaves
 * the repository as it was.
 */
import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, test } from 'vitest';

const PAGES = [
  { script: 'scripts/rates-long.ts', file: 'rates.html', figures: 20 },
  { script: 'scripts/ravi2024-probes.ts', file: 'probes.html', figures: 2 },
  { script: 'scripts/ravi2024-experiment.ts', file: 'ravi2024.html', figures: 2 },
];

describe('long-run scripts build their pages from the committed JSON', () => {
  test.each(PAGES)('$script --from-json writes $file', ({ script, file, figures }) => {
    const dir = join(mkdtempSync(join(tmpdir(), 'ibh-pages-')), 'nested');
    const before = spawnSync('git', ['status', '--porcelain', 'reports'], { encoding: 'utf8' }).stdout;
    const r = spawnSync(process.execPath, ['--import', 'tsx', script, '--from-json', '--report', dir], { encoding: 'utf8' });
    expect(r.status, r.stderr).toBe(0);
    const html = readFileSync(join(dir, file), 'utf8');
    expect((html.match(/<figure /g) ?? []).length).toBe(figures);
    expect((html.match(/<svg /g) ?? []).length).toBe(figures);
    expect(spawnSync('git', ['status', '--porcelain', 'reports'], { encoding: 'utf8' }).stdout).toBe(before);
  });
});
