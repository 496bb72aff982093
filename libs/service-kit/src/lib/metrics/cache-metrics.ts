import { Injectable } from '@nestjs/common';
import { Counter } from 'prom-client';
import { MetricsRegistry } from './metrics-registry';

/**
 * Hits and misses of this process's caches, by cache name (`balances`, `bot-list`,
 * `market-snapshots`...): one counter for all, so dashboards sum or split them alike.
 */
@Injectable()
export class CacheMetrics {
  private readonly lookups: Counter<'cache' | 'result'>;

  constructor(registry: MetricsRegistry) {
    this.lookups = new Counter({
      name: 'platform_cache_lookups_total',
      help: 'Cache lookups by cache and result (hit or miss)',
      labelNames: ['cache', 'result'],
      registers: [registry],
    });
  }

  hit(cache: string): void {
    this.lookups.inc({ cache, result: 'hit' });
  }

  miss(cache: string): void {
    this.lookups.inc({ cache, result: 'miss' });
  }
}
