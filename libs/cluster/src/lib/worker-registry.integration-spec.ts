import { TestRedisServer, waitFor } from '@platform/testing';
import type { WorkerInfo } from './worker-info';
import { WorkerRegistry } from './worker-registry';

const info = (id: string, botIds: string[] = []): WorkerInfo => ({
  id,
  host: 'notebook-1',
  pid: 1,
  capacity: 100,
  tags: [],
  startedAt: new Date().toISOString(),
  botIds,
});

describe('WorkerRegistry against real Redis', () => {
  let redis: TestRedisServer;
  let registry: WorkerRegistry;

  beforeAll(async () => {
    redis = await TestRedisServer.start();
    registry = new WorkerRegistry(redis.url);
    await waitFor('registry connected', () => registry.list().then(() => true));
  });

  afterAll(async () => {
    await registry.close();
    await redis.stop();
  });

  it('lists live workers with their bots; a worker that stops heartbeating disappears after its TTL', async () => {
    await registry.heartbeat(info('w-1', ['b1']), 10000);
    await registry.heartbeat(info('w-2'), 300);
    expect((await registry.list()).map((w) => [w.id, w.botIds])).toEqual([
      ['w-1', ['b1']],
      ['w-2', []],
    ]);
    await waitFor('w-2 gone', async () => (await registry.list()).length === 1, {
      timeoutMs: 3000,
    });
    expect((await registry.list())[0].id).toBe('w-1');
  });

  it('deregister removes a worker at once', async () => {
    await registry.heartbeat(info('w-3'), 10000);
    await registry.deregister('w-3');
    expect((await registry.list()).map((w) => w.id)).not.toContain('w-3');
  });
});
