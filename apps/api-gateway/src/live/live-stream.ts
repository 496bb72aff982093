import type { OutgoingHttpHeaders, ServerResponse } from 'node:http';
import type { Principal } from '../http/gateway-request';

export interface LiveStreamLimits {
  /** Bytes that may wait for a slow client before its stream is closed. */
  maxBufferedBytes: number;
  /** At most one ticker per market per this long, per stream. */
  tickerIntervalMs: number;
}

/** An event as it goes on the wire; built once when many streams get the same one. */
export const sseFrame = (event: string, data: string): Buffer =>
  Buffer.from(`event: ${event}\ndata: ${data}\n\n`, 'utf8');

/**
 * One client's server-sent-event stream. Writes never queue without bound: once more than
 * `maxBufferedBytes` wait for a client that does not read, the stream is dropped (the client's
 * EventSource reconnects and reloads from the API), so a stalled client costs a fixed amount
 * of memory.
 */
export class LiveStream {
  private closed = false;
  private readonly lastTicker = new Map<string, number>();

  constructor(
    readonly principal: Principal,
    private readonly response: ServerResponse,
    private readonly limits: LiveStreamLimits,
    private readonly onClose: (stream: LiveStream, reason: string) => void,
  ) {
    response.once('close', () => this.finish('client went away'));
  }

  get isClosed(): boolean {
    return this.closed;
  }

  /** The head (with `headers`, the ones the gateway's hooks set) and the `retry:` line. */
  open(retryMs: number, headers: OutgoingHttpHeaders = {}): void {
    this.response.writeHead(200, {
      ...headers,
      'Content-Type': 'text/event-stream; charset=utf-8',
      'Cache-Control': 'no-cache, no-transform',
      Connection: 'keep-alive',
      // nginx: do not buffer this response (also set in tools/deploy/nginx.conf)
      'X-Accel-Buffering': 'no',
    });
    this.write(`retry: ${retryMs}\n\n`);
  }

  /** `data` is one line of JSON. */
  send(event: string, data: string): void {
    this.write(sseFrame(event, data));
  }

  /** A frame built once for many streams (see {@link sseFrame}). */
  sendFrame(frame: Buffer): void {
    this.write(frame);
  }

  /** A ticker frame at most every `tickerIntervalMs` per market; the rest are dropped (the next one follows within a poll). */
  sendTicker(market: string, frame: Buffer, now = Date.now()): void {
    if (now - (this.lastTicker.get(market) ?? 0) < this.limits.tickerIntervalMs) return;
    this.lastTicker.set(market, now);
    this.write(frame);
  }

  comment(text: string): void {
    this.write(`: ${text}\n\n`);
  }

  /** Ends the stream at once, dropping whatever still waits for the client. */
  close(reason: string): void {
    if (this.closed) return;
    this.response.destroy();
    this.finish(reason);
  }

  private write(chunk: string | Buffer): void {
    if (this.closed) return;
    if (this.response.writableLength > this.limits.maxBufferedBytes)
      return this.close('the client does not keep up');
    this.response.write(chunk);
  }

  private finish(reason: string): void {
    if (this.closed) return;
    this.closed = true;
    this.onClose(this, reason);
  }
}
