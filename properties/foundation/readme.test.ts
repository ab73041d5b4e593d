/**
 * The README's examples, run exactly as written: every fenced block preceded by
 * `<!-- readme-test -->`. A `sh` block runs line by line in bash from the repository root (each
 * line must exit 0); a `ts` block runs with tsx, its `import … from 'implicit-bias-harness'`
 * resolved to this checkout's src/index.ts (a tsconfig `paths` entry, so the text is unchanged).
 */
import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { describe, expect, test } from 'vitest';

interface Block {
  readonly lang: string;
  readonly code: string;
  readonly line: number;
}

function markedBlocks(markdown: string): Block[] {
  const lines = markdown.split('\n');
  const out: Block[] = [];
  for (let i = 0; i < lines.length; i++) {
    if (lines[i]!.trim() !== '<!-- readme-test -->') continue;
    const open = /^```(\w+)\s*$/.exec(lines[i + 1] ?? '');
    if (!open) throw new Error(`README line ${i + 1}: <!-- readme-test --> must be followed by a fenced code block`);
    const end = lines.indexOf('```', i + 2);
    if (end === -1) throw new Error(`README line ${i + 2}: unclosed code block`);
    out.push({ lang: open[1]!, code: lines.slice(i + 2, end).join('\n'), line: i + 3 });
  }
  return out;
}

const blocks = markedBlocks(readFileSync('README.md', 'utf8'));
const root = resolve('.');

describe('the README examples run as written', () => {
  test('the README marks its first-look commands and its API snippet', () => {
    expect(blocks.map((b) => b.lang)).toEqual(expect.arrayContaining(['sh', 'ts']));
  });

  const shLines = blocks
    .filter((b) => b.lang === 'sh')
    .flatMap((b) => b.code.split('\n').map((cmd, k) => ({ cmd: cmd.trim(), line: b.line + k })))
    .filter((l) => l.cmd !== '' && !l.cmd.startsWith('#'));

  test.each(shLines)('README line $line: $cmd', ({ cmd }) => {
    const r = spawnSync('bash', ['-c', cmd], { cwd: root, encoding: 'utf8', timeout: 120_000 });
    expect(r.error).toBeUndefined();
    expect(r.status, `${cmd}\n${r.stdout}\n${r.stderr}`).toBe(0);
  });

  test.each(blocks.filter((b) => b.lang === 'ts'))('README line $line: the TypeScript snippet', ({ code }) => {
    const dir = mkdtempSync(join(tmpdir(), 'ibh-readme-'));
    writeFileSync(join(dir, 'package.json'), JSON.stringify({ type: 'module' }));
    writeFileSync(
      join(dir, 'tsconfig.json'),
      JSON.stringify({ extends: join(root, 'tsconfig.json'), compilerOptions: { baseUrl: root, paths: { 'implicit-bias-harness': ['./src/index.ts'] } } }),
    );
    writeFileSync(join(dir, 'snippet.ts'), code);
    const r = spawnSync(process.execPath, ['--import', 'tsx', join(dir, 'snippet.ts')], {
      cwd: root,
      encoding: 'utf8',
      timeout: 120_000,
      env: { ...process.env, TSX_TSCONFIG_PATH: join(dir, 'tsconfig.json') },
    });
    expect(r.error).toBeUndefined();
    expect(r.status, r.stderr).toBe(0);
    expect(r.stdout).toMatch(/gamma/);
  });
});
