import { Injectable, type OnModuleInit } from '@nestjs/common';
import * as argon2 from 'argon2';

// OWASP's argon2id baseline (19 MiB, 2 passes, 1 lane): about 30-60 ms on a notebook core.
const OPTIONS: argon2.HashOptions = {
  type: argon2.argon2id,
  memoryCost: 19 * 1024,
  timeCost: 2,
  parallelism: 1,
};

/** argon2id hashes; the encoded hash carries its parameters and salt. */
@Injectable()
export class PasswordHasher implements OnModuleInit {
  private dummyHash = '';

  async onModuleInit() {
    // Verified against when the email is unknown, so that answer takes as long as a wrong password.
    this.dummyHash = await this.hash('not a real password, only spends time');
  }

  hash(password: string): Promise<string> {
    return argon2.hash(password, OPTIONS);
  }

  /** False for a wrong password; with no hash (unknown user) it spends the same time, then false. */
  async verify(hash: string | null, password: string): Promise<boolean> {
    const matches = await argon2.verify(hash ?? this.dummyHash, password);
    return hash !== null && matches;
  }
}
