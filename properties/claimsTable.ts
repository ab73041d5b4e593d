import { existsSync } from 'node:fs';
import { sections } from '../src/claims/index.js';

/**
 * properties/<paper>/<section>.test.ts for a registry section id "<paper>/<section>", or the
 * section's specs file (<section>.specs.ts) where a costly section is split over several test files.
 */
export const suiteFile = (sectionId: string): string => {
  const test = `properties/${sectionId}.test.ts`;
  return existsSync(test) ? test : `properties/${sectionId}.specs.ts`;
};

/** The markdown table of every registered claim: id, paper number, property file. */
export function claimsTable(): string {
  const rows = ['| claim id | paper | statement | property file |', '|---|---|---|---|'];
  for (const s of sections()) {
    for (const c of s.claims) rows.push(`| \`${c.id}\` | ${c.ref} | ${c.statement.replace(/\|/g, '\\|')} | \`${suiteFile(s.id)}\` |`);
  }
  return rows.join('\n') + '\n';
}
