/**
 * A sweep worker (a child process of `runTasks`): takes `{ i, task }` messages, runs each task
 * and answers `{ i, entry }`. Exits when its parent disconnects or can no longer be reached.
 */
import { runTask, type SweepTask } from './task.js';

if (!process.send) throw new Error('src/sweep/worker is a child process of the sweep pool; run `ibh verify --seeds` instead');
process.on('message', (m: { i: number; task: SweepTask }) => {
  const entry = runTask(m.task);
  process.send!({ i: m.i, entry }, undefined, {}, (err) => {
    if (err) process.exit(1); // the parent is gone: nobody to report to
  });
});
process.on('disconnect', () => process.exit(0));
