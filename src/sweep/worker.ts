/** A sweep pool worker (src/sweep/pool.ts): runs one claim task and answers its VerifyEntry. */
import { poolTask } from '../pool/worker.js';
import { runTask } from './task.js';

export default poolTask(runTask);
