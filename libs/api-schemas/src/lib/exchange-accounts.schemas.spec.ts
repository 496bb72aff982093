import fc from 'fast-check';
import { CreateExchangeAccountBody } from './exchange-accounts.schemas';
import { toFieldErrors } from './errors';

describe('CreateExchangeAccountBody', () => {
  // Validation errors travel to the client and may be logged: whatever a user pastes as key
  // material must never come back in them.
  it('never quotes the submitted key, secret or passphrase in its errors', () => {
    fc.assert(
      fc.property(
        fc.string({ minLength: 6, maxLength: 300 }),
        fc.string({ minLength: 6, maxLength: 300 }),
        fc.option(fc.string({ minLength: 6, maxLength: 200 }), { nil: undefined }),
        fc.constantFrom('binance', 'kraken', ''),
        (apiKey, secret, passphrase, exchangeId) => {
          const result = CreateExchangeAccountBody.safeParse({
            exchangeId,
            label: 'main',
            apiKey,
            secret,
            passphrase,
          });
          if (result.success) return;
          const text = JSON.stringify(toFieldErrors(result.error, 'body'));
          for (const material of [apiKey, secret, passphrase].filter(
            (m): m is string => m !== undefined,
          ))
            expect(text.includes(JSON.stringify(material).slice(1, -1))).toBe(false);
        },
      ),
      { numRuns: 500 },
    );
  });

  it('accepts binance-shaped keys and trims the label', () => {
    const keys = { apiKey: 'a'.repeat(64), secret: 'B1'.repeat(32) };
    expect(
      CreateExchangeAccountBody.parse({ exchangeId: 'binance', label: '  main ', ...keys }),
    ).toEqual({
      exchangeId: 'binance',
      label: 'main',
      ...keys,
    });
  });
});
