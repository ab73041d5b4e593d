/** The registry and its documentation agree; ids are unique and name their paper. */
import { existsSync, readFileSync } from 'node:fs';
import { describe, expect, test } from 'vitest';
import { allClaims, sections } from '../src/claims/index.js';
import { CLAIM_KINDS } from '../src/claims/types.js';
import { claimsTable, suiteFile } from './claimsTable.js';

describe('claims registry', () => {
  test('properties/README.md lists every claim with its paper number and property file', () => {
    const readme = readFileSync('properties/README.md', 'utf8');
    const block = readme.split('<!-- claims-table')[1]?.split('<!-- /claims-table -->')[0] ?? '';
    expect(block.slice(block.indexOf('\n') + 1), 'regenerate with: npm run claims-table').toBe(claimsTable());
  });

  test('ids are unique, start with their paper, and every section has its property file', () => {
    const ids = allClaims().map((c) => c.id);
    expect(new Set(ids).size).toBe(ids.length);
    for (const c of allClaims()) expect(c.id.startsWith(`${c.paper}/`)).toBe(true);
    for (const s of sections()) expect(existsSync(suiteFile(s.id)), suiteFile(s.id)).toBe(true);
  });

  test('every claim states its formula, its reference, a positive run budget and its kind', () => {
    for (const c of allClaims()) {
      expect(c.statement.length).toBeGreaterThan(10);
      expect(c.ref.length).toBeGreaterThan(3);
      expect(c.runs).toBeGreaterThan(0);
      expect(CLAIM_KINDS, `${c.id} has no kind`).toContain(c.kind);
    }
  });
});
