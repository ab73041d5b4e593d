export { sweep, type SweepOptions, type SweepSummary } from './sweep.js';
export { aggregate, bySeed, replayCommand, type ClaimAggregate, type FirstFailure, type SeedRun } from './aggregate.js';
export { parseSeeds, MAX_SEEDS } from './seeds.js';
export { runTasks, defaultWorkers, type PoolOptions } from './pool.js';
export { runTask, type SweepTask } from './task.js';
export { sweepTable } from './table.js';
export { summarize, sweepPlan, sweepIdentity, type SweepIdentity, type SweepPlan } from './sweep.js';
export { asShardSummary, mergeShards, parseShard, shardOfTask, sweepShard, MAX_SHARDS, type Shard, type ShardSummary } from './shard.js';
