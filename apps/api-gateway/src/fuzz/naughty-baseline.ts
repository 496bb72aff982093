import { CONTROL_CHARACTER, inSample } from './naughty-strings';
import type { Baseline, DocumentedOperation, Target } from './text-field-requests';

export interface NaughtyFixture {
  /** A stopped bot of the fuzzing user. */
  botId: string;
  /** The fuzzing user (the target of admin routes). */
  userId: string;
}

export const validBot = {
  name: 'naughty',
  exchangeId: 'binance',
  symbol: 'BTC/USDT',
  timeframe: '1m',
  strategy: 'dca',
  params: { quotePerBuy: 10, intervalSeconds: 60, takeProfitPct: 5 },
};

// Valid bodies of the routes that take one; a route missing here is fuzzed with its one field.
const validBodies: Record<string, Record<string, unknown>> = {
  'POST /auth/register': {
    email: 'naughty-signup@example.com',
    password: 'a long enough password',
  },
  // An unknown email: each attempt is a real lookup and a failed sign-in, never a session.
  'POST /auth/login': { email: 'nobody@example.com', password: 'a long enough password' },
  // A wrong current password: the fuzzing session must survive.
  'POST /auth/password': {
    currentPassword: 'not the password',
    newPassword: 'a new long password',
  },
  'POST /bots': validBot,
  'PATCH /bots/{id}': { name: 'renamed' },
  // the path names a bot, not a backtest: the name passes the schema, then a 404
  'POST /backtests/{id}/bot': { name: 'naughty' },
  'POST /exchange-accounts': {
    exchangeId: 'binance',
    label: 'naughty',
    apiKey: 'A'.repeat(64),
    secret: 'b'.repeat(64),
  },
};

const validQueries: Record<string, Record<string, string>> = {
  'GET /market/{exchangeId}/ticker': { symbol: 'BTC/USDT' },
  'GET /market/{exchangeId}/candles': { symbol: 'BTC/USDT' },
};

// Values the API issued itself (page cursors, stream tickets): decoded or hashed, never stored.
const ISSUED_TOKENS = new Set(['cursor', 'before', 'ticket']);

/**
 * The valid rest of each fuzzed request, and which strings go where: every string into each
 * free-text input (a name, a label, an email, a password), a sample into inputs of fixed
 * alphabets (UUIDs, enums, patterns) and tokens the API issued, which refuse nearly every
 * string the same way. Passwords are only ever hashed, and each hash costs argon2's ~50 ms by
 * design: every tenth string (and all with control characters) is hashed, the others are
 * judged by the schema alone.
 */
export function naughtyBaseline({ botId, userId }: NaughtyFixture): Baseline {
  return {
    pathValue: (operation: DocumentedOperation, param: string) =>
      param === 'exchangeId'
        ? 'binance'
        : operation.path.startsWith('/admin/users')
          ? userId
          : botId,
    query: (operation) => validQueries[operation.key] ?? {},
    body: (operation) => (operation.hasBody ? (validBodies[operation.key] ?? {}) : undefined),
    sends: (target: Target, value: string, index: number) =>
      (target.text && !ISSUED_TOKENS.has(target.field)) || inSample(value, index),
    schemaOnly: (target: Target, value: string, index: number) =>
      /password/i.test(target.field) && index % 10 !== 0 && !CONTROL_CHARACTER.test(value),
  };
}
