import { type ChildProcess, spawn } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import Redis from 'ioredis';
import { freePort } from './free-port';
import { redisAnswers, stopRedisServer } from './redis-server-process.cjs';
import { waitFor } from './wait-for';

export const SENTINEL_MASTER_NAME = 'mymaster';

/** How long the sentinels wait before they call an unanswering master down. */
const DOWN_AFTER_MS = 1000;

interface Node {
  name: string;
  port: number;
  child?: ChildProcess;
  output: string;
}

/**
 * A throwaway Sentinel setup on spare ports: a master, one replica and three sentinels
 * (quorum 2), each a real redis-server / redis-sentinel child with its files in a temp dir.
 * `url` is the REDIS_URL services get; `killMaster` crashes the current master.
 */
export class TestSentinelGroup {
  private constructor(
    private readonly dir: string,
    private readonly data: Node[],
    private readonly sentinels: Node[],
  ) {}

  static async start(): Promise<TestSentinelGroup> {
    const dir = mkdtempSync(join(tmpdir(), 'sentinel-group-'));
    const node = async (name: string): Promise<Node> => ({
      name,
      port: await freePort(),
      output: '',
    });
    const [master, replica] = [await node('master'), await node('replica')];
    const sentinels = [
      await node('sentinel-1'),
      await node('sentinel-2'),
      await node('sentinel-3'),
    ];
    const group = new TestSentinelGroup(dir, [master, replica], sentinels);
    try {
      await group.spawnData(master);
      await group.spawnData(replica, master.port);
      for (const sentinel of sentinels) await group.spawnSentinel(sentinel, master.port);
      await group.waitUntilFormed();
    } catch (error) {
      // what each process said (a port taken meanwhile, a refused config) is the likely why
      const reason = error instanceof Error ? error.message : String(error);
      const described = group.describe();
      await group.stop();
      throw new Error(`${reason}\n${described}`, { cause: error });
    }
    return group;
  }

  /** REDIS_URL naming this group. */
  get url(): string {
    const hosts = this.sentinels.map((s) => `127.0.0.1:${s.port}`).join(',');
    return `redis+sentinel://${hosts}/${SENTINEL_MASTER_NAME}`;
  }

  /** `redis://` of the data node that the sentinels call master now. */
  async masterUrl(): Promise<string> {
    const [host, port] = (await this.askSentinel((s) =>
      s.call('SENTINEL', 'GET-MASTER-ADDR-BY-NAME', SENTINEL_MASTER_NAME),
    )) as [string, string];
    return `redis://${host}:${port}`;
  }

  /**
   * Whether a running replica holds every key matching `pattern` that the master holds now
   * (replication is asynchronous: what a failover keeps is what had reached the replica).
   */
  async replicaHoldsKeys(pattern: string): Promise<boolean> {
    const masterPort = Number(new URL(await this.masterUrl()).port);
    const master = this.data.find((n) => n.port === masterPort);
    const replica = this.data.find((n) => n.port !== masterPort && n.child);
    if (!master || !replica) return false;
    const keys = (await this.ask(master, (c) => c.keys(pattern))) as string[];
    if (keys.length === 0) return false;
    return (await this.ask(replica, (c) => c.exists(...keys))) === keys.length;
  }

  /** SIGKILLs the current master (a crash); resolves with its port. */
  async killMaster(): Promise<number> {
    const port = Number(new URL(await this.masterUrl()).port);
    const node = this.data.find((n) => n.port === port);
    if (!node?.child) throw new Error(`no running data node on port ${port}`);
    await stopRedisServer(node.child, 'SIGKILL');
    node.child = undefined;
    return port;
  }

  /** Waits until the sentinels name a master other than the one on `oldPort`; its URL. */
  waitForNewMaster(oldPort: number, timeoutMs = 30_000): Promise<string> {
    return waitFor(
      'the sentinels to promote the replica',
      async () => {
        const url = await this.masterUrl().catch(() => undefined);
        if (!url || Number(new URL(url).port) === oldPort) return undefined;
        return (await redisAnswers(url)) ? url : undefined;
      },
      { timeoutMs, intervalMs: 100 },
    );
  }

  /** Every process's output, for a failure message. */
  describe(): string {
    return [...this.data, ...this.sentinels]
      .map((n) => `--- ${n.name} (${n.port}) ---\n${n.output.slice(-2000)}`)
      .join('\n');
  }

