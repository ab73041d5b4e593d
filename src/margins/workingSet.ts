import type { Dataset } from '../data/dataset.js';
import { numPairs, pairClass, pairSample } from './pairs.js';

/**
 * The working set of constraint generation (lpMargin.ts): which pairs are rows of the restricted
 * LP, and for each row how many rounds in a row it has been slack with a zero dual (the purge
 * rule: such a row leaves once that count reaches `purgeAfter`).
 */
export class WorkingSet {
  private readonly member: Uint8Array;
  private readonly slackRounds: Uint8Array;

  constructor(ds: Dataset, initial: Iterable<number>) {
    const m = numPairs(ds);
    this.member = new Uint8Array(m);
    this.slackRounds = new Uint8Array(m);
    for (const q of initial) this.add(q);
  }

  has(q: number): boolean {
    return this.member[q] === 1;
  }

  add(q: number): void {
    if (this.member[q]) return;
    this.member[q] = 1;
    this.slackRounds[q] = 0;
  }

  /** The pairs in increasing order. */
  pairs(): number[] {
    const out: number[] = [];
    for (let q = 0; q < this.member.length; q++) if (this.member[q]) out.push(q);
    return out;
  }

  /**
   * Records one round's verdict on a row: slack with a zero dual, or not. The row is removed once
   * it has been slack for `after` rounds in a row. A row that leaves after
   * one slack round is often violated again a few rounds later (the LP's point moves back; on
   * the digits, about half the violated pairs of a late round had been dropped before), and
   * each return costs a round.
   */
  recordSlack(q: number, slack: boolean, after: number): void {
    if (!slack) {
      this.slackRounds[q] = 0;
      return;
    }
    const r = Math.min(255, this.slackRounds[q]! + 1);
    this.slackRounds[q] = r;
    if (r < after) return;
    this.member[q] = 0;
    this.slackRounds[q] = 0;
  }
}

/**
 * The violated pairs to add in one round, at most `budget` of them, most violated first
 * (`score[q]`: smaller is more violated; ties by index). With `diverse`, first the worst pair of
 * each class pair (y_i, c), then the worst of each sample not yet represented, then the rest: on clustered data the
 * most violated pairs are near-copies of one another (the samples of one class pair), and one
 * row per class pair tells the LP more than a hundred of those.
 */
export function pickViolated(ds: Dataset, violated: readonly number[], score: Float64Array, budget: number, diverse: boolean): number[] {
  const better = (a: number, b: number): boolean => score[a]! < score[b]! || (score[a] === score[b] && a < b);
  const byScore = (a: number, b: number): number => (better(a, b) ? -1 : better(b, a) ? 1 : 0);
  const picked = new Set<number>();
  const take = (candidates: number[]): void => {
    candidates.sort(byScore);
    for (const q of candidates) {
      if (picked.size >= budget) return;
      picked.add(q);
    }
  };
  if (diverse) {
    const k = ds.k;
    take(worstPer(violated, picked, (q) => ds.y[pairSample(ds, q)]! * k + pairClass(ds, q), better));
    if (picked.size < budget) {
      const represented = new Set(Array.from(picked, (q) => pairSample(ds, q)));
      take(worstPer(violated, picked, (q) => pairSample(ds, q), better).filter((q) => !represented.has(pairSample(ds, q))));
    }
  }
  if (picked.size < budget) take(violated.filter((q) => !picked.has(q)));
  return Array.from(picked);
}

/** For each group (by `groupOf`), its best pair not yet picked. */
function worstPer(violated: readonly number[], picked: ReadonlySet<number>, groupOf: (q: number) => number, better: (a: number, b: number) => boolean): number[] {
  const best = new Map<number, number>();
  for (const q of violated) {
    if (picked.has(q)) continue;
    const g = groupOf(q);
    const b = best.get(g);
    if (b === undefined || better(q, b)) best.set(g, q);
  }
  return Array.from(best.values());
}
