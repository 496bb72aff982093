import { binanceTickerSnapshot } from '@platform/testing';
import type Redis from 'ioredis';

/**
 * Stores a binance ticker snapshot the way market-data does (md:ticker:binance:<symbol>), with
 * no expiry and no announcement: the price the gateway reads when it values a position.
 */
export const writeTickerSnapshot = (redis: Redis, symbol: string, last: string) =>
  redis.set(`md:ticker:binance:${symbol}`, JSON.stringify(binanceTickerSnapshot(symbol, last)));
