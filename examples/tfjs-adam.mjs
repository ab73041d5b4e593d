// A TensorFlow.js Adam, used as it is, through the harness's adapter (TensorFlow.js is an
// optional dependency: npm install @tensorflow/tfjs-core @tensorflow/tfjs-backend-cpu).
// tfjs Adam is bias-corrected and adds ε = 1e-7 (its float32 default) outside √v̂, so it is
// gated as adam-eps with those hyperparameters, which `gate` reports; it computes in float32,
// so the gate stops at its float32 precision horizon.
// Gate it: npx ibh gate --optimizer examples/tfjs-adam.mjs --as adam-eps
import * as tf from '@tensorflow/tfjs-core';
import '@tensorflow/tfjs-backend-cpu';
import { describeTfjs, fromTfjs } from 'implicit-bias-harness';

const build = (learningRate) => tf.train.adam(learningRate, 0.9, 0.999);

/** { beta1: 0.9, beta2: 0.999, eps: 1e-7, biasCorrection: true } */
export const gate = describeTfjs(build).adam;

export default fromTfjs(tf, build);
