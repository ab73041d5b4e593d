import fc from 'fast-check';

/** Prints `value` as `text` in counterexamples (fc.toStringMethod), so it can be pasted back. */
export function printable<T extends object>(value: T, text: () => string): T {
  Object.defineProperty(value, fc.toStringMethod, { value: text, enumerable: false });
  return value;
}
