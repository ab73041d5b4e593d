import type { SweepSummary } from './sweep.js';

const ratio = (r: number): string => (Number.isFinite(r) ? r.toPrecision(4) : '—');

/** summary.json of a sweep as a Markdown page: one row per claim, failures with their replay. */
export function sweepTable(s: SweepSummary): string {
  const n = s.counts;
  const seeds = s.seeds.length > 1 ? `${s.seeds[0]}…${s.seeds[s.seeds.length - 1]} (${s.seeds.length} seeds)` : `${s.seeds[0]}`;
  const rows = s.claims.map(
    (c) =>
      `| ${c.seedsPassed === c.seedsTotal ? 'pass' : '**FAIL**'} | \`${c.id}\` | ${c.ref} | ${c.kind} | ${c.seedsPassed}/${c.seedsTotal} | ${ratio(c.worstRatio)}${c.worstRatioSeed !== undefined ? ` (seed ${c.worstRatioSeed})` : ''} | ${c.firstFailure ? `seed ${c.firstFailure.seed}, path \`${c.firstFailure.path}\`: \`${c.firstFailure.command}\`` : ''} |`,
  );
  return [
    '# Seed sweep of the claims registry',
    '',
    `Seeds ${seeds}${s.quick ? ', `--quick` budgets' : ', full budgets'}${s.filter ? `, claims containing \`${s.filter}\`` : ''}; ${s.shards !== undefined ? `merged from ${s.shards} shards (\`ibh merge\`), ` : ''}${s.workers} workers; ` +
      `${(s.durationMs / 1000).toFixed(0)} s; started ${s.startedAt}.`,
    '',
    `**${n.claimsPassingEverySeed}/${n.claims} claims passed on every seed**; ${n.pass}/${n.runs} claim runs passed, ${n.fail} failed, ${n.error} raised an error.`,
    '',
    'Kinds: `exact-inequality` (checked at every input, fails only on a real violation), `explicit-bound` (a theorem\'s explicit right-hand side at every checkpoint of a finite run), `asymptotic-evidence` (a calibrated finite-horizon proxy for an O(·) or limit statement). The worst ratio is lhs/rhs over the passing inputs of all seeds (1 = tight).',
    '',
    '| status | claim | reference | kind | seeds passed | worst ratio | first failure (replay) |',
    '|---|---|---|---|---|---|---|',
    ...rows,
    '',
    'Machine-readable: `summary.json` (aggregate per claim and every seed\'s results).',
    '',
  ].join('\n');
}
