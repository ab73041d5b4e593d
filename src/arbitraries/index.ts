export { separableProblem, problemFromRecipe, type SeparableProblemConstraints, type ProblemRecipe } from './separableProblem.js';
export { simplexLogits, type SimplexLogitsConstraints } from './simplexPoint.js';
export { weightSpec, weightFromSpec, perturbation, stepSize, WEIGHT_REGIMES, type WeightRegime, type WeightSpec, type WeightMatrixConstraints } from './weightMatrix.js';
