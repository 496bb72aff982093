import { EQUITY_MAX_POINTS, EQUITY_MAX_RANGE_DAYS, EQUITY_MIN_POINTS } from '@platform/contracts';

// The bounds live in @platform/contracts: the gateway validates against the same numbers.
export { EQUITY_MAX_POINTS, EQUITY_MIN_POINTS };

/** Snapshots are a minute apart: a bucket narrower than that would only add empty ones. */
const MIN_BUCKET_SECONDS = 60;
const MAX_RANGE_MS = EQUITY_MAX_RANGE_DAYS * 24 * 3600_000;

/**
 * The width of the time buckets that thin [from, to] down to at most `maxPoints` points (the
 * last snapshot of each bucket). Buckets are aligned to the epoch, not to `from`, so a chart
 * that slides forward keeps its points; a closed range of S seconds then touches at most
 * ceil(S / width) + 1 buckets, which is why the span is divided by maxPoints - 1.
 */
export function equityBucketSeconds(from: Date, to: Date, maxPoints: number): number {
  if (!(to.getTime() >= from.getTime())) throw new RangeError('equity range: to is before from');
  if (to.getTime() - from.getTime() > MAX_RANGE_MS)
    throw new RangeError(`equity range: longer than ${EQUITY_MAX_RANGE_DAYS} days`);
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
