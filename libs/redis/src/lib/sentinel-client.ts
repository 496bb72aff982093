import type { RedisOptions } from 'ioredis';
import { isSentinelGroup, type RedisConnectionOptions } from './redis-url';

/**
 * ioredis options for a connection: a single server as the URL says; a Sentinel group with the
 * settings that carry a connection over a failover. Every client the platform makes (createRedis,
 * the Nest transport) goes through here, so all of them follow the master the same way.
 */
export function sentinelClientOptions(
  connection: RedisConnectionOptions,
  reconnectDelayMs: number,
): RedisOptions {
  if (!isSentinelGroup(connection)) return connection;
  return {
    ...connection,
    // Asking the sentinels again: as quickly as reconnecting to a server (a failover is
    // seconds; a lease lives a few of them).
    sentinelRetryStrategy: () => reconnectDelayMs,
    sentinelCommandTimeout: 1000,
    // Not ioredis' failoverDetector: its +switch-master disconnect, arriving while the client
    // is reconnecting, ends the client for good (seen in sentinel.integration-spec). The
    // sentinels close the clients of a node they reconfigure, and READONLY is handled below.
    failoverDetector: false,
    // A demoted master that is still up answers writes with READONLY: reconnect (the
    // sentinels name the new master) and send the command again.
    reconnectOnError: (error) => (error.message.startsWith('READONLY') ? 2 : false),
  };
}
