import { runMigrations } from '@platform/persistence';
import {
  type ApiClient,
  createTestDatabase,
  type TestDatabase,
  TestRedisServer,
} from '@platform/testing';
import Redis from 'ioredis';
import { Client } from 'pg';
import { type GatewayUnderTest, startGateway } from './gateway-harness';

/**
 * What an integration spec of the gateway runs against: a migrated database and a redis-server
 * of its own, the gateway on both, and the connections the spec opens to look behind the API.
 */
export interface GatewayTestBed {
  db: TestDatabase;
  redis: TestRedisServer;
  gateway: GatewayUnderTest;
  api: ApiClient;
  /** A Postgres connection of the spec's own (seeding rows, checking them); closed with the bed. */
  connectSql(): Promise<Client>;
  /** A Redis connection of the spec's own (snapshots, keys, publishing); closed with the bed. */
  connectRedis(): Redis;
  /** Closes the spec's connections and the gateway, then stops the redis-server, drops the database. */
  close(): Promise<void>;
}

/** A fresh database and redis-server, and the gateway on them with `env` on top of their URLs. */
export async function startGatewayTestBed(
  env: Record<string, string> = {},
): Promise<GatewayTestBed> {
  const [db, redis] = await Promise.all([
    createTestDatabase(runMigrations),
    TestRedisServer.start(),
  ]);
  let gateway: GatewayUnderTest;
  try {
    gateway = await startGateway({ DATABASE_URL: db.url, REDIS_URL: redis.url, ...env });
  } catch (error) {
    await redis.stop();
    await db.drop();
    throw error;
  }
  const sqlClients: Client[] = [];
  const redisClients: Redis[] = [];
  return {
    db,
    redis,
    gateway,
    api: gateway.api,
    async connectSql() {
      const sql = new Client({ connectionString: db.url });
      sqlClients.push(sql);
      await sql.connect();
      return sql;
    },
    connectRedis() {
      const client = new Redis(redis.url);
      redisClients.push(client);
      return client;
    },
    async close() {
      for (const client of redisClients) client.disconnect();
      await Promise.all(sqlClients.map((sql) => sql.end()));
      await gateway.close();
      await redis.stop();
      await db.drop();
    },
  };
}
