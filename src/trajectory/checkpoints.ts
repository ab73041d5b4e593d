/** Every t ≤ 10, then about `perDecade` log-spaced steps per decade, up to and including T. */
export function logSpacedSteps(T: number, perDecade = 20): number[] {
  const out = new Set<number>();
  for (let t = 0; t <= Math.min(10, T); t++) out.add(t);
  for (let e = 1; Math.pow(10, e) <= T * 1.0001; e += 1 / perDecade) out.add(Math.round(Math.pow(10, e)));
  out.add(T);
  return [...out].filter((t) => t <= T).sort((a, b) => a - b);
}
