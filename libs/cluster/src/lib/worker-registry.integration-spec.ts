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

  it('an unchanged entry stays listed by its TTL alone; a change, or an expiry, writes it whole', async () => {
    const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));
    const worker = info('w-4', ['b1', 'b2']);
    await registry.heartbeat(worker, 300);
    for (let i = 0; i < 4; i++) {
      await sleep(150);
      await registry.heartbeat(worker, 300); // 600 ms in all: listed only if the TTL was renewed
    }
    expect((await registry.list()).find((w) => w.id === 'w-4')?.botIds).toEqual(['b1', 'b2']);
    const changed = { ...worker, botIds: ['b3'] };
    await registry.heartbeat(changed, 300);
    expect((await registry.list()).find((w) => w.id === 'w-4')?.botIds).toEqual(['b3']);
    await sleep(400); // expired: the next heartbeat of the same entry brings it back whole
    await registry.heartbeat(changed, 10000);
    expect((await registry.list()).find((w) => w.id === 'w-4')?.botIds).toEqual(['b3']);
    await registry.deregister('w-4');
  });

  it('lists an unchanged entry as the same object (parsed once), a changed one anew', async () => {
    await registry.heartbeat(info('w-5', ['b1']), 10000);
    const entryOf = async () => (await registry.list()).find((w) => w.id === 'w-5');
    const first = await entryOf();
    expect(await entryOf()).toBe(first);
    await registry.heartbeat(info('w-5', ['b1', 'b2']), 10000);
    const changed = await entryOf();
    expect(changed).not.toBe(first);
    expect(changed?.botIds).toEqual(['b1', 'b2']);
    await registry.deregister('w-5');
  });

  it('deregister removes a worker at once', async () => {
    await registry.heartbeat(info('w-3'), 10000);
    await registry.deregister('w-3');
    expect((await registry.list()).map((w) => w.id)).not.toContain('w-3');
  });
});
