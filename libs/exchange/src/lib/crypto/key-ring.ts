import { createCipheriv, createDecipheriv, randomBytes } from 'node:crypto';

const FORMAT_VERSION = 1;
const NONCE_BYTES = 12; // the GCM standard nonce size
const TAG_BYTES = 16;

export interface Sealed {
  /** Which master key sealed it (stored beside the ciphertext, e.g. exchange_accounts.encryption_key_id). */
  keyId: string;
  /** version (1 byte) | nonce (12) | auth tag (16) | ciphertext */
  ciphertext: Buffer;
}

export class InvalidKeyRingError extends Error {
  override name = 'InvalidKeyRingError';
}

/** Decryption failed: wrong key, tampered data, or data sealed for another context. */
export class CiphertextRejectedError extends Error {
  override name = 'CiphertextRejectedError';
}

/**
 * AES-256-GCM with named master keys so keys can rotate: new data is sealed with the first
 * (active) key, and any listed key still opens what it sealed. Optional associated data binds a
 * ciphertext to its row (a ciphertext copied to another account fails to open).
 */
export class KeyRing {
  private constructor(
    private readonly keys: Map<string, Buffer>,
    readonly activeKeyId: string,
  ) {}

  /**
   * `ENCRYPTION_KEYS=k2:<base64 32 bytes>,k1:<base64 32 bytes>`: the first is active.
   * Generate a key with `openssl rand -base64 32`.
   */
  static parse(value: string): KeyRing {
    const keys = new Map<string, Buffer>();
    const problems: string[] = [];
    for (const entry of value
      .split(',')
      .map((e) => e.trim())
      .filter(Boolean)) {
      const separator = entry.indexOf(':');
      const id = entry.slice(0, separator);
      const key = Buffer.from(entry.slice(separator + 1), 'base64');
      if (separator < 1 || !/^[A-Za-z0-9_-]+$/.test(id))
        problems.push(`"${entry.slice(0, 8)}...": expected <id>:<base64 key>`);
      else if (key.length !== 32)
        problems.push(
          `key "${id}" is ${key.length} bytes, AES-256 needs 32 (openssl rand -base64 32)`,
        );
      else if (keys.has(id)) problems.push(`key id "${id}" appears twice`);
      else keys.set(id, key);
    }
    if (problems.length > 0) throw new InvalidKeyRingError(problems.join('; '));
    const [activeKeyId] = keys.keys();
    if (!activeKeyId) throw new InvalidKeyRingError('no key given');
    return new KeyRing(keys, activeKeyId);
  }

  seal(plaintext: Buffer | string, associatedData = ''): Sealed {
    const nonce = randomBytes(NONCE_BYTES);
    const cipher = createCipheriv('aes-256-gcm', this.key(this.activeKeyId), nonce);
    cipher.setAAD(Buffer.from(associatedData));
    const body = Buffer.concat([cipher.update(plaintext), cipher.final()]);
    return {
      keyId: this.activeKeyId,
      ciphertext: Buffer.concat([Buffer.from([FORMAT_VERSION]), nonce, cipher.getAuthTag(), body]),
    };
  }

  open(sealed: Sealed, associatedData = ''): Buffer {
    const { ciphertext } = sealed;
    if (ciphertext.length < 1 + NONCE_BYTES + TAG_BYTES || ciphertext[0] !== FORMAT_VERSION) {
      throw new CiphertextRejectedError('not a sealed value of a known format');
    }
    const nonce = ciphertext.subarray(1, 1 + NONCE_BYTES);
    const tag = ciphertext.subarray(1 + NONCE_BYTES, 1 + NONCE_BYTES + TAG_BYTES);
    const decipher = createDecipheriv('aes-256-gcm', this.key(sealed.keyId), nonce);
    decipher.setAAD(Buffer.from(associatedData));
    decipher.setAuthTag(tag);
    try {
      return Buffer.concat([
        decipher.update(ciphertext.subarray(1 + NONCE_BYTES + TAG_BYTES)),
        decipher.final(),
      ]);
    } catch {
      throw new CiphertextRejectedError(
        'authentication failed (tampered, wrong key or wrong context)',
      );
    }
  }

  /** True when the value was sealed with a key that is no longer the active one. */
  needsResealing(sealed: Sealed): boolean {
    return sealed.keyId !== this.activeKeyId;
  }

  private key(id: string): Buffer {
    const key = this.keys.get(id);
    if (!key) throw new CiphertextRejectedError(`master key "${id}" is not in ENCRYPTION_KEYS`);
    return key;
  }
}
