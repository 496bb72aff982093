import fc from 'fast-check';

// Inputs meant to break a JSON API: wrong types, huge and odd strings, prototype-pollution
// keys, deep nesting, numbers as strings, SQL and HTML snippets.

export const hostileString = fc.oneof(
  fc.constantFrom(
    "' OR 1=1--",
    "'; DROP TABLE bots; --",
    '<script>alert(1)</script>',
    '"><img src=x onerror=alert(1)>',
    '__proto__',
    'constructor',
    'prototype',
    'NaN',
    'Infinity',
    '-Infinity',
    '-0',
    '1e309',
    '0x10',
    ' 42 ',
    '9'.repeat(40),
    '\u0000',
    '%00',
    '../../etc/passwd',
    'null',
    'true',
    '[]',
    '{}',
    '',
    ' ',
    'BTC/USDT',
    'binance',
    'live',
    'running',
    '0b9e6f4e-7a53-4c2f-9d8e-1f2a3b4c5d6e',
    '\u202e\u0645\ud83d\ude00',
    'x'.repeat(5000),
  ),
  fc.string({ maxLength: 40 }),
  fc.string({ unit: 'grapheme', maxLength: 20 }),
  fc.string({ unit: 'binary', maxLength: 20 }),
  fc.integer().map(String),
  fc.double().map(String),
);

const hostileKey = fc.oneof(
  fc.constantFrom(
    '__proto__',
    'constructor',
    'prototype',
    'toString',
    'hasOwnProperty',
    'name',
    'params',
    'strategy',
    'mode',
    'exchangeAccountId',
    'userId',
    'role',
    'limit',
    'cursor',
    'before',
    'ticket',
    'symbol',
    'timeframe',
    'email',
    'password',
  ),
  fc.string({ maxLength: 12 }),
);

const scalar = fc.oneof(
  hostileString,
  fc.integer(),
  fc.double(),
  fc.boolean(),
  fc.constant(null),
  fc.constantFrom(Number.MAX_SAFE_INTEGER + 2, -1, 0, 1e308),
);

export const hostileJson: fc.Arbitrary<unknown> = fc.letrec<{ value: unknown }>((tie) => ({
  value: fc.oneof(
    { depthSize: 'small', withCrossShrink: true },
    scalar,
    fc.array(tie('value'), { maxLength: 4 }),
    fc.dictionary(hostileKey, tie('value'), { maxKeys: 6 }),
  ),
})).value;

/** Bodies sent as raw text: what JSON.stringify would never produce. */
export const rawBody = fc.oneof(
  fc.constantFrom(
    '{"name": NaN}',
    '{"limit": Infinity}',
    '{"a": -Infinity}',
    '{"__proto__": {"role": "admin"}, "name": "x"}',
    '{"constructor": {"prototype": {"polluted": true}}}',
    '{"params": {"__proto__": {"quotePerBuy": 1}}}',
    '{',
    '[]',
    'null',
    '"just a string"',
    '1',
    "{'single': 'quotes'}",
    '{"a":1,"a":2}',
    `${'['.repeat(5000)}${']'.repeat(5000)}`,
    `{"x":${'{"x":'.repeat(2000)}1${'}'.repeat(2000)}}`,
    `{"pad":"${'y'.repeat(150_000)}"}`,
  ),
  hostileJson.map((value) => JSON.stringify(value) ?? 'null'),
);

/** Path parameter values, URL-encoded as a client would send them. */
export const pathValue = (known: string[]) =>
  fc
    .oneof(
      fc.constantFrom(...known),
      fc.uuid(),
      hostileString,
      fc.constantFrom('..', '.', '%2e%2e', 'a/b', '%2F', ' ', 'x'.repeat(3000)),
    )
    .map((value) => (/^%|\//.test(value) ? value : encodeURIComponent(value)));

/** A query string of known and hostile keys, sometimes repeated. */
export const queryString = (names: string[]) =>
  fc
    .array(
      fc.tuple(
        fc.oneof(fc.constantFrom(...names, '__proto__', 'constructor', 'a[b]', 'x'), hostileKey),
        hostileString,
      ),
      { maxLength: 4 },
    )
    .map((pairs) =>
      pairs.length === 0
        ? ''
        : `?${pairs.map(([k, v]) => `${encodeURIComponent(k)}=${encodeURIComponent(v)}`).join('&')}`,
    );
