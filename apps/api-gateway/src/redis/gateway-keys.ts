// Every Redis key the gateway writes, in one place: sessions and counters are shared by all
// gateway replicas, so their names are part of the cluster's contract.

/** Session token hash -> `{"userId","role"}` (JSON), expiring with the session. */
export const sessionKey = (tokenHash: string) => `gw:session:${tokenHash}`;
export const SESSION_KEY_PREFIX = 'gw:session:';

/** Set of a user's session hashes, so logout-everywhere and password changes reach them all. */
export const userSessionsKey = (userId: string) => `gw:user-sessions:${userId}`;

/** Request counters of the current window. */
export const ipRequestsKey = (ip: string) => `gw:rl:ip:${ip}`;
export const USER_REQUESTS_KEY_PREFIX = 'gw:rl:user:';

/** Failed sign-ins of the current window. */
export const accountLoginFailuresKey = (email: string) => `gw:login-fail:account:${email}`;
export const ipLoginFailuresKey = (ip: string) => `gw:login-fail:ip:${ip}`;

/** Live-stream ticket hash -> `{"userId","role","sessionId"}` (JSON), single use, short TTL. */
export const streamTicketKey = (ticketHash: string) => `gw:live-ticket:${ticketHash}`;
