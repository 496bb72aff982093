import { type ArgumentsHost, Logger } from '@nestjs/common';
import type { HttpAdapterHost } from '@nestjs/core';
import { createDataSource } from '@platform/persistence';
import { createTestDatabase, type TestDatabase } from '@platform/testing';
import type { DataSource } from 'typeorm';
import { CapturedLogs } from '../test-support/captured-logs';
import { ApiExceptionFilter } from './api-exception.filter';

interface Reply {
  status: number;
  body: Record<string, unknown>;
}

/** Runs `error` through the filter as if it came from GET /bots, and returns what it answered. */
function answerFor(error: unknown): Reply {
  let reply: Reply | undefined;
  const adapter = {
    isHeadersSent: () => false,
    setHeader: () => undefined,
    reply: (_response: unknown, body: Record<string, unknown>, status: number) => {
      reply = { status, body };
    },
  };
  const request = { requestId: 'trace-data', method: 'POST', originalUrl: '/bots' };
  const host = {
    getType: () => 'http',
    switchToHttp: () => ({ getRequest: () => request, getResponse: () => ({}) }),
  };
  new ApiExceptionFilter({ httpAdapter: adapter } as unknown as HttpAdapterHost).catch(
    error,
    host as unknown as ArgumentsHost,
  );
  if (!reply) throw new Error('the filter did not answer');
  return reply;
}

// Defence in depth: a value that slips past the schemas and that Postgres refuses is still the
// client's mistake (400), never a 500, and the answer tells nothing of the SQL. The errors are
// real ones, from a real Postgres through TypeORM, as the gateway's stores receive them.
describe('Postgres data errors in the exception filter', () => {
  let db: TestDatabase;
  let dataSource: DataSource;
  const logs = new CapturedLogs();
  const failure = async (sql: string, params: unknown[] = []) => {
    try {
      await dataSource.query(sql, params);
    } catch (error) {
      return error;
    }
    throw new Error(`expected ${sql} to fail`);
  };

  beforeAll(async () => {
    db = await createTestDatabase();
    dataSource = await createDataSource({ url: db.url, poolSize: 1 }).initialize();
    await dataSource.query(
      `CREATE TABLE things (name varchar(5), amount int CONSTRAINT amount_positive CHECK (amount > 0))`,
    );
    Logger.overrideLogger(logs);
  });

  afterAll(async () => {
    Logger.overrideLogger(false);
    await dataSource?.destroy();
    await db?.drop();
  });

  it.each([
    ['22021', 'a NUL in text', `INSERT INTO things (name) VALUES ($1)`, ['a\u0000b']],
    ['22P02', 'text that is no number', `INSERT INTO things (amount) VALUES ($1)`, ['12abc']],
    ['22003', 'a number out of range', `INSERT INTO things (amount) VALUES ($1)`, ['9999999999']],
    ['22001', 'a string too long', `INSERT INTO things (name) VALUES ($1)`, ['secret-value']],
    ['22008', 'a date that does not exist', `SELECT $1::timestamptz`, ['2024-02-31T00:00:00Z']],
    ['23514', 'a CHECK violation', `INSERT INTO things (amount) VALUES ($1)`, [-1]],
  ])('%s (%s) is a 400 that shows no SQL', async (code, _what, sql, params) => {
    const error = await failure(sql, params);
    expect(error).toMatchObject({ name: 'QueryFailedError', code });
    const { status, body } = answerFor(error);
    expect(status).toBe(400);
    expect(body).toEqual({
      statusCode: 400,
      code: 'bad_request',
      message: expect.any(String),
      correlationId: 'trace-data',
    });
    expect(JSON.stringify(body)).not.toMatch(/insert|select|things|amount|secret|sqlstate|\$1/i);
    const logged = logs.lines.find((line) => line.includes(`SQLSTATE ${code}`));
    expect(logged).toMatch(/^WARN .*correlationId trace-data, POST \/bots/);
    expect(logged).not.toMatch(/secret|12abc|INSERT/);
  });

  it('other database errors stay a generic 500', async () => {
    const error = await failure(`SELECT * FROM no_such_table`);
    expect(error).toMatchObject({ code: '42P01' });
    expect(answerFor(error)).toMatchObject({ status: 500, body: { code: 'internal' } });
  });
});
