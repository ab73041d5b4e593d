#!/usr/bin/env node
import { harnessVersion } from '../config/version.js';
import { HarnessError } from '../errors.js';
import { didYouMean, type Command } from './args.js';
import { gateCommand } from './commands/gate.js';
import { marginCommand } from './commands/margin.js';
import { mergeCommand } from './commands/merge.js';
import { probeCommand } from './commands/probe.js';
import { replayCommand } from './commands/replay.js';
import { verify } from './commands/verify.js';

/** Exit codes: 0 ok, 1 a check failed, 2 bad input (usage, data, not separable), 3 solver or internal error. */
export const EXIT = { ok: 0, failed: 1, input: 2, internal: 3 } as const;

/** Every command, in the order `ibh --help` lists them. Each declares its options with `defineCommand` (./args.ts). */
const COMMANDS: readonly Command[] = [verify, mergeCommand, gateCommand, marginCommand, replayCommand, probeCommand];

function usage(): string {
  const w = Math.max(...COMMANDS.map((c) => c.name.length)) + 2;
  return [
    'usage: ibh <command> [options]',
    '',
    'commands:',
    ...COMMANDS.map((c) => `  ${c.name.padEnd(w)}${c.summary}`),
    `  ${'help'.padEnd(w)}ibh help <command>: its options and examples`,
    '',
    'ibh <command> --help for its options and examples; ibh --version for the version.',
    'Exit codes: 0 ok; 1 a check failed; 2 bad input (arguments, data, not separable, an output path that cannot be written); 3 solver or internal error.',
  ].join('\n');
}

function find(name: string): Command | undefined {
  const c = COMMANDS.find((x) => x.name === name);
  if (!c) process.stderr.write(`ibh: unknown command "${name}"${didYouMean(name, COMMANDS.map((x) => x.name))}\n${usage()}\n`);
  return c;
}

async function main(argv: string[]): Promise<number> {
  const [cmd, ...rest] = argv;
  if (cmd === undefined) {
    process.stderr.write(usage() + '\n');
    return EXIT.input;
  }
  if (cmd === '--help' || cmd === '-h') {
    process.stdout.write(usage() + '\n');
    return EXIT.ok;
  }
  if (cmd === '--version') {
    process.stdout.write(harnessVersion() + '\n');
    return EXIT.ok;
  }
  if (cmd === 'help') {
    if (rest.length === 0) {
      process.stdout.write(usage() + '\n');
      return EXIT.ok;
    }
    if (rest.length > 1) {
      process.stderr.write(`ibh help: give one command, got ${rest.length}\nusage: ibh help <command>\n`);
      return EXIT.input;
    }
    const c = find(rest[0]!);
    if (!c) return EXIT.input;
    process.stdout.write(c.help() + '\n');
    return EXIT.ok;
  }
  if (cmd.startsWith('-')) {
    process.stderr.write(`ibh: unknown option ${cmd}${didYouMean(cmd.replace(/^-+/, ''), ['help', 'version'], (c) => `--${c}`)}; options come after the command\n${usage()}\n`);
    return EXIT.input;
  }
  const c = find(cmd);
  if (!c) return EXIT.input;
  try {
    return await c.invoke(rest);
  } catch (e) {
    if (e instanceof HarnessError) {
      process.stderr.write(`ibh ${cmd}: ${e.message}\n`);
      return e.code === 'solver' ? EXIT.internal : EXIT.input;
    }
    // Anything else is a bug of the harness: exit 3 (never 1, which means a claim failed).
    const err = e instanceof Error ? e : new Error(String(e));
    process.stderr.write(`ibh ${cmd}: internal error: ${err.message}\n${process.env.IBH_DEBUG ? (err.stack ?? '') : '(IBH_DEBUG=1 prints the stack)'}\n`);
    return EXIT.internal;
  }
}

// A reader that stops early (`ibh verify | head`) closes the pipe: stop quietly, as other tools do.
process.stdout.on('error', (e: NodeJS.ErrnoException) => {
  if (e.code === 'EPIPE') process.exit(process.exitCode ?? 0);
  throw e;
});

process.exitCode = await main(process.argv.slice(2));
