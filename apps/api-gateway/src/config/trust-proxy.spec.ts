import { parseBodyLimit } from './body-limit';
import { parseTrustProxy } from './trust-proxy';

describe('TRUST_PROXY', () => {
  it.each([
    ['false', false],
    ['TRUE', true],
    ['1', 1],
    ['loopback', 'loopback'],
    ['loopback, uniquelocal,10.0.0.0/8 , ::1', 'loopback, uniquelocal, 10.0.0.0/8, ::1'],
  ])('%s -> %p', (raw, expected) => {
    expect(parseTrustProxy(raw)).toEqual(expected);
  });

  it('refuses what Express would misread', () => {
    expect(() => parseTrustProxy('nginx')).toThrow('nginx');
    expect(() => parseTrustProxy('10.0.0.0/8/1')).toThrow('10.0.0.0/8/1');
    expect(() => parseTrustProxy('loopback,')).toThrow();
  });
});

describe('BODY_LIMIT', () => {
  it('accepts sizes from 1kb to 10mb', () => {
    expect(parseBodyLimit('100KB')).toBe('100kb');
    expect(parseBodyLimit('10mb')).toBe('10mb');
    expect(() => parseBodyLimit('11mb')).toThrow('between 1kb and 10mb');
    expect(() => parseBodyLimit('100')).toThrow('like 100kb');
  });
});
