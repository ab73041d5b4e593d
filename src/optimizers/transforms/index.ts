export { fromGradient, fromSignedLog, plainValues, toMatrix, toSignedLog, type InPlaceTransform, type LogUpdate, type MutableUpdate, type Transform, type TransformStep, type TransformStepper } from './types.js';
export { steepestDescent } from './direction.js';
export { scaleBy, scaleBySchedule, signOf, trace, zeroGuard } from './scale.js';
export { emaFirstMoment, emaMoment, emaSquaredMoment, scaleByAdam, type AdamScalingOptions, type AdamState, type MomentRule } from './moments.js';
export { chain, optimizerOf, type ChainState, type OptimizerExtras } from './chain.js';
