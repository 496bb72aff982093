// Types of redis-server-process.cjs (plain CommonJS: `npm start` loads it before any build).
import type { ChildProcess } from 'node:child_process';
import type { Readable } from 'node:stream';

export interface RedisServerOptions {
  port: number;
  /** redis-server's working directory (its log and any dump file); its default without it. */
  dir?: string;
  /** Receives the server's stdout and stderr; they are ignored without it. */
  pipeOutput?: (stdout: Readable, stderr: Readable) => void;
  /** How long it may take to answer a PING (default 15 s). */
  readyTimeoutMs?: number;
}

/** Whether `url` answers a PING (one attempt, no retries). */
export function redisAnswers(url: string, connectTimeoutMs?: number): Promise<boolean>;

/** Spawns redis-server on 127.0.0.1, persisting nothing; resolves once it answers a PING. */
export function startRedisServer(options: RedisServerOptions): Promise<ChildProcess>;

/** Stops the child with `signal` (SIGKILL loses everything in memory, like a crash). */
export function stopRedisServer(child: ChildProcess, signal: NodeJS.Signals): Promise<void>;
