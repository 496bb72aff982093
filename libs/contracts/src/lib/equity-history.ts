/**
 * How much equity history one request may ask for: what the gateway validates (a 400 naming
 * the field) and the persistence queries enforce (a RangeError), so the two cannot drift. A
 * chart is at most a few thousand pixels wide, and a range is bounded so the work of one
 * request is too (a year of minute rows is read through the roll-ups, one row per day).
 */
export const EQUITY_MIN_POINTS = 2;
export const EQUITY_MAX_POINTS = 5000;
export const EQUITY_DEFAULT_POINTS = 300;
export const EQUITY_MAX_RANGE_DAYS = 400;
/** Without `from`, a history covers this long before `to`. */
export const EQUITY_DEFAULT_RANGE_MS = 24 * 60 * 60 * 1000;
