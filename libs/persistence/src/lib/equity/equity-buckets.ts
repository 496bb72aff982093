/** Fewest and most points a history answers with (the width of a chart, in points). */
export const EQUITY_MIN_POINTS = 2;
export const EQUITY_MAX_POINTS = 5000;

/** Snapshots are a minute apart: a bucket narrower than that would only add empty ones. */
const MIN_BUCKET_SECONDS = 60;

/**
 * The width of the time buckets that thin [from, to] down to at most `maxPoints` points (the
 * last snapshot of each bucket). Buckets are aligned to the epoch, not to `from`, so a chart
 * that slides forward keeps its points; a closed range of S seconds then touches at most
 * ceil(S / width) + 1 buckets, which is why the span is divided by maxPoints - 1.
 */
export function equityBucketSeconds(from: Date, to: Date, maxPoints: number): number {
  if (!(to.getTime() >= from.getTime())) throw new RangeError('equity range: to is before from');
  if (
    !Number.isInteger(maxPoints) ||
    maxPoints < EQUITY_MIN_POINTS ||
    maxPoints > EQUITY_MAX_POINTS
  )
    throw new RangeError(
      `equity range: maxPoints must be an integer from ${EQUITY_MIN_POINTS} to ${EQUITY_MAX_POINTS}`,
    );
  const spanSeconds = (to.getTime() - from.getTime()) / 1000;
  return Math.max(MIN_BUCKET_SECONDS, Math.ceil(spanSeconds / (maxPoints - 1)));
}
