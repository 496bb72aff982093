import { createHash } from 'node:crypto';
import type { RedisClient } from '@platform/redis';

/**
 * A Lua script run by its SHA (one short command per call), loaded on first use or after a
 * Redis restart forgot it. Scripts make a read-check-write atomic across gateway replicas.
 */
export class RedisScript<Reply> {
  private readonly sha: string;

  constructor(private readonly source: string) {
    this.sha = createHash('sha1').update(source).digest('hex');
  }

  async run(redis: RedisClient, keys: string[], args: (string | number)[]): Promise<Reply> {
    try {
      return (await redis.evalsha(this.sha, keys.length, ...keys, ...args)) as Reply;
    } catch (error) {
      if (!(error instanceof Error) || !error.message.startsWith('NOSCRIPT')) throw error;
      return (await redis.eval(this.source, keys.length, ...keys, ...args)) as Reply;
    }
  }
}
