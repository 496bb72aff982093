// A legacy bot configuration into one of ours: strategy names and params translated, then
// validated with the gateway's own schema (CreateBotBody), so an imported bot is one a user
// could have created here.
import { CreateBotBody } from '@platform/api-schemas';
import { type BotParams, validateBotParams } from '@platform/strategies';
import type { LegacyRow } from './legacy-file';
import { type Checked, flag, legacyTime, refuse } from './translate';

/** The old app's strategy names (any case, `_` or `-`) and ours. */
export const LEGACY_STRATEGIES: Readonly<Record<string, string>> = {
  'sma-cross': 'sma-cross',
  'sma-crossover': 'sma-cross',
  'ma-cross': 'sma-cross',
  rsi: 'rsi-reversion',
  'rsi-reversion': 'rsi-reversion',
  grid: 'grid',
  dca: 'dca',
};

/** Flat legacy risk settings and where they go in our params' `risk`. */
const RISK_KEYS: Readonly<Record<string, string>> = {
  stake: 'stakeQuote',
  stakeQuote: 'stakeQuote',
  stakeAmount: 'stakeQuote',
  maxPositionBase: 'maxPositionBase',
  maxOpenOrders: 'maxOpenOrders',
  stopLossPct: 'stopLossPct',
  takeProfitPct: 'takeProfitPct',
  paperBalance: 'paperQuoteBalance',
  paperQuoteBalance: 'paperQuoteBalance',
};

const QUOTES = ['USDT', 'USDC', 'BUSD', 'FDUSD', 'TUSD', 'BTC', 'ETH', 'BNB', 'EUR'];

const camel = (key: string) => key.replace(/_([a-z0-9])/g, (_, c: string) => c.toUpperCase());

/** `BTC/USDT`, `btc-usdt`, `BTC_USDT` and `BTCUSDT` (known quotes) all read BTC/USDT. */
export function legacySymbol(raw: string): string {
  const value = raw.trim().toUpperCase().replace(/[-_]/g, '/');
  if (value.includes('/')) return value;
  const quote = QUOTES.find((q) => value.endsWith(q) && value.length > q.length);
  return quote ? `${value.slice(0, -quote.length)}/${quote}` : value;
}

/**
 * Legacy params (snake_case, risk settings flat beside the strategy's) as ours: camelCase keys,
 * the risk settings under `risk`. DCA's own take profit stays a strategy param.
 */
export function translateParams(
  strategy: string,
  legacy: Record<string, unknown>,
): Record<string, unknown> {
  const params: Record<string, unknown> = {};
  const risk: Record<string, unknown> = {};
  for (const [rawKey, value] of Object.entries(legacy)) {
    const key = camel(rawKey);
    if (key === 'risk' && typeof value === 'object' && value !== null && !Array.isArray(value)) {
      for (const [k, v] of Object.entries(value)) risk[RISK_KEYS[camel(k)] ?? camel(k)] = v;
    } else if (Object.hasOwn(RISK_KEYS, key) && !(strategy === 'dca' && key === 'takeProfitPct')) {
      risk[RISK_KEYS[key]] = value;
    } else params[key] = value;
  }
  return Object.keys(risk).length ? { ...params, risk } : params;
}

export interface ImportedBot {
  name: string;
  exchangeId: string;
  symbol: string;
  timeframe: string;
  strategy: string;
  params: BotParams;
  mode: 'paper' | 'live';
  active: boolean;
  /** The legacy api_keys id a live bot trades with. */
  legacyKeyId: number | null;
  createdAt: string | null;
}

// Only for validating: the real account id is known once the key is imported.
const SOME_ACCOUNT = '00000000-0000-4000-8000-000000000000';

export function translateBot(row: LegacyRow): Checked<ImportedBot> {
  const legacyStrategy = String(row['strategy'] ?? '')
    .trim()
    .toLowerCase()
    .replace(/_/g, '-');
  const strategy = Object.hasOwn(LEGACY_STRATEGIES, legacyStrategy)
    ? LEGACY_STRATEGIES[legacyStrategy]
    : undefined;
  if (!strategy) return refuse(`unknown strategy "${legacyStrategy.slice(0, 40)}"`);
  let legacyParams: unknown;
  try {
    legacyParams = JSON.parse(String(row['params'] ?? '{}') || '{}');
  } catch {
    return refuse('params is not JSON');
  }
  if (typeof legacyParams !== 'object' || legacyParams === null || Array.isArray(legacyParams))
    return refuse('params is not a JSON object');
  const mode = flag(row['is_paper'], true) ? 'paper' : 'live';
  const keyId = row['api_key_id'] === null ? null : Number(row['api_key_id']);
  if (mode === 'live' && keyId === null) return refuse('a live bot without an API key');
  const symbol = legacySymbol(String(row['symbol'] ?? ''));
  const name =
    String(row['name'] ?? '')
      .trim()
      .slice(0, 80) || `${strategy} ${symbol}`;
  const candidate = {
    name,
    exchangeId: String(row['exchange'] ?? '')
      .trim()
      .toLowerCase(),
    symbol,
    timeframe: String(row['timeframe'] ?? '1h').trim() || '1h',
    strategy,
    params: translateParams(strategy, legacyParams as Record<string, unknown>),
    mode,
    ...(mode === 'live' && { exchangeAccountId: SOME_ACCOUNT }),
  };
  const body = CreateBotBody.safeParse(candidate);
  if (!body.success)
    return refuse(
      body.error.issues
        .map((issue) => `${issue.path.join('.') || 'bot'}: ${issue.message}`)
        .join('; '),
    );
  const params = validateBotParams(strategy, body.data.params, mode);
  if (!params.ok) return refuse(params.errors.map((e) => `${e.field}: ${e.message}`).join('; '));
  return {
    ok: true,
    value: {
      name: body.data.name,
      exchangeId: body.data.exchangeId,
      symbol: body.data.symbol,
      timeframe: body.data.timeframe,
      strategy,
      params: params.params,
      mode,
      active: flag(row['is_active'], false),
      legacyKeyId: mode === 'live' ? keyId : null,
      createdAt: legacyTime(row['created_at']),
    },
  };
}
