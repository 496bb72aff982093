import { createHmac, timingSafeEqual } from 'node:crypto';
import { createServer, type IncomingMessage, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { SMTPServer } from 'smtp-server';

const readBody = (request: IncomingMessage) =>
  new Promise<string>((resolve, reject) => {
    const chunks: Buffer[] = [];
    request.on('data', (chunk: Buffer) => chunks.push(chunk));
    request.on('end', () => resolve(Buffer.concat(chunks).toString('utf8')));
    request.on('error', reject);
  });

async function listen(server: Server): Promise<string> {
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
}

const close = (server: Server) =>
  new Promise<void>((resolve) => {
    server.closeAllConnections();
    server.close(() => resolve());
  });

export interface WebhookDelivery {
  /** X-Webhook-Id: the event key */
  id: string;
  event: string;
  body: Record<string, unknown>;
  /** whether the signature over `timestamp.body` matched and the timestamp was within 300 s */
  verified: boolean;
  status: number;
  receivedAt: number;
}

/**
 * A webhook receiver as a client would write one: it checks X-Webhook-Signature (v1=hex
 * HMAC-SHA256 of `${X-Webhook-Timestamp}.${raw body}`) and the timestamp's age itself (not with
 * the platform's code), answers 401 to a bad signature, and otherwise what `answer` says
 * (200 by default) for each request.
 */
export class WebhookReceiver {
  readonly requests: WebhookDelivery[] = [];
  /** The status of the next answer for a request; 200 unless set. */
  answer: (id: string, nth: number) => number = () => 200;

  /** Where to POST, once started. */
  url = '';
  private readonly server: Server;

  private constructor(secret: string) {
    this.server = createServer(async (request, response) => {
      const raw = await readBody(request);
      const timestamp = String(request.headers['x-webhook-timestamp'] ?? '');
      const signature = String(request.headers['x-webhook-signature'] ?? '');
      const expected = `v1=${createHmac('sha256', secret).update(`${timestamp}.${raw}`).digest('hex')}`;
      const fresh = Math.abs(Date.now() / 1000 - Number(timestamp)) <= 300;
      const verified =
        fresh &&
        signature.length === expected.length &&
        timingSafeEqual(Buffer.from(signature), Buffer.from(expected));
      const id = String(request.headers['x-webhook-id'] ?? '');
      const nth = this.requests.filter((r) => r.id === id).length;
      const status = verified ? this.answer(id, nth) : 401;
      this.requests.push({
        id,
        event: String(request.headers['x-webhook-event'] ?? ''),
        body: raw ? (JSON.parse(raw) as Record<string, unknown>) : {},
        verified,
        status,
        receivedAt: Date.now(),
      });
      response.writeHead(status, { 'content-type': 'application/json' }).end('{}');
    });
  }

  static async start(secret: string): Promise<WebhookReceiver> {
    const receiver = new WebhookReceiver(secret);
    receiver.url = `${await listen(receiver.server)}/hooks/platform`;
    return receiver;
  }

  /** The accepted deliveries (2xx), by event id. */
  accepted(): WebhookDelivery[] {
    return this.requests.filter((r) => r.status >= 200 && r.status < 300);
  }

  stop(): Promise<void> {
    return close(this.server);
  }
}

export interface TelegramRequest {
  token: string;
  chatId: string;
  text: string;
  answeredWith: number;
}

/**
 * Answers like Telegram's Bot API `sendMessage`: `{ok:true,result:{...}}`, or what `answer`
 * returns for a request (e.g. 429 with parameters.retry_after, 401 for a bad token).
 */
export class TelegramStub {
  readonly requests: TelegramRequest[] = [];
  answer: (
    request: Omit<TelegramRequest, 'answeredWith'>,
    nth: number,
  ) => { status: number; body: Record<string, unknown> } | null = () => null;

  /** The Bot API's base URL, once started. */
  url = '';
  private readonly server: Server;

  private constructor() {
    this.server = createServer(async (request, response) => {
      const raw = await readBody(request);
      const match = /^\/bot([^/]+)\/sendMessage$/.exec(request.url ?? '');
      if (!match || request.method !== 'POST') {
        response.writeHead(404).end(JSON.stringify({ ok: false, error_code: 404 }));
        return;
      }
      const body = JSON.parse(raw) as { chat_id: string; text: string };
      const seen = { token: match[1], chatId: String(body.chat_id), text: body.text };
      const custom = this.answer(seen, this.requests.length);
      const status = custom?.status ?? 200;
      this.requests.push({ ...seen, answeredWith: status });
      const answer = custom?.body ?? {
        ok: true,
        result: {
          message_id: this.requests.length,
          chat: { id: Number(body.chat_id) },
          date: Math.floor(Date.now() / 1000),
          text: body.text,
        },
      };
      response
        .writeHead(status, { 'content-type': 'application/json' })
        .end(JSON.stringify(answer));
    });
  }

  static async start(): Promise<TelegramStub> {
    const stub = new TelegramStub();
    stub.url = await listen(stub.server);
    return stub;
  }

  delivered(): TelegramRequest[] {
    return this.requests.filter((r) => r.answeredWith === 200);
  }

  stop(): Promise<void> {
    return close(this.server);
  }
}

export interface ReceivedMail {
  from: string;
  to: string[];
  raw: string;
}

/** A local SMTP server that accepts every message (no TLS, no auth) and keeps it. */
export class SmtpSink {
  readonly mails: ReceivedMail[] = [];

  /** Its port on 127.0.0.1, once started. */
  port = 0;
  private readonly server: SMTPServer;

  private constructor() {
    const mails = this.mails;
    this.server = new SMTPServer({
      authOptional: true,
      disabledCommands: ['STARTTLS'],
      logger: false,
      onData(stream, session, callback) {
        const chunks: Buffer[] = [];
        stream.on('data', (chunk: Buffer) => chunks.push(chunk));
        stream.on('end', () => {
          mails.push({
            from: session.envelope.mailFrom ? session.envelope.mailFrom.address : '',
            to: session.envelope.rcptTo.map((r) => r.address),
            raw: Buffer.concat(chunks).toString('utf8'),
          });
          callback();
        });
      },
    });
  }

  static async start(): Promise<SmtpSink> {
    const sink = new SmtpSink();
    await new Promise<void>((resolve) => sink.server.listen(0, '127.0.0.1', resolve));
    sink.port = (sink.server.server.address() as AddressInfo).port;
    return sink;
  }

  stop(): Promise<void> {
    return new Promise((resolve) => this.server.close(() => resolve()));
  }
}
