export { fromGradient, fromSignedLog, toMatrix, toSignedLog, type LogUpdate, type Transform, type TransformStep } from './types.js';
export { steepestDescent } from './direction.js';
export { scaleBy, scaleBySchedule, signOf, trace, zeroGuard } from './scale.js';
export { emaFirstMoment, emaMoment, emaSquaredMoment, scaleByAdam, type AdamScalingOptions, type AdamState, type MomentRule } from './moments.js';
export { chain, optimizerOf, type ChainState, type OptimizerExtras } from './chain.js';
