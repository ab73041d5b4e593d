import { sections } from '../src/claims/index.js';

/** properties/<paper>/<section>.test.ts for a registry section id "<paper>/<section>". */
export const suiteFile = (sectionId: string): string => `properties/${sectionId}.test.ts`;

/** The markdown table of every registered claim: id, paper number, property file. */
export function claimsTable(): string {
  const rows = ['| claim id | paper | statement | property file |', '|---|---|---|---|'];
  for (const s of sections()) {
    for (const c of s.claims) rows.push(`| \`${c.id}\` | ${c.ref} | ${c.statement.replace(/\|/g, '\\|')} | \`${suiteFile(s.id)}\` |`);
  }
  return rows.join('\n') + '\n';
}
