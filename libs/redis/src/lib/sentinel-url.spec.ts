import { redisOptionsFromUrl } from './redis-url';

describe('REDIS_URL naming a Sentinel group', () => {
  it('reads the sentinels, the master group name and the database', () => {
    expect(
      redisOptionsFromUrl('redis+sentinel://10.0.0.1:26380,10.0.0.2,sentinel-3:26381/mymaster/2'),
    ).toMatchObject({
      sentinels: [
        { host: '10.0.0.1', port: 26380 },
        { host: '10.0.0.2', port: 26379 },
        { host: 'sentinel-3', port: 26381 },
      ],
      name: 'mymaster',
      db: 2,
    });
  });

  it("takes the data nodes' credentials from the URL and the sentinels' from parameters", () => {
    const options = redisOptionsFromUrl(
      'rediss+sentinel://app:p%40ss@[::1]:26379/main?sentinelPassword=s%3Dcret',
    );
    expect(options).toMatchObject({
      sentinels: [{ host: '::1', port: 26379 }],
      name: 'main',
      username: 'app',
      password: 'p@ss',
      sentinelPassword: 's=cret',
      db: 0,
      tls: {},
      enableTLSForSentinelMode: true,
    });
  });

  it.each([
    ['redis+sentinel:///mymaster', /names no sentinels/],
    ['redis+sentinel://h1:26379,,h2/mymaster', /names no sentinels/],
    ['redis+sentinel://h1:26379,h2:26379', /no master group name/],
    ['redis+sentinel://h1:26379/', /no master group name/],
    ['redis+sentinel://h1:99999/mymaster', /bad sentinel port in "h1:99999"/],
    ['redis+sentinel://h1:x/mymaster', /bad sentinel address "h1:x"/],
    ['redis+sentinel://h1/mymaster/x', /bad database number: x/],
    ['redis+sentinel://h1/mymaster/0/extra', /too many path segments/],
    ['redis+sentinel://h1/mymaster?timeout=3', /unknown parameters: timeout/],
  ])('refuses %s, saying why', (url, why) => {
    expect(() => redisOptionsFromUrl(url)).toThrow(why);
  });

  it('refuses other schemes and text that is no URL', () => {
    expect(() => redisOptionsFromUrl('http://cache:6379')).toThrow(/must start with redis:\/\//);
    expect(() => redisOptionsFromUrl('sentinel://h1/mymaster')).toThrow(/must start with redis:/);
    expect(() => redisOptionsFromUrl('not a url')).toThrow(/is not a URL \(expected redis:/);
  });
});
