import { createServer, type Server, type Socket } from 'node:net';
import { freePort, TestRedisServer, waitFor } from '@platform/testing';
import { closeRedis, createRedis, RECONNECT_DELAY_MS, type RedisClient } from './create-redis';
import { subscribeWhenReady } from './subscribe-when-ready';

// What each purpose does while Redis is away, against a real redis-server that the test stops
// (SIGKILL, like a crash) and starts again.
describe('createRedis against a real redis-server', () => {
  let redis: TestRedisServer;
  const clients: RedisClient[] = [];
  const connect = (...args: Parameters<typeof createRedis>) => {
    const client = createRedis(...args);
    clients.push(client);
    return client;
  };
  const connected = async (...args: Parameters<typeof createRedis>) => {
    const client = connect(...args);
    await waitFor('the connection', () => client.status === 'ready');
    return client;
  };
  const redisGoesAway = async (...seenBy: RedisClient[]) => {
    await redis.stop();
    await waitFor('the clients to see Redis gone', () =>
      seenBy.every((client) => client.status !== 'ready'),
    );
  };

  beforeEach(async () => {
    redis = await TestRedisServer.start();
  });

  afterEach(async () => {
    clients.splice(0).forEach((client) => client.disconnect());
    await redis.stop();
  });

  it('command: waits for a reconnect, then fails instead of hanging; works again once Redis is back', async () => {
    const client = await connected(redis.url, 'command');
    await redisGoesAway(client);

    let failure: unknown;
    await client.get('k').catch((error) => (failure = error));
    // queued and retried once over a reconnect (not refused at once, not left hanging)
    expect(String(failure)).toMatch(/max retries per request/i);

    await redis.start();
    await waitFor('the same connection to answer again', () =>
      client.ping().then((pong) => pong === 'PONG'),
    );
  });

  it('failFast: while Redis is away a command fails at once (no offline queue)', async () => {
    const client = await connected(redis.url, 'failFast');
    await redisGoesAway(client);

    let failure: unknown;
    await client.ping().catch((error) => (failure = error));
    // refused by the client itself, before any reconnect
    expect(String(failure)).toMatch(/enableOfflineQueue options is false/);

    await redis.start();
    await waitFor('the same connection to answer again', () =>
      client.ping().then((pong) => pong === 'PONG'),
    );
  });

  it('subscriber: subscribed again after Redis restarts, without being asked', async () => {
    const subscriber = connect(redis.url, 'subscriber');
    const heard: string[] = [];
    subscriber.on('message', (_channel: string, message: string) => heard.push(message));
    await subscribeWhenReady(subscriber, { channels: ['news'] });
    await redisGoesAway(subscriber);
    await redis.start();

    const publisher = connect(redis.url, 'command');
    await waitFor('a message published after the restart', async () => {
      await publisher.publish('news', 'after the restart');
      return heard.includes('after the restart');
    });
  });

  it('closeRedis: returns at once when Redis is away, and the connection stays closed', async () => {
    const client = await connected(redis.url, 'command');
    await redisGoesAway(client);
    await closeRedis(client); // resolves without waiting for Redis to come back
    await redis.start();
    await new Promise((resolve) => setTimeout(resolve, 4 * RECONNECT_DELAY_MS));
    expect(client.status).not.toBe('ready');
  });

  describe('against a server that accepts connections and never answers (a frozen Redis)', () => {
    let silent: Server;
    const sockets: Socket[] = [];
    let url: string;

    beforeAll(async () => {
      const port = await freePort();
      silent = createServer((socket) => sockets.push(socket));
      await new Promise<void>((resolve) => silent.listen(port, '127.0.0.1', resolve));
      url = `redis://127.0.0.1:${port}`;
    });

    afterAll(async () => {
      sockets.forEach((socket) => socket.destroy());
      await new Promise((resolve) => silent.close(resolve));
    });

    it('request: a command fails after 2 s, so an HTTP request gets an answer', async () => {
      const client = connect(url, 'request');
      let failure: unknown;
      await client.get('k').catch((error) => (failure = error));
      expect(String(failure)).toMatch(/command timed out/i);
    });
  });
});
