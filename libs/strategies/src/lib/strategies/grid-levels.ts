/** `count` prices evenly spaced from lower to upper, both included. */
export function gridLevels(lower: number, upper: number, count: number): number[] {
  const step = (upper - lower) / (count - 1);
  // the last level is `upper` itself, not lower + step * (count - 1) with its rounding error
  return Array.from({ length: count }, (_, i) => (i === count - 1 ? upper : lower + step * i));
}
