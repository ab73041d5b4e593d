import { ArgumentError } from '../errors.js';

/** The most seeds one sweep takes (a typo like 1..1e9 is refused, not started). */
export const MAX_SEEDS = 100_000;

/**
 * Parses a seed list: ranges `A..B` (inclusive), single seeds, or both, comma-separated
 * (`1..50`, `1,5,9`, `1..3,10`). Seeds are integers (32-bit, as fast-check takes them), in the
 * order written, each once.
 */
export function parseSeeds(text: string): number[] {
  const out: number[] = [];
  const seen = new Set<number>();
  const int = (s: string): number => {
    const v = Number(s.trim());
    if (s.trim() === '' || !Number.isSafeInteger(v) || v < -0x80000000 || v > 0x7fffffff) {
      throw new ArgumentError(`--seeds: "${s.trim()}" is not a 32-bit integer (write A..B or a,b,c)`);
    }
    return v;
  };
  const add = (v: number): void => {
    if (seen.has(v)) return;
    if (out.length >= MAX_SEEDS) throw new ArgumentError(`--seeds: more than ${MAX_SEEDS} seeds`);
    seen.add(v);
    out.push(v);
  };
  for (const part of text.split(',')) {
    const range = part.split('..');
    if (range.length === 1) add(int(part));
    else if (range.length === 2) {
      const a = int(range[0]!);
      const b = int(range[1]!);
      if (b < a) throw new ArgumentError(`--seeds: empty range ${a}..${b}`);
      if (b - a >= MAX_SEEDS) throw new ArgumentError(`--seeds: ${a}..${b} has more than ${MAX_SEEDS} seeds`);
      for (let s = a; s <= b; s++) add(s);
    } else throw new ArgumentError(`--seeds: cannot read "${part}" (write A..B or a,b,c)`);
  }
  if (out.length === 0) throw new ArgumentError('--seeds: no seeds given');
  return out;
}
