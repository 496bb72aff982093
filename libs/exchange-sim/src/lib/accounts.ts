import { randomBytes } from 'node:crypto';
import { type Fixed, fixed } from './fixed';

export interface Balance {
  free: Fixed;
  /** held by open orders */
  locked: Fixed;
}

export interface ApiKeySpec {
  /** Random (64 alphanumerics, like Binance's) when not given. */
  apiKey?: string;
  secret?: string;
  /** Free balances by asset, as decimal strings: { USDT: '10000', BTC: '0.5' }. */
  balances?: Record<string, string>;
  /** The key may withdraw funds (Binance's apiRestrictions.enableWithdrawals); default false. */
  canWithdraw?: boolean;
}

export interface ApiCredentials {
  apiKey: string;
  secret: string;
}

const KEY_FORMAT = /^[A-Za-z0-9_-]{1,128}$/;

/** One API key's spot wallet. Balances never go negative: every debit is checked first. */
export class Account {
  readonly balances = new Map<string, Balance>();
  updateTime = 0;

  constructor(
    readonly apiKey: string,
    readonly secret: string,
    readonly canWithdraw = false,
  ) {}

  balance(asset: string): Balance {
    let balance = this.balances.get(asset);
    if (!balance) {
      balance = { free: 0n, locked: 0n };
      this.balances.set(asset, balance);
    }
    return balance;
  }

  setFree(asset: string, amount: Fixed): void {
    this.balance(asset).free = amount;
  }

  credit(asset: string, amount: Fixed): void {
    this.balance(asset).free += amount;
  }

  canSpend(asset: string, amount: Fixed): boolean {
    return this.balance(asset).free >= amount;
  }

  debitFree(asset: string, amount: Fixed): void {
    const balance = this.balance(asset);
    if (balance.free < amount) throw new Error(`overdraft of ${asset} on ${this.apiKey}`);
    balance.free -= amount;
  }

  lock(asset: string, amount: Fixed): void {
    this.debitFree(asset, amount);
    this.balance(asset).locked += amount;
  }

  unlock(asset: string, amount: Fixed): void {
    this.debitLocked(asset, amount);
    this.balance(asset).free += amount;
  }

  debitLocked(asset: string, amount: Fixed): void {
    const balance = this.balance(asset);
    if (balance.locked < amount) throw new Error(`locked overdraft of ${asset} on ${this.apiKey}`);
    balance.locked -= amount;
  }
}

export class Accounts {
  private readonly byKey = new Map<string, Account>();

  create(spec: ApiKeySpec = {}, assets: readonly string[] = []): Account {
    const apiKey = spec.apiKey ?? randomAlphanumeric(64);
    const secret = spec.secret ?? randomAlphanumeric(64);
    if (!KEY_FORMAT.test(apiKey)) throw new Error('apiKey: 1-128 letters, digits, _ or -');
    if (secret.length === 0) throw new Error('secret must not be empty');
    if (this.byKey.has(apiKey)) throw new Error(`API key ${apiKey} exists`);
    const account = new Account(apiKey, secret, spec.canWithdraw ?? false);
    // Binance lists every asset, most of them at zero
    for (const asset of assets) account.balance(asset);
    for (const [asset, amount] of Object.entries(spec.balances ?? {})) {
      account.setFree(asset.toUpperCase(), fixed(amount));
    }
    this.byKey.set(apiKey, account);
    return account;
  }

  get(apiKey: string): Account | undefined {
    return this.byKey.get(apiKey);
  }

  all(): Account[] {
    return [...this.byKey.values()];
  }

  clear(): void {
    this.byKey.clear();
  }
}

function randomAlphanumeric(length: number): string {
  const alphabet = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789';
  return [...randomBytes(length)].map((b) => alphabet[b % alphabet.length]).join('');
}

/** Binance's key format check: -2014 for a header that cannot be an API key at all. */
export function isApiKeyFormat(value: string): boolean {
  return KEY_FORMAT.test(value);
}
