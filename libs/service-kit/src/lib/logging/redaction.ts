// What never reaches a log line: secrets in logged objects (pino `redact` paths, also one level
// down, e.g. `body.password` or `req.headers.authorization`) and in message text (a bearer
// token or a `password=...` pasted into an error message).

const SECRET_KEYS = [
  'password',
  'newPassword',
  'currentPassword',
  'passwordHash',
  'apiKey',
  'apiSecret',
  'secret',
  'passphrase',
  'token',
  'sessionToken',
  'accessToken',
  'refreshToken',
  'privateKey',
  'encryptionKeys',
  'credentials',
];

const SECRET_HEADERS = ['authorization', 'cookie', '"set-cookie"', '"x-mbx-apikey"', '"x-api-key"'];

const header = (name: string) => (name.startsWith('"') ? `[${name}]` : `.${name}`);

export const REDACT_PATHS: string[] = [
  ...SECRET_KEYS.flatMap((key) => [key, `*.${key}`]),
  ...SECRET_HEADERS.flatMap((name) => [
    `headers${header(name)}`,
    `req.headers${header(name)}`,
    `res.headers${header(name)}`,
  ]),
];

export const REDACTED = '[redacted]';

const SECRET_IN_TEXT =
  /\b(bearer\s+)[A-Za-z0-9._~+/=-]{8,}|\b((?:password|passphrase|secret|api[_-]?key|api[_-]?secret|session[_-]?token|access[_-]?token)["']?\s*[:=]\s*["']?)[^\s"',&}]+/gi;

/** `message` with bearer tokens and `password=...`-style values replaced by [redacted]. */
export function scrubSecrets(message: string): string {
  // a cheap test first: almost no line holds any of these words
  if (!/bearer|password|passphrase|secret|api.?key|session.?token|access.?token/i.test(message))
    return message;
  return message.replace(
    SECRET_IN_TEXT,
    (_, bearer?: string, named?: string) => `${bearer ?? named ?? ''}${REDACTED}`,
  );
}
