/**
 * Teacher forcing for the adapter and zoo tests: the gate's own primitive (src/gate/teacherForce.ts),
 * with a trusted candidate (its errors propagate).
 */
export { teacherForce, type ForcedRun, type ForcedStep } from '../../src/gate/teacherForce.js';
