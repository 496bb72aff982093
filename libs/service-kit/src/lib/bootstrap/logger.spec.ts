import { createLogger } from './logger';
import { FieldLogger } from '../logging/field-logger';

describe('createLogger', () => {
  const written = (level: string, log: (logger: ReturnType<typeof createLogger>) => void) => {
    const lines: string[] = [];
    const spy = jest.spyOn(process.stdout, 'write').mockImplementation((chunk) => {
      lines.push(String(chunk));
      return true;
    });
    try {
      log(createLogger('svc', level, 'text'));
    } finally {
      spy.mockRestore();
    }
    return lines.join('');
  };

  it("keeps Nest's start-up wiring out of the default output, but not the service's news", () => {
    const out = written('log', (logger) => {
      logger.log('Mapped {/bots, GET} route', 'RouterExplorer');
      logger.log('AppModule dependencies initialized', 'InstanceLoader');
      logger.log('listening on :3000', 'Main');
    });
    expect(out).not.toContain('Mapped');
    expect(out).not.toContain('dependencies initialized');
    expect(out).toContain('listening on :3000');
  });

  it('shows the wiring at debug level', () => {
    const out = written('debug', (logger) =>
      logger.log('Mapped {/bots, GET} route', 'RouterExplorer'),
    );
    expect(out).toContain('Mapped {/bots, GET} route');
  });
});

describe('createLogger (text)', () => {
  it('scrubs bearer tokens and password values from the text', () => {
    const lines: string[] = [];
    const spy = jest.spyOn(process.stdout, 'write').mockImplementation((chunk) => {
      lines.push(String(chunk));
      return true;
    });
    try {
      createLogger('svc', 'log', 'text').log(
        'got Bearer abcdefgh12345678, password: pw-123',
        'Main',
      );
    } finally {
      spy.mockRestore();
    }
    expect(lines.join('')).toContain('got Bearer [redacted], password: [redacted]');
  });
});

describe('createLogger (text), errors', () => {
  it("scrubs the error's stack, from Nest's Logger and from a FieldLogger", () => {
    const out: string[] = [];
    const spies = [process.stdout, process.stderr].map((stream) =>
      jest.spyOn(stream, 'write').mockImplementation((chunk) => {
        out.push(String(chunk));
        return true;
      }),
    );
    const stack = 'Error: login failed for password=hunter2-pass\n    at login (auth.ts:1:1)';
    try {
      createLogger('svc', 'log', 'text').error('login failed', stack, 'Auth');
      new FieldLogger('Auth').error('login failed', { stack });
    } finally {
      for (const spy of spies) spy.mockRestore();
    }
    const text = out.join('');
    expect(text).not.toContain('hunter2-pass');
    expect(text.match(/password=\[redacted\]/g)).toHaveLength(2);
  });
});
