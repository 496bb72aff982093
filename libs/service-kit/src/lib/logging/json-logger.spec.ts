import { Writable } from 'node:stream';
import { FieldLogger } from './field-logger';
import { JsonLogger } from './json-logger';
import { setProcessLogFields } from './log-fields';
import { setServiceLog } from './service-log';

/** A JsonLogger writing into an array of parsed lines. */
function capture(level: 'log' | 'debug' = 'log') {
  const lines: Record<string, unknown>[] = [];
  const sink = new Writable({
    write(chunk: Buffer, _encoding, done) {
      for (const line of chunk.toString().split('\n').filter(Boolean)) lines.push(JSON.parse(line));
      done();
    },
  });
  const logger = new JsonLogger('svc', level, sink);
  return { logger, lines };
}

describe('JsonLogger', () => {
  it('writes one JSON object per event with level, time, service and the Nest context', () => {
    const { logger, lines } = capture();
    logger.log('listening on :3000', 'Main');
    logger.warn('slow', 'Peers');
    expect(lines).toEqual([
      expect.objectContaining({
        level: 'info',
        service: 'svc',
        context: 'Main',
        msg: 'listening on :3000',
        pid: process.pid,
        time: expect.stringMatching(/^\d{4}-\d\d-\d\dT/),
      }),
      expect.objectContaining({ level: 'warn', context: 'Peers', msg: 'slow' }),
    ]);
  });

  it("keeps Nest's wiring lines for debug and LOG_LEVEL's lower levels out", () => {
    const { logger, lines } = capture('log');
    logger.log('Mapped {/bots, GET} route', 'RouterExplorer');
    logger.debug('detail', 'Main');
    expect(lines).toEqual([]);
    const verbose = capture('debug');
    verbose.logger.log('Mapped {/bots, GET} route', 'RouterExplorer');
    expect(verbose.lines).toEqual([expect.objectContaining({ level: 'debug' })]);
  });

  it("keeps an error's stack as a field, as Nest passes it", () => {
    const { logger, lines } = capture();
    const error = new Error('boom');
    logger.error('internal error, correlationId c1', error.stack, 'Filter');
    expect(lines[0]).toMatchObject({
      level: 'error',
      context: 'Filter',
      msg: 'internal error, correlationId c1',
      stack: expect.stringContaining('Error: boom'),
    });
  });

  it("adds the process's fields and a FieldLogger's", () => {
    const { logger, lines } = capture();
    setServiceLog(logger);
    setProcessLogFields({ worker: 'bot-worker-h-1' });
    const bots = new FieldLogger('BotRuntime', { bot: 'b1' }).with({ user: 'u1' });
    logger.log('started', 'Main');
    bots.warn('bot b1 halted');
    new FieldLogger('http').error('internal error', { req: 'r-1', stack: 'Error: boom' });
    expect(lines).toEqual([
      expect.objectContaining({ worker: 'bot-worker-h-1', msg: 'started' }),
      expect.objectContaining({
        level: 'warn',
        context: 'BotRuntime',
        worker: 'bot-worker-h-1',
        bot: 'b1',
        user: 'u1',
        msg: 'bot b1 halted',
      }),
      expect.objectContaining({ level: 'error', req: 'r-1', stack: 'Error: boom' }),
    ]);
  });

  it('redacts secrets in logged objects and in message text', () => {
    const { logger, lines } = capture();
    logger.log(
      {
        msg: 'request',
        req: { headers: { authorization: 'Bearer sess-abc', 'x-mbx-apikey': 'K3Y' } },
        body: { email: 'a@example.com', password: 'hunter2-pass', apiKey: 'K3Y', secret: 'S3C' },
      },
      'Http',
    );
    logger.warn('sent Authorization: Bearer abcdefgh12345678 with password=hunter2-pass', 'Http');
    const text = JSON.stringify(lines);
    for (const secret of ['sess-abc', 'K3Y', 'hunter2-pass', 'S3C', 'abcdefgh12345678'])
      expect(text).not.toContain(secret);
    expect(lines[0]).toMatchObject({ body: { email: 'a@example.com', password: '[redacted]' } });
    expect(lines[1]['msg']).toBe('sent Authorization: Bearer [redacted] with password=[redacted]');
  });

  it("redacts secrets in an error's stack, from Nest's Logger and from a FieldLogger", () => {
    const { logger, lines } = capture();
    setServiceLog(logger);
    const stack = 'Error: login failed for password=hunter2-pass\n    at login (auth.ts:1:1)';
    logger.error('login failed', stack, 'Auth');
    new FieldLogger('Auth').error('login failed', { stack });
    expect(lines).toHaveLength(2);
    for (const line of lines) {
      expect(line['stack']).toBe('Error: login failed for password=[redacted]\n    at login (auth.ts:1:1)');
    }
  });
});
