import fc from 'fast-check';
import { fromBase64Url, toBase64Url } from './cursor-codec';

// The codec replaced Node's Buffer (browsers have none): cursors issued before must read the
// same, and junk must be judged the same.
describe('cursor codec', () => {
  it('writes what Buffer writes', () => {
    fc.assert(
      fc.property(fc.string({ unit: 'grapheme', maxLength: 80 }), (text) => {
        expect(toBase64Url(text)).toBe(Buffer.from(text, 'utf8').toString('base64url'));
      }),
    );
  });

  it('reads any base64url text as Buffer reads it', () => {
    const alphabet = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_'.split('');
    fc.assert(
      fc.property(
        fc.array(fc.constantFrom(...alphabet), { minLength: 1, maxLength: 200 }),
        (chars) => {
          const cursor = chars.join('');
          expect(fromBase64Url(cursor)).toBe(Buffer.from(cursor, 'base64url').toString('utf8'));
        },
      ),
      { numRuns: 2000 },
    );
  });

  it('reads nothing from what is not base64url or too long', () => {
    for (const junk of ['', 'a+b', 'a/b', 'ab==', 'x'.repeat(201), 'é'])
      expect(fromBase64Url(junk)).toBe('');
  });
});
