import { redisOptionsFromUrl } from './redis-url';

describe('redisOptionsFromUrl', () => {
  it('reads host, port and database', () => {
    expect(redisOptionsFromUrl('redis://10.0.0.5:6380/2')).toMatchObject({
      host: '10.0.0.5',
      port: 6380,
      db: 2,
    });
  });

  it('defaults to port 6379 and database 0', () => {
    expect(redisOptionsFromUrl('redis://cache')).toMatchObject({
      host: 'cache',
      port: 6379,
      db: 0,
    });
  });

  it('decodes credentials and turns on TLS for rediss://', () => {
    const options = redisOptionsFromUrl('rediss://app:p%40ss@redis.example:6390');
    expect(options).toMatchObject({ username: 'app', password: 'p@ss', tls: {} });
  });

  it('rejects a database that is not a number', () => {
    expect(() => redisOptionsFromUrl('redis://cache/x')).toThrow('bad database number');
  });
});
