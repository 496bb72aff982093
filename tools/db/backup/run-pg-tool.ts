import { spawn } from 'node:child_process';
import { libpqEnv } from './pg-connection';

/**
 * Runs a PostgreSQL client program (pg_dump, pg_restore) on `databaseUrl`; rejects with the
 * program's own error lines when it fails.
 */
export function runPgTool(program: string, args: string[], databaseUrl: string): Promise<void> {
  return new Promise((resolve, reject) => {
    const child = spawn(program, args, {
      env: { ...process.env, ...libpqEnv(databaseUrl) },
      stdio: ['ignore', 'ignore', 'pipe'],
    });
    let stderr = '';
    child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
    child.once('error', (error) =>
      reject(new Error(`${program}: ${error.message} (is postgresql-client installed?)`)),
    );
    child.once('exit', (code, signal) => {
      if (code === 0) resolve();
      else
        reject(
          new Error(
            `${program} failed (${signal ?? `exit ${code}`}): ${stderr.trim() || 'no output'}`,
          ),
        );
    });
  });
}
