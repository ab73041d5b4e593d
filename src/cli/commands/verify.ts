import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import { formatFailure } from '../../claims/index.js';
import { harnessSeed } from '../../config/seed.js';
import { verify, type VerifyEntry } from '../../claims/verify.js';
import { ArgumentError } from '../../errors.js';

const USAGE = 'usage: ibh verify [--quick] [--seed S] [--out DIR] [--only TEXT] [--no-probes]';

export function verifyCommand(argv: string[]): number {
  let values;
  try {
    ({ values } = parseArgs({
      args: argv,
      options: {
        quick: { type: 'boolean', default: false },
        seed: { type: 'string' },
        out: { type: 'string', default: 'reports/out/verify' },
        only: { type: 'string' },
        'no-probes': { type: 'boolean', default: false },
      },
      strict: true,
    }));
  } catch (e) {
    throw new ArgumentError(`${(e as Error).message}\n${USAGE}`);
  }
  const seed = values.seed === undefined ? harnessSeed() : Number(values.seed);
  if (!Number.isInteger(seed)) throw new ArgumentError(`--seed must be an integer, got ${values.seed}`);
  const line = (e: VerifyEntry): string => {
    const mark = e.status === 'pass' ? 'pass' : e.status.toUpperCase();
    const probes = e.probes?.length ? `  probes: ${e.probes.map((p) => `${p.assumption} ${p.verdict}`).join(', ')}` : '';
    return `${mark.padEnd(5)} ${e.id.padEnd(34)} ${e.ref.padEnd(34)} ${String(e.runs).padStart(4)} runs  worst ratio ${Number.isFinite(e.worstRatio) ? e.worstRatio.toPrecision(6) : '—'}${probes}`;
  };
  const summary = verify({
    seed,
    quick: values.quick!,
    probes: !values['no-probes'],
    ...(values.only ? { filter: values.only } : {}),
    onResult: (e) => process.stdout.write(line(e) + '\n'),
  });
  mkdirSync(values.out!, { recursive: true });
  const file = join(values.out!, 'summary.json');
  writeFileSync(file, JSON.stringify(summary, null, 2) + '\n');
  for (const c of summary.claims) if (c.status !== 'pass') process.stdout.write('\n' + formatFailure(c) + '\n');
  const { pass, fail, error } = summary.counts;
  process.stdout.write(`\n${pass} passed, ${fail + error} failed (seed ${seed}, ${(summary.durationMs / 1000).toFixed(1)} s); summary: ${file}\n`);
  return fail + error > 0 ? 1 : 0;
}
