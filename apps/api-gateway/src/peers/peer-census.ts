import { randomUUID } from 'node:crypto';
import { Inject, Injectable, type OnApplicationShutdown } from '@nestjs/common';
import { createRedis, type RedisClient, subscribeWhenReady } from '@platform/redis';
import { GATEWAY_REDIS } from '../redis/gateway-redis.module';

export const PEER_CENSUS_SETTINGS = Symbol('PEER_CENSUS_SETTINGS');

export interface PeerCensusSettings {
  redisUrl: string;
  /** Longest wait for the first reply. */
  timeoutMs: number;
  /** After the first reply, how long the others may take. */
  graceMs: number;
}

interface ReplyPacket {
  id?: unknown;
  response?: unknown;
  err?: unknown;
}

/**
 * Asks every replica of a service at once. The Nest Redis transport hands a request to every
 * listener, but `ClientProxy.send` keeps only the first reply; the cluster view wants them all,
 * so this speaks the transport's wire format itself: the request `{ pattern, data, id }` on the
 * pattern's channel, each replica's `{ id, response, isDisposed }` on `<pattern>.reply`.
 */
@Injectable()
export class PeerCensus implements OnApplicationShutdown {
  private readonly subscriber: RedisClient;
  private readonly subscribed = new Map<string, Promise<unknown>>();
  private readonly waiting = new Map<string, (reply: unknown) => void>();

  constructor(
    @Inject(PEER_CENSUS_SETTINGS) private readonly settings: PeerCensusSettings,
    @Inject(GATEWAY_REDIS) private readonly redis: RedisClient,
  ) {
    // connects on the first census (only `GET /cluster` asks)
    this.subscriber = createRedis(settings.redisUrl, 'subscriber', { lazyConnect: true });
    this.subscriber.on('message', (_channel: string, message: string) => {
      let packet: ReplyPacket;
      try {
        packet = JSON.parse(message) as ReplyPacket;
      } catch {
        return;
      }
      if (typeof packet?.id === 'string' && packet.response !== undefined && !packet.err)
        this.waiting.get(packet.id)?.(packet.response);
    });
  }

  /** Every reply that arrives in time (an empty list when no replica answers). */
  async gather<Reply>(pattern: string): Promise<Reply[]> {
    const channel = `${pattern}.reply`;
    if (!this.subscribed.has(channel)) {
      const subscribing = subscribeWhenReady(
        this.subscriber,
        { channels: [channel] },
        this.settings.timeoutMs,
      );
      // a failure (Redis away) is not kept: the next census tries again
      subscribing.catch(() => this.subscribed.delete(channel));
      this.subscribed.set(channel, subscribing);
    }
    await this.subscribed.get(channel);
    const id = randomUUID();
    const replies: Reply[] = [];
    let done: () => void = () => undefined;
    const finished = new Promise<void>((resolve) => (done = resolve));
    const deadline = setTimeout(done, this.settings.timeoutMs);
    this.waiting.set(id, (reply) => {
      if (replies.length === 0) {
        clearTimeout(deadline);
        setTimeout(done, this.settings.graceMs);
      }
      replies.push(reply as Reply);
    });
    try {
      await this.redis.publish(pattern, JSON.stringify({ pattern, data: {}, id }));
      await finished;
      return replies;
    } finally {
      clearTimeout(deadline);
      this.waiting.delete(id);
    }
  }

  onApplicationShutdown(): void {
    this.subscriber.disconnect();
  }
}
