import { randomBytes } from 'node:crypto';
import { openCredentials, sealCredentials, maskApiKey } from './credentials';
import { CiphertextRejectedError, InvalidKeyRingError, KeyRing } from './key-ring';

const key = () => randomBytes(32).toString('base64');

describe('KeyRing (AES-256-GCM with key ids)', () => {
  const k1 = key();
  const k2 = key();

  it('round-trips, and never produces the same ciphertext twice', () => {
    const ring = KeyRing.parse(`k1:${k1}`);
    const a = ring.seal('secret');
    const b = ring.seal('secret');
    expect(a.ciphertext.equals(b.ciphertext)).toBe(false); // a fresh nonce each time
    expect(ring.open(a).toString()).toBe('secret');
    expect(a.ciphertext.includes(Buffer.from('secret'))).toBe(false);
  });

  it('rejects a tampered ciphertext', () => {
    const ring = KeyRing.parse(`k1:${k1}`);
    const sealed = ring.seal('secret');
    for (const index of [1, 20, sealed.ciphertext.length - 1]) {
      const tampered = Buffer.from(sealed.ciphertext);
      tampered[index] ^= 0x01;
      expect(() => ring.open({ ...sealed, ciphertext: tampered })).toThrow(CiphertextRejectedError);
    }
  });

  it('rejects a ciphertext moved to another context (associated data)', () => {
    const ring = KeyRing.parse(`k1:${k1}`);
    const sealed = ring.seal('secret', 'exchange_account:a');
    expect(() => ring.open(sealed, 'exchange_account:b')).toThrow(CiphertextRejectedError);
  });

  it('rotates: new writes use the new key, the old key id still decrypts', () => {
    const before = KeyRing.parse(`k1:${k1}`);
    const old = before.seal('old secret');
    const after = KeyRing.parse(`k2:${k2},k1:${k1}`);
    expect(after.activeKeyId).toBe('k2');
    expect(after.open(old).toString()).toBe('old secret');
    expect(after.needsResealing(old)).toBe(true);
    const fresh = after.seal('new secret');
    expect(fresh.keyId).toBe('k2');
    expect(() => before.open(fresh)).toThrow('master key "k2" is not in ENCRYPTION_KEYS');
  });

  it('refuses bad key material with a clear message', () => {
    expect(() => KeyRing.parse('')).toThrow(InvalidKeyRingError);
    expect(() => KeyRing.parse(`k1:${randomBytes(16).toString('base64')}`)).toThrow(
      '16 bytes, AES-256 needs 32',
    );
    expect(() => KeyRing.parse(`nokey`)).toThrow('expected <id>:<base64 key>');
    expect(() => KeyRing.parse(`k1:${k1},k1:${k2}`)).toThrow('appears twice');
  });
});

describe('exchange credentials', () => {
  const ring = KeyRing.parse(`k1:${key()}`);

  it('seal and open per account, showing only a masked key', () => {
    const credentials = { apiKey: 'AKIAabcdefghijklWXYZ', secret: 's3cr3t', passphrase: 'pp' };
    const sealed = sealCredentials(ring, 'acc-1', credentials);
    expect(sealed.apiKeyMasked).toBe('AKIA...WXYZ');
    expect(openCredentials(ring, 'acc-1', sealed)).toEqual(credentials);
    expect(() => openCredentials(ring, 'acc-2', sealed)).toThrow(CiphertextRejectedError);
  });

  it('masks short keys entirely', () => {
    expect(maskApiKey('abc')).toBe('***');
  });
});
