// Every Redis key the gateway writes, in one place: sessions and counters are shared by all
// gateway replicas, so their names are part of the cluster's contract.

/** Session token hash -> `{"userId","role"}` (JSON), expiring with the session. */
export const sessionKey = (tokenHash: string) => `gw:session:${tokenHash}`;
export const SESSION_KEY_PREFIX = 'gw:session:';

/** Set of a user's session hashes, so logout-everywhere and password changes reach them all. */
export const userSessionsKey = (userId: string) => `gw:user-sessions:${userId}`;

/**
 * Set while an operator has the user disabled (users.disabled_at is the truth): no session of
 * theirs is created or admitted, on any replica.
 */
export const disabledUserKey = (userId: string) => `gw:user-disabled:${userId}`;
export const DISABLED_USER_KEY_PREFIX = 'gw:user-disabled:';

/** Request counters of the current window. */
export const ipRequestsKey = (ip: string) => `gw:rl:ip:${ip}`;
export const USER_REQUESTS_KEY_PREFIX = 'gw:rl:user:';

/**
 * A user's bots version: an opaque token every write to their bots (through any gateway)
 * replaces, read by the request gate with the session. It keys the short-lived GET /bots
 * cache of each gateway process, so a write on one replica is seen at once on all of them.
 */
export const botsVersionKey = (userId: string) => `gw:bots-version:${userId}`;
export const BOTS_VERSION_KEY_PREFIX = 'gw:bots-version:';

/** Failed sign-ins of the current window, per account and per client address. */
export const accountLoginFailuresKey = (email: string) => `gw:login-fail:account:${email}`;
export const ipLoginFailuresKey = (ip: string) => `gw:login-fail:ip:${ip}`;
// An address never holds a space, so "<ip> <email>" names one pair unambiguously.
/** Failed sign-ins of one address on one account, and the wait before its next attempt. */
export const pairLoginFailuresKey = (email: string, ip: string) =>
  `gw:login-fail:pair:${ip} ${email}`;
export const pairLoginWaitKey = (email: string, ip: string) => `gw:login-wait:${ip} ${email}`;
/** Addresses that signed in to the account lately (they keep their attempts under attack). */
export const knownLoginAddressesKey = (email: string) => `gw:login-known:${email}`;

/** Live-stream ticket hash -> `{"userId","role","sessionId"}` (JSON), single use, short TTL. */
export const streamTicketKey = (ticketHash: string) => `gw:live-ticket:${ticketHash}`;
