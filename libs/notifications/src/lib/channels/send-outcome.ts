/**
 * What one send came to. `permanent`: the target refused for a reason a retry will not change
 * (bad token, unknown chat, a URL that is gone): the channel is marked failing at once.
 * `retryAfterMs`: the target asked to wait this long (Telegram's 429 retry_after).
 */
export type SendOutcome =
  | { ok: true }
  | { ok: false; error: string; permanent: boolean; retryAfterMs?: number };

export const delivered: SendOutcome = { ok: true };

export const failed = (error: string, permanent: boolean, retryAfterMs?: number): SendOutcome => ({
  ok: false,
  error,
  permanent,
  ...(retryAfterMs === undefined ? {} : { retryAfterMs }),
});

/** 4xx but a timeout or a rate limit: the request itself is wrong, repeating it will not help. */
export const isPermanentHttpStatus = (status: number) =>
  status >= 400 && status < 500 && status !== 408 && status !== 429;

/** A network-level failure, described without the URL (a Telegram URL holds the bot token). */
export function networkFailure(error: unknown, timeoutMs: number): SendOutcome {
  const name = (error as { name?: string } | null)?.name;
  if (name === 'TimeoutError' || name === 'AbortError')
    return failed(`no answer within ${timeoutMs} ms`, false);
  const cause = (error as { cause?: { code?: string } } | null)?.cause?.code;
  return failed(`could not connect${cause ? ` (${cause})` : ''}`, false);
}
