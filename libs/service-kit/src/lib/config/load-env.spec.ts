import { commonEnv } from './common-env';
import { env } from './env-spec';
import { InvalidEnvironmentError, loadEnv } from './load-env';

const problemsOf = (fn: () => unknown): string[] => {
  try {
    fn();
  } catch (error) {
    if (error instanceof InvalidEnvironmentError) return error.problems;
    throw error;
  }
  throw new Error('expected an InvalidEnvironmentError');
};

describe('loadEnv', () => {
  const valid = { DATABASE_URL: 'postgres://u:p@db:5432/x', REDIS_URL: 'redis://cache:6379' };

  it('parses values and fills in defaults', () => {
    const config = loadEnv(commonEnv, { ...valid, TRANSPORT_TIMEOUT_MS: '750' });
    expect(config).toMatchObject({
      ...valid,
      TRANSPORT_TIMEOUT_MS: 750,
      HTTP_HOST: '0.0.0.0',
      LOG_LEVEL: 'log',
    });
  });

  it('names a missing required variable and says what it is for', () => {
    const problems = problemsOf(() => loadEnv(commonEnv, { REDIS_URL: valid.REDIS_URL }));
    expect(problems).toEqual([
      expect.stringMatching(/^DATABASE_URL is missing: PostgreSQL .*postgres:\/\//),
    ]);
  });

  it('treats an empty value as missing', () => {
    expect(problemsOf(() => loadEnv(commonEnv, { ...valid, DATABASE_URL: '  ' }))).toEqual([
      expect.stringContaining('DATABASE_URL is missing'),
    ]);
  });

  it('reports every bad variable at once, one line each', () => {
    const problems = problemsOf(() =>
      loadEnv(commonEnv, {
        DATABASE_URL: 'mysql://db/x',
        REDIS_URL: 'not a url',
        LOG_LEVEL: 'loud',
      }),
    );
    expect(problems).toEqual([
      expect.stringContaining(
        'DATABASE_URL="mysql://db/x" must start with postgres: or postgresql: (got mysql:)',
      ),
      expect.stringContaining('REDIS_URL="not a url" is not a URL'),
      expect.stringContaining('LOG_LEVEL="loud" must be one of: error, warn, log, debug, verbose'),
    ]);
  });

  it('never echoes a password or a secret', () => {
    const spec = { ...commonEnv, API_SECRET: env.int({ description: 'x', secret: true }) };
    const problems = problemsOf(() =>
      loadEnv(spec, {
        DATABASE_URL: 'redis://admin:hunter2@db/x',
        REDIS_URL: valid.REDIS_URL,
        API_SECRET: 'hunter2',
      }),
    );
    expect(problems.join('\n')).not.toContain('hunter2');
    expect(problems.join('\n')).toContain('(value hidden)');
  });

  it('checks numbers, ranges and ports', () => {
    const spec = {
      N: env.int({ description: 'n', min: 1, max: 5 }),
      P: env.port({ description: 'p' }),
    };
    expect(problemsOf(() => loadEnv(spec, { N: '9', P: '70000' }))).toEqual([
      expect.stringContaining('N="9" must be <= 5'),
      expect.stringContaining('P="70000" must be a TCP port number'),
    ]);
    expect(problemsOf(() => loadEnv(spec, { N: '1.5', P: '80' }))).toEqual([
      expect.stringContaining('N="1.5" must be a whole number'),
    ]);
  });
});

describe('env.bool and env.list', () => {
  const spec = {
    FLAG: env.bool({ description: 'a flag', default: false }),
    TAGS: env.list({ description: 'tags', default: '' }),
  };

  it('parse true/false words and comma lists', () => {
    expect(loadEnv(spec, { FLAG: 'yes', TAGS: 'region=sp, gpu ,,' })).toEqual({
      FLAG: true,
      TAGS: ['region=sp', 'gpu'],
    });
    expect(loadEnv(spec, {})).toEqual({ FLAG: false, TAGS: [] });
  });

  it('reject anything else for a bool', () => {
    expect(problemsOf(() => loadEnv(spec, { FLAG: 'maybe' }))).toEqual([
      expect.stringContaining('FLAG="maybe" must be true or false'),
    ]);
  });
});
