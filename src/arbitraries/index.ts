export { separableProblem, problemFromRecipe, clustersProblem, type SeparableProblemConstraints, type ProblemRecipe } from './separableProblem.js';
export { simplexLogits, simplexSpec, logitsFromSpec, type SimplexLogitsConstraints, type SimplexSpec, type SimplexRegime } from './simplexPoint.js';
export { weightSpec, weightFromSpec, perturbation, perturbationSpec, perturbationFromSpec, stepSize, type PerturbationSpec, WEIGHT_REGIMES, type WeightRegime, type WeightSpec, type WeightMatrixConstraints } from './weightMatrix.js';
