/** A request over the Redis transport got no reply in time: the peer is down, busy or absent. */
export class TransportTimeoutError extends Error {
  constructor(
    readonly pattern: string,
    readonly timeoutMs: number,
  ) {
    super(`no reply to "${pattern}" within ${timeoutMs} ms (is a service answering it running?)`);
    this.name = 'TransportTimeoutError';
  }
}
