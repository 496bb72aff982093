/** Indicators take their period from validated params; a bad one here is a programming error. */
export function assertPeriod(period: number): void {
  if (!Number.isInteger(period) || period < 1)
    throw new RangeError(`period must be a positive integer, got ${period}`);
}
