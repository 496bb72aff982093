// One error type for everything the gateway (or the network) can answer, with the words the
// pages show. The gateway's body is `{ statusCode, code, message, errors?: [{ field, message }] }`.

export interface FieldError {
  field: string;
  message: string;
}

export class ApiError extends Error {
  constructor(
    readonly status: number,
    readonly code: string,
    message: string,
    readonly fieldErrors: FieldError[] = [],
    /** Seconds to wait before trying again (429, from Retry-After). */
    readonly retryAfterSeconds: number | null = null,
  ) {
    super(message);
  }

  /** The request never got an answer: the network or the server is down. */
  static network(): ApiError {
    return new ApiError(0, 'network', 'Cannot reach the server. Check your connection.');
  }

  get isNetwork() {
    return this.status === 0;
  }

  /** The error of one field, by its path (`params.risk.stakeQuote`). */
  fieldMessage(field: string): string | undefined {
    return this.fieldErrors.find((e) => e.field === field)?.message;
  }
}

interface ErrorBody {
  code?: unknown;
  message?: unknown;
  errors?: unknown;
}

const isFieldError = (value: unknown): value is FieldError =>
  typeof value === 'object' &&
  value !== null &&
  typeof (value as FieldError).field === 'string' &&
  typeof (value as FieldError).message === 'string';

/** The words a person reads for an answer that was not ok. */
export function describeStatus(status: number, message: string, retryAfter: number | null) {
  if (status === 429)
    return retryAfter ? `Too many requests: try again in ${retryAfter} s.` : message;
  if (status >= 500) return `The server could not do this right now (${message}). Try again.`;
  return message;
}

export function apiErrorFrom(status: number, body: unknown, retryAfterHeader: string | null) {
  const parsed = (typeof body === 'object' && body !== null ? body : {}) as ErrorBody;
  const retryAfter =
    retryAfterHeader && /^\d+$/.test(retryAfterHeader) ? Number(retryAfterHeader) : null;
  const message =
    typeof parsed.message === 'string' ? parsed.message : `request failed (${status})`;
  const fieldErrors = Array.isArray(parsed.errors) ? parsed.errors.filter(isFieldError) : [];
  return new ApiError(
    status,
    typeof parsed.code === 'string' ? parsed.code : `http_${status}`,
    describeStatus(status, message, retryAfter),
    fieldErrors,
    retryAfter,
  );
}