  async stop(): Promise<void> {
    await Promise.all(
      [...this.data, ...this.sentinels].map(async (n) => {
        if (n.child) await stopRedisServer(n.child, 'SIGKILL');
        n.child = undefined;
      }),
    );
    rmSync(this.dir, { recursive: true, force: true });
  }

  private async spawnData(node: Node, replicaOf?: number): Promise<void> {
    const args = ['--port', String(node.port), '--bind', '127.0.0.1', '--dir', this.dir];
    args.push('--save', '', '--appendonly', 'no', '--dbfilename', `${node.name}.rdb`);
    // the first sync at once, without a 5 s wait for more replicas
    args.push('--repl-diskless-sync', 'yes', '--repl-diskless-sync-delay', '0');
    if (replicaOf) args.push('--replicaof', '127.0.0.1', String(replicaOf));
    await this.spawn(node, 'redis-server', args);
  }

  private async spawnSentinel(node: Node, masterPort: number): Promise<void> {
    const config = join(this.dir, `${node.name}.conf`);
    writeFileSync(
      config,
      [
        `port ${node.port}`,
        'bind 127.0.0.1',
        `dir ${this.dir}`,
        `sentinel monitor ${SENTINEL_MASTER_NAME} 127.0.0.1 ${masterPort} 2`,
        `sentinel down-after-milliseconds ${SENTINEL_MASTER_NAME} ${DOWN_AFTER_MS}`,
        `sentinel failover-timeout ${SENTINEL_MASTER_NAME} 10000`,
        `sentinel parallel-syncs ${SENTINEL_MASTER_NAME} 1`,
        '',
      ].join('\n'),
    );
    await this.spawn(node, 'redis-sentinel', [config]);
  }

  private async spawn(node: Node, command: string, args: string[]): Promise<void> {
    const child = spawn(command, args, { stdio: ['ignore', 'pipe', 'pipe'] });
    child.stdout?.on('data', (chunk: Buffer) => (node.output += chunk.toString()));
    child.stderr?.on('data', (chunk: Buffer) => (node.output += chunk.toString()));
    await new Promise((resolve, reject) => {
      child.once('spawn', resolve);
      child.once('error', (error) =>
        reject(new Error(`cannot start ${command} (is it installed?): ${error.message}`)),
      );
    });
    node.child = child;
    await waitFor(`${node.name} to answer`, () => redisAnswers(`redis://127.0.0.1:${node.port}`), {
      timeoutMs: 15_000,
      intervalMs: 100,
    });
  }

  /** The replica in sync, and every sentinel knowing the replica and the two other sentinels. */
  private async waitUntilFormed(): Promise<void> {
    const replica = new Redis(this.data[1].port, '127.0.0.1', { lazyConnect: true });
    try {
      await waitFor(
        'the replica to sync with the master',
        async () => /master_link_status:up/.test(await replica.info('replication')),
        { timeoutMs: 20_000, intervalMs: 100 },
      );
    } finally {
      replica.disconnect();
    }
    for (const sentinel of this.sentinels)
      await waitFor(
        `${sentinel.name} to know the replica and the other sentinels`,
        async () => {
          const fields = (await this.ask(sentinel, (s) =>
            s.call('SENTINEL', 'MASTER', SENTINEL_MASTER_NAME),
          )) as string[];
          const field = (name: string) => Number(fields[fields.indexOf(name) + 1]);
          const [replicas, others] = [field('num-slaves'), field('num-other-sentinels')];
          if (replicas === 1 && others === 2) return true;
          // the last of these is in the timeout's message
          throw new Error(`it knows ${replicas} replica(s) and ${others} other sentinel(s)`);
        },
        { timeoutMs: 30_000, intervalMs: 200 },
      );
  }

  private async askSentinel(command: (client: Redis) => Promise<unknown>): Promise<unknown> {
    let last: unknown;
    for (const sentinel of this.sentinels) {
      if (!sentinel.child) continue;
      try {
        return await this.ask(sentinel, command);
      } catch (error) {
        last = error;
      }
    }
    throw last ?? new Error('no sentinel is running');
  }

  private async ask(node: Node, command: (client: Redis) => Promise<unknown>): Promise<unknown> {
    const client = new Redis(node.port, '127.0.0.1', {
      lazyConnect: true,
      maxRetriesPerRequest: 0,
      retryStrategy: () => null,
    });
    client.on('error', () => undefined);
    try {
      await client.connect();
      return await command(client);
    } finally {
      client.disconnect();
    }
  }
}
