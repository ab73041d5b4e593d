/** docs/claims.md, the catalog the README cites, is the registry rendered: never edited apart from it. */
import { readFileSync } from 'node:fs';
import { describe, expect, test } from 'vitest';
import { sections } from '../../src/claims/index.js';
import { CLAIMS_DOC, claimsDoc } from '../../scripts/claims-doc.js';

describe('docs/claims.md', () => {
  test('equals the registry rendered by `npm run claims-doc`', () => {
    expect(readFileSync(CLAIMS_DOC, 'utf8'), 'regenerate with: npm run claims-doc').toBe(claimsDoc());
  });

  test('has a heading per claim, with its statement and every assumption', () => {
    const doc = claimsDoc();
    for (const s of sections()) {
      for (const c of s.claims) {
        expect(doc).toContain(`### \`${c.id}\`:`);
        expect(doc).toContain(`> ${c.statement.replace(/\|/g, '\\|')}`);
        for (const a of c.assumptions) expect(doc).toContain(`- \`${a.id}\`: `);
      }
    }
  });

  test('the README points to it, and to nothing outside the repository', () => {
    const readme = readFileSync('README.md', 'utf8');
    expect(readme).toContain('(docs/claims.md)');
    expect(readme).not.toMatch(/\.\.\/shared\//);
  });
});
