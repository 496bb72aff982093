import type { OutgoingHttpHeaders, ServerResponse } from 'node:http';
import type { Principal } from '../http/gateway-request';

export interface LiveStreamLimits {
  /** Bytes that may wait for a slow client before its stream is closed. */
  maxBufferedBytes: number;
  /** At most one ticker per market per this long, per stream. */
  tickerIntervalMs: number;
}

/**
 * An event (or comment) as it goes on the wire, built once for all the streams that get it:
 * its bytes, and the same bytes as one HTTP/1.1 chunk (size line, bytes, CRLF).
 */
export interface SseFrame {
  bytes: Buffer;
  chunk: Buffer;
}

const CRLF = Buffer.from('\r\n');

const frameOf = (text: string): SseFrame => {
  const bytes = Buffer.from(text, 'utf8');
  const chunk = Buffer.concat([Buffer.from(`${bytes.length.toString(16)}\r\n`), bytes, CRLF]);
  return { bytes, chunk };
};

/** `data` is one line of JSON. */
export const sseFrame = (event: string, data: string): SseFrame =>
  frameOf(`event: ${event}\ndata: ${data}\n\n`);

export const sseComment = (text: string): SseFrame => frameOf(`: ${text}\n\n`);

/**
 * One client's server-sent-event stream. Writes never queue without bound: once more than
 * `maxBufferedBytes` wait for a client that does not read, the stream is dropped (the client's
 * EventSource reconnects and reloads from the API), so a stalled client costs a fixed amount
 * of memory.
 */
export class LiveStream {
  private closed = false;
  /** The head and the first chunk are on their way: frames may go to the socket as they are. */
  private headSent = false;
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
    // through the response: Node sends the head with it
    this.response.write(`retry: ${retryMs}\n\n`);
    this.headSent = true;
  }

  /** `data` is one line of JSON. */
  send(event: string, data: string): void {
    this.write(sseFrame(event, data));
  }

  /** A frame built once for many streams (an event, a comment: see {@link sseFrame}). */
  sendFrame(frame: SseFrame): void {
    this.write(frame);
  }

  /** A ticker frame at most every `tickerIntervalMs` per market; the rest are dropped (the next one follows within a poll). */
  sendTicker(market: string, frame: SseFrame, now = Date.now()): void {
    if (now - (this.lastTicker.get(market) ?? 0) < this.limits.tickerIntervalMs) return;
    this.lastTicker.set(market, now);
    this.write(frame);
  }

  /** Ends the stream at once, dropping whatever still waits for the client. */
  close(reason: string): void {
    if (this.closed) return;
    this.response.destroy();
    this.finish(reason);
  }

  /**
   * Node's response frames each write as a chunk itself (a size line and a CRLF around it,
   * corked until the next tick): one event on 10,000 streams made that a third of the
   * gateway's work for it. A chunked response whose head is sent gets the frame's ready-made
   * chunk on its socket instead (the same bytes; the socket keeps the order of everything
   * written to it); any other (HTTP/1.0: not chunked) goes through the response.
   */
  private write(frame: SseFrame): void {
    if (this.closed) return;
    if (this.response.writableLength > this.limits.maxBufferedBytes)
      return this.close('the client does not keep up');
    const socket = this.response.socket;
    if (this.headSent && socket && this.chunked && !this.response.writableEnded)
      socket.write(frame.chunk);
    else this.response.write(frame.bytes);
  }

  /** Whether Node frames this response's body as chunks (HTTP/1.1 without a length). */
  private get chunked(): boolean {
    return (
      (this.response as ServerResponse & { chunkedEncoding?: boolean }).chunkedEncoding === true
    );
  }

  private finish(reason: string): void {
    if (this.closed) return;
    this.closed = true;
    this.onClose(this, reason);
  }
}
