import { commonEnv } from './common-env';
import { InvalidEnvironmentError, loadEnv } from './load-env';

// REDIS_URL may name one server or a Sentinel group; a bad one stops the process at start with
// a line that says what is wrong, never echoing a password.
describe('REDIS_URL in the environment', () => {
  const base = { DATABASE_URL: 'postgres://db/x' };
  const problemsWith = (redisUrl: string): string[] => {
    try {
      loadEnv(commonEnv, { ...base, REDIS_URL: redisUrl });
    } catch (error) {
      if (error instanceof InvalidEnvironmentError) return error.problems;
      throw error;
    }
    return [];
  };

  it('accepts a Sentinel group', () => {
    const url = 'redis+sentinel://s1:26379,s2:26379,s3:26379/mymaster';
    expect(problemsWith(url)).toEqual([]);
    expect(loadEnv(commonEnv, { ...base, REDIS_URL: url }).REDIS_URL).toBe(url);
  });

  it('refuses a Sentinel URL without a master name, naming the variable and the reason', () => {
    expect(problemsWith('redis+sentinel://s1:26379,s2:26379')).toEqual([
      expect.stringMatching(
        /^REDIS_URL="redis\+sentinel:\/\/s1:26379,s2:26379" has no master group name/,
      ),
    ]);
  });

  it('refuses a bad sentinel port without echoing the passwords', () => {
    const [problem] = problemsWith(
      'redis+sentinel://app:hunter2@s1:26379,s2:0/mymaster?sentinelPassword=hunter3',
    );
    expect(problem).toMatch(/^REDIS_URL=.* has a bad sentinel port in "s2:0"/);
    expect(problem).not.toMatch(/hunter2|hunter3/);
  });

  it('refuses a scheme that is no Redis', () => {
    expect(problemsWith('http://cache:6379')).toEqual([
      expect.stringContaining('must start with redis://, rediss:// or redis+sentinel://'),
    ]);
  });
});
