/** A gate pool worker (src/gate/pool.ts): runs one gate unit of an optimizer module. */
import { poolTask } from '../pool/worker.js';
import { runGateTask } from './pool.js';

export default poolTask(runGateTask);
