/**
 * Prints the claims table of properties/README.md from the registry:
 *   npx tsx scripts/claims-table.ts
 * properties/registry.test.ts fails when the README and the registry disagree.
 */
import { claimsTable } from '../properties/claimsTable.js';
process.stdout.write(claimsTable());
