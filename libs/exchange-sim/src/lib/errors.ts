/**
 * Binance's error answers: `{"code": <negative>, "msg": "..."}` with the HTTP status Binance
 * uses (4XX: the request was refused; see binance-spot-api-docs errors.md / rest-api.md
 * "HTTP Return Codes"). Codes and texts are copied from those docs so that ccxt maps them the
 * way it maps the real exchange's answers.
 */
export class BinanceError extends Error {
  constructor(
    readonly code: number,
    message: string,
    readonly status = 400,
    /** extra response headers (Retry-After on -1015) */
    readonly headers: Record<string, string> = {},
  ) {
    super(message);
    this.name = 'BinanceError';
  }

  body(): { code: number; msg: string } {
    return { code: this.code, msg: this.message };
  }
}

export const UNKNOWN = () =>
  new BinanceError(-1000, 'An unknown error occurred while processing the request.', 500);

export const TOO_MANY_REQUESTS = (limit: number) =>
  new BinanceError(
    -1003,
    `Too much request weight used; current limit is ${limit} request weight per 1 MINUTE. Please use WebSocket Streams for live updates to avoid polling the API.`,
    429,
  );

export const IP_BANNED = (untilMs: number) =>
  new BinanceError(
    -1003,
    `Way too much request weight used; IP banned until ${untilMs}. Please use WebSocket Streams for live updates to avoid bans.`,
    418,
  );

/** Sent with 503 when the outcome is unknown: the order may or may not have been executed. */
export const EXECUTION_UNKNOWN = () =>
  new BinanceError(
    -1007,
    'Timeout waiting for response from backend server. Send status unknown; execution status unknown.',
    503,
  );

export const TIMESTAMP_AHEAD = () =>
  new BinanceError(-1021, "Timestamp for this request was 1000ms ahead of the server's time.");

export const TIMESTAMP_OUTSIDE_WINDOW = () =>
  new BinanceError(-1021, 'Timestamp for this request is outside of the recvWindow.');

export const BAD_SIGNATURE = () =>
  new BinanceError(-1022, 'Signature for this request is not valid.');

export const ILLEGAL_CHARS = (param: string, legal: string) =>
  new BinanceError(
    -1100,
    `Illegal characters found in parameter '${param}'; legal range is '${legal}'.`,
  );

export const TOO_MANY_ORDERS = (limit: number, interval: string, retryAfterS: number) =>
  new BinanceError(
    -1015,
    `Too many new orders; current limit is ${limit} orders per ${interval}.`,
    429,
    { 'Retry-After': String(retryAfterS) },
  );

export const DUPLICATE_PARAM = () =>
  new BinanceError(-1101, 'Duplicate values for a parameter detected.');

export const UNREAD_PARAMS = (read: number, sent: number) =>
  new BinanceError(
    -1104,
    `Not all sent parameters were read; read '${read}' parameter(s) but was sent '${sent}'.`,
  );

export const MANDATORY_PARAM = (param: string) =>
  new BinanceError(
    -1102,
    `Mandatory parameter '${param}' was not sent, was empty/null, or malformed.`,
  );

export const ONE_OF_PARAMS = (a: string, b: string) =>
  new BinanceError(-1102, `Param '${a}' or '${b}' must be sent, but both were empty/null!`);

export const PARAMS_COMBINATION = () =>
  new BinanceError(-1128, 'Combination of optional parameters invalid.');

export const RANGE_TOO_LONG = (hours: number) =>
  new BinanceError(-1127, `More than ${hours} hours between startTime and endTime.`);

export const NOT_REQUIRED = (param: string) =>
  new BinanceError(-1106, `Parameter '${param}' sent when not required.`);

export const TOO_MUCH_PRECISION = (param: string) =>
  new BinanceError(-1111, `Parameter '${param}' has too much precision.`);

export const INVALID_TIME_IN_FORCE = () => new BinanceError(-1115, 'Invalid timeInForce.');
export const INVALID_ORDER_TYPE = () => new BinanceError(-1116, 'Invalid orderType.');
export const INVALID_SIDE = () => new BinanceError(-1117, 'Invalid side.');
export const INVALID_INTERVAL = () => new BinanceError(-1120, 'Invalid interval.');
export const INVALID_SYMBOL = () => new BinanceError(-1121, 'Invalid symbol.');

export const RECV_WINDOW_TOO_LARGE = () =>
  new BinanceError(-1131, 'recvWindow must be less than 60000');

export const FILTER_FAILURE = (filter: string) =>
  new BinanceError(-1013, `Filter failure: ${filter}`);

export const MARKET_CLOSED = () => new BinanceError(-1013, 'Market is closed.');

export const INSUFFICIENT_BALANCE = () =>
  new BinanceError(-2010, 'Account has insufficient balance for requested action.');

/** newClientOrderId equal to that of an order still open (Binance's NEW_ORDER_REJECTED). */
export const DUPLICATE_ORDER = () => new BinanceError(-2010, 'Duplicate order sent.');

export const ICEBERG_NOT_SUPPORTED = () =>
  new BinanceError(-2010, 'Iceberg orders are not supported for this symbol.');

export const WOULD_TAKE = () => new BinanceError(-2010, 'Order would immediately match and take.');

export const UNKNOWN_ORDER_CANCEL = () => new BinanceError(-2011, 'Unknown order sent.');

export const CANCEL_RESTRICTED = () =>
  new BinanceError(-2011, 'Order was not canceled due to cancel restrictions.');

export const INVALID_CANCEL_RESTRICTIONS = () =>
  new BinanceError(-1145, 'Invalid cancelRestrictions');
export const ORDER_NOT_FOUND = () => new BinanceError(-2013, 'Order does not exist.');
export const API_KEY_FORMAT = () => new BinanceError(-2014, 'API-key format invalid.', 401);

export const INVALID_API_KEY = () =>
  new BinanceError(-2015, 'Invalid API-key, IP, or permissions for action.', 401);
