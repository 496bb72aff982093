import { bearerToken, hashSessionToken, newSessionToken } from './session-token';

describe('bearerToken', () => {
  const token = newSessionToken();

  it('reads the token of "Bearer <token>", the scheme in any case', () => {
    expect(bearerToken(`Bearer ${token}`)).toBe(token);
    expect(bearerToken(`bearer ${token}`)).toBe(token);
    expect(bearerToken(`BEARER ${token}`)).toBe(token);
  });

  it.each([
    ['no header', undefined],
    ['an empty header', ''],
    ['another scheme', `Basic ${token}`],
    ['no space', `Bearer${token}`],
    ['two spaces', `Bearer  ${token}`],
    ['a second part', `Bearer ${token} x`],
    ['the token alone', token],
    ['a short token', `Bearer ${token.slice(1)}`],
    ['a long token', `Bearer ${token}A`],
    ['a character outside base64url', `Bearer ${token.slice(1)}+`],
    ['a padded token', `Bearer ${token.slice(1)}=`],
  ])('is null for %s', (_, header) => {
    expect(bearerToken(header)).toBeNull();
  });
});

describe('hashSessionToken', () => {
  it('is the SHA-256 of the token in base64url, the same every time', () => {
    const token = newSessionToken();
    expect(hashSessionToken(token)).toMatch(/^[A-Za-z0-9_-]{43}$/);
    expect(hashSessionToken(token)).toBe(hashSessionToken(token));
    expect(hashSessionToken(token)).not.toBe(hashSessionToken(newSessionToken()));
  });
});
