#!/usr/bin/env node
import { HarnessError } from '../errors.js';
import { gateCommand } from './commands/gate.js';
import { marginCommand } from './commands/margin.js';
import { verifyCommand } from './commands/verify.js';

/** Exit codes: 0 ok, 1 a check failed, 2 bad input (usage, data, not separable), 3 solver or internal error. */
export const EXIT = { ok: 0, failed: 1, input: 2, internal: 3 } as const;

const COMMANDS: Record<string, { run: (argv: string[]) => number | Promise<number>; help: string }> = {
  verify: {
    run: verifyCommand,
    help: 'verify [--quick] [--seed S | --seeds A..B|a,b,c] [--workers N] [--out DIR] [--only TEXT] [--no-probes]   run every claim (on every seed, over N processes); DIR/summary.json',
  },
  gate: {
    run: gateCommand,
    help: 'gate --optimizer FILE --as FAMILY [--seed S | --seeds A..B] [--json] [--junit FILE] [family flags]   gate an optimizer implementation (ibh gate --help)',
  },
  margin: { run: marginCommand, help: 'margin --data FILE --norm max|1|2|P [--json] [--out FILE] [--time-limit S]   certified max-margin γ_p and its W' },
};

function usage(): string {
  return ['usage: ibh <command> [options]', '', 'commands:', ...Object.values(COMMANDS).map((c) => `  ${c.help}`)].join('\n');
}

async function main(argv: string[]): Promise<number> {
  const [cmd, ...rest] = argv;
  if (!cmd || cmd === '--help' || cmd === '-h' || cmd === 'help') {
    process.stdout.write(usage() + '\n');
    return cmd ? EXIT.ok : EXIT.input;
  }
  const c = COMMANDS[cmd];
  if (!c) {
    process.stderr.write(`ibh: unknown command "${cmd}"\n${usage()}\n`);
    return EXIT.input;
  }
  try {
    return await c.run(rest);
  } catch (e) {
    if (e instanceof HarnessError) {
      process.stderr.write(`ibh ${cmd}: ${e.message}\n`);
      return e.code === 'solver' ? EXIT.internal : EXIT.input;
    }
    throw e;
  }
}

process.exitCode = await main(process.argv.slice(2));
