import { bearerMatches } from './metrics-token.guard';

describe('bearerMatches (the METRICS_TOKEN check)', () => {
  it('accepts exactly `Bearer <token>`', () => {
    expect(bearerMatches('Bearer s3cret', 's3cret')).toBe(true);
    expect(bearerMatches('bearer s3cret', 's3cret')).toBe(true);
  });

  it('refuses no header, another scheme, a wrong, longer, shorter or empty token', () => {
    for (const header of [
      undefined,
      '',
      'Basic s3cret',
      'Bearer s3cre',
      'Bearer s3cretx',
      'Bearer ',
      's3cret',
    ])
      expect({ header, ok: bearerMatches(header, 's3cret') }).toEqual({ header, ok: false });
  });
});
