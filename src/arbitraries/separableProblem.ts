import fc from 'fast-check';
import { gaussianClusters, separatedClusters, plantedTeacher, edgeCase, EDGE_CASES, type EdgeCaseName } from '../data/samplers.js';
import { NotSeparableError } from '../errors.js';
import { Problem } from '../problem.js';
import { printable } from './printable.js';

/** Options of `separableProblem`; every field has a default documented here. */
export interface SeparableProblemConstraints {
  /** Largest class count k (default 5; smallest 2). */
  maxK?: number;
  /** Largest feature dimension d (default 6; smallest 2). */
  maxD?: number;
  /** Largest points per class (default 4; smallest 1). */
  maxPerClass?: number;
  /** Recipes to draw from (default all three: clusters, teacher, edge cases). */
  recipes?: readonly ('clusters' | 'teacher' | 'edge')[];
  /** Divide features by B = max‖x_i‖_1 so B = 1 (THEOREMS.md §8; default false). */
  normaliseB?: boolean;
}

/** The sampler call that produced a problem: enough to replay it exactly. */
export type ProblemRecipe =
  | { recipe: 'clusters'; k: number; d: number; nPerClass: number; sigma: number; seed: number }
  | { recipe: 'teacher'; k: number; d: number; n: number; seed: number }
  | { recipe: 'edge'; name: EdgeCaseName; seed: number; d: number };

/** Draws of the papers' clusters recipe before the separable-by-construction fallback. */
const CLUSTER_DRAWS = 40;

/**
 * The clusters recipe: the first of `draws` draws of `gaussianClusters` (seed + t, σ / 2^{⌊t/5⌋})
 * that the certified LP (γ_∞) finds separable, else `separatedClusters`, which is separable by
 * construction (so a NotSeparableError from it would be a solver bug, and propagates).
 * Terminates after at most draws + 1 LP solves.
 */
export function clustersProblem(r: Extract<ProblemRecipe, { recipe: 'clusters' }>, draws = CLUSTER_DRAWS): Problem {
  const { k, d, nPerClass } = r;
  for (let t = 0; t < draws; t++) {
    const sigma = r.sigma / 2 ** Math.floor(t / 5);
    const pb = new Problem(gaussianClusters({ k, d, nPerClass, sigma, seed: r.seed + t }));
    try {
      pb.margin(Infinity);
      return pb;
    } catch (e) {
      if (!(e instanceof NotSeparableError)) throw e;
    }
  }
  const pb = new Problem(separatedClusters({ k, d, nPerClass, sigma: r.sigma, seed: r.seed }).dataset);
  pb.margin(Infinity);
  return pb;
}

/**
 * Builds the problem a recipe describes, deterministically; it never throws on a valid recipe.
 * Clusters: the papers' recipe (`gaussianClusters`) with seed + t and σ / 2^{⌊t/5⌋},
 * t = 0, 1, ..., CLUSTER_DRAWS − 1, the first draw the certified LP (γ_∞, `Problem.margin`)
 * finds separable; if none is, `separatedClusters` (unit-norm separated centres, σ capped so
 * that the centres separate the data: separable by construction). Teacher: `plantedTeacher`
 * with minMargin 0.05 (every class hit by construction).
 */
export function problemFromRecipe(r: ProblemRecipe, normaliseB = false): Problem {
  const build = (): Problem => {
    switch (r.recipe) {
      case 'clusters':
        return clustersProblem(r);
      case 'teacher':
        return new Problem(plantedTeacher({ k: r.k, d: r.d, n: r.n, seed: r.seed, minMargin: 0.05 }).dataset);
      case 'edge':
        return new Problem(edgeCase(r.name, r.seed, r.d));
    }
  };
  const pb = build();
  const out = normaliseB ? pb.normalisedB() : pb;
  recipes.set(out, r);
  return out;
}

const recipes = new WeakMap<Problem, ProblemRecipe>();

/** The recipe a problem was built from by `problemFromRecipe` (undefined: built otherwise). */
export const recipeOf = (pb: Problem): ProblemRecipe | undefined => recipes.get(pb);

/**
 * fast-check arbitrary of separable problems (THEOREMS.md §9 "small random" and edge cases).
 * Shrinks toward k = 2, d = 2, one point per class, σ = 0.1, seed 0 and the first edge case.
 * The value prints as its recipe, so a counterexample can be pasted back into
 * `problemFromRecipe`.
 */
export function separableProblem(c: SeparableProblemConstraints = {}): fc.Arbitrary<Problem> {
  const maxK = c.maxK ?? 5;
  const maxD = c.maxD ?? 6;
  const maxPer = c.maxPerClass ?? 4;
  const recipes = c.recipes ?? ['clusters', 'teacher', 'edge'];
  const seed = fc.integer({ min: 0, max: 10_000 });
  const parts: fc.Arbitrary<ProblemRecipe>[] = [];
  for (const kind of recipes) {
    if (kind === 'clusters') {
      parts.push(
        fc.record({
          recipe: fc.constant('clusters' as const),
          k: fc.integer({ min: 2, max: maxK }),
          d: fc.integer({ min: 2, max: maxD }),
          nPerClass: fc.integer({ min: 1, max: maxPer }),
          sigma: fc.constantFrom(0.1, 0.5, 1),
          seed,
        }),
      );
    } else if (kind === 'teacher') {
      parts.push(
        fc
          .record({ recipe: fc.constant('teacher' as const), k: fc.integer({ min: 2, max: maxK }), d: fc.integer({ min: 2, max: maxD }), extra: fc.integer({ min: 0, max: maxK * maxPer }), seed })
          .map(({ recipe, k, d, extra, seed: s }) => ({ recipe, k, d, n: k + extra, seed: s })),
      );
    } else {
      parts.push(fc.record({ recipe: fc.constant('edge' as const), name: fc.constantFrom(...EDGE_CASES), seed, d: fc.integer({ min: 2, max: maxD }) }));
    }
  }
  return fc.oneof(...parts).map((r) => printable(problemFromRecipe(r, c.normaliseB), () => `problemFromRecipe(${JSON.stringify(r)}${c.normaliseB ? ', true' : ''})`));
}
