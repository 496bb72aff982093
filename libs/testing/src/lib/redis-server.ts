import type { ChildProcess } from 'node:child_process';
import { freePort } from './free-port';
import { startRedisServer, stopRedisServer } from './redis-server-process.cjs';

/** A throwaway redis-server on a spare port that a test may stop and start again. */
export class TestRedisServer {
  private process?: ChildProcess;

  private constructor(readonly port: number) {}

  static async start(): Promise<TestRedisServer> {
    const server = new TestRedisServer(await freePort());
    await server.start();
    return server;
  }

  get url(): string {
    return `redis://127.0.0.1:${this.port}`;
  }

  async start(): Promise<void> {
    this.process = await startRedisServer({ port: this.port });
  }

  /** Stops the server (SIGKILL: everything in memory is lost, like a crash). */
  async stop(): Promise<void> {
    const child = this.process;
    if (!child) return;
    await stopRedisServer(child, 'SIGKILL');
    this.process = undefined;
  }
}
