import { TestSentinelGroup, waitFor } from '@platform/testing';
import { closeRedis, createRedis, type RedisClient } from './create-redis';
import { subscribeWhenReady } from './subscribe-when-ready';

// Every purpose of connection against a real Sentinel group (a master, a replica, three
// sentinels) whose master crashes: each one follows the sentinels to the promoted replica by
// itself, and what was written before the crash (and replicated) is still there.
describe('createRedis with a redis+sentinel:// URL', () => {
  let group: TestSentinelGroup;
  const clients: RedisClient[] = [];
  const connect = (...args: Parameters<typeof createRedis>) => {
    const client = createRedis(...args);
    clients.push(client);
    return client;
  };

  beforeAll(async () => {
    group = await TestSentinelGroup.start();
  }, 60_000);
  afterAll(async () => {
    await Promise.all(clients.map(closeRedis));
    await group?.stop();
  });

  it('every purpose carries on after the master is killed', async () => {
    const command = connect(group.url, 'command');
    const failFast = connect(group.url, 'failFast');
    const request = connect(group.url, 'request');
    const subscriber = connect(group.url, 'subscriber');
    const heard: string[] = [];
    subscriber.on('message', (_channel: string, message: string) => heard.push(message));
    await subscribeWhenReady(subscriber, { channels: ['news'] });
    await command.set('session', 'kept', 'EX', 60);
    await waitFor('failFast to be connected', () => failFast.status === 'ready');
    const before = await group.masterUrl();
    // what a command wrote is on the replica before the crash (WAIT: acknowledged by 1 replica)
    expect(await command.call('WAIT', '1', '5000')).toBe(1);

    const killedAt = Date.now();
    const oldPort = await group.killMaster();
    const after = await group.waitForNewMaster(oldPort);
    const promotedMs = Date.now() - killedAt;
    expect(after).not.toBe(before);

    await waitFor('failFast to answer from the new master', () =>
      failFast.set('lease', 'mine', 'PX', 5000).then(
        (ok) => ok === 'OK',
        () => false,
      ),
    );
    const movedMs = Date.now() - killedAt;
    expect(await command.get('session')).toBe('kept');
    expect(await request.get('session')).toBe('kept');
    expect(await failFast.get('lease')).toBe('mine');
    // the writes go to the promoted node
    expect(await command.call('ROLE').then((role) => (role as string[])[0])).toBe('master');
    await waitFor('a message published after the failover', async () => {
      await command.publish('news', 'after the failover');
      return heard.includes('after the failover');
    });
    process.stdout.write(
      `sentinel failover: promoted after ${promotedMs} ms, clients writing again after ${movedMs} ms\n`,
    );
  }, 60_000);
});
