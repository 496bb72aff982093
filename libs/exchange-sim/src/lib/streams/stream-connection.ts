import type { WebSocket } from 'ws';
import type { StreamName } from './stream-names';

interface Subscription {
  /** Undefined for a name the simulator does not serve (accepted, never sent on). */
  stream: StreamName | undefined;
  /** Kline streams: the open time of the candle last sent, to close it when the next opens. */
  lastKlineOpen?: number;
}

/** One client's market stream connection: its subscriptions, properties and message rate. */
export class StreamConnection {
  readonly subscriptions = new Map<string, Subscription>();
  readonly openedAt = Date.now();
  lastPongAt = Date.now();
  private windowStart = 0;
  private incomingInWindow = 0;

  constructor(
    readonly socket: WebSocket,
    readonly ip: string,
    /** Payloads wrapped as {"stream":..,"data":..} (`/stream`) or raw (`/ws`). */
    public combined: boolean,
  ) {}

  subscribe(name: string, stream: StreamName | undefined): void {
    if (!this.subscriptions.has(name)) this.subscriptions.set(name, { stream });
  }

  /** Counts one incoming message; false once the second's budget is exceeded. */
  countIncoming(limitPerSecond: number, now = Date.now()): boolean {
    if (now - this.windowStart >= 1000) {
      this.windowStart = now;
      this.incomingInWindow = 0;
    }
    this.incomingInWindow += 1;
    return this.incomingInWindow <= limitPerSecond;
  }

  send(name: string, payload: unknown): void {
    if (this.socket.readyState !== this.socket.OPEN) return;
    this.socket.send(JSON.stringify(this.combined ? { stream: name, data: payload } : payload));
  }

  answer(body: unknown): void {
    if (this.socket.readyState === this.socket.OPEN) this.socket.send(JSON.stringify(body));
  }
}
