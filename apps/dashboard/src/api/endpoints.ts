// Every gateway route the dashboard calls, one function each.
import { request } from './http';
import type {
  ActionAccepted,
  Backtest,
  BacktestDetail,
  BacktestPage,
  Sweep,
  BotEquity,
  PortfolioEquity,
  AccountBalance,
  AdminUser,
  AdminUsers,
  Budgets,
  Bot,
  BotBalances,
  BotEvent,
  BotPage,
  BotStatus,
  Candles,
  Cluster,
  ExchangeAccount,
  ExchangeAccounts,
  Order,
  Page,
  Portfolio,
  Profile,
  RiskLimits,
  Session,
  Strategy,
  Trade,
} from './types';

export interface BotFilters {
  q?: string;
  status?: string;
  strategy?: string;
  mode?: string;
  exchangeId?: string;
  symbol?: string;
  sort?: string;
}

export const api = {
  register: (body: { email: string; password: string }) =>
    request<{ id: string; email: string }>('/auth/register', { method: 'POST', body }),
  login: (body: { email: string; password: string }) =>
    request<Session>('/auth/login', { method: 'POST', body }),
  logout: () => request<void>('/auth/logout', { method: 'POST' }),
  changePassword: (body: { currentPassword: string; newPassword: string }) =>
    request<Session>('/auth/password', { method: 'POST', body }),
  me: () => request<Profile>('/auth/me'),
  riskLimits: () => request<RiskLimits>('/risk-limits'),
  putRiskLimits: (body: { maxDailyLossQuote: number | null }) =>
    request<RiskLimits>('/risk-limits', { method: 'PUT', body }),

  strategies: () => request<{ items: Strategy[] }>('/strategies'),
  portfolio: () => request<Portfolio>('/portfolio'),

  bots: (filters: BotFilters, cursor: string | null, limit = 100) =>
    request<BotPage & { total?: number }>('/bots', { query: { ...filters, cursor, limit } }),
  bot: (id: string) => request<Bot>(`/bots/${id}`),
  createBot: (body: unknown) => request<Bot>('/bots', { method: 'POST', body }),
  updateBot: (id: string, body: unknown) => request<Bot>(`/bots/${id}`, { method: 'PATCH', body }),
  deleteBot: (id: string) => request<void>(`/bots/${id}`, { method: 'DELETE' }),
  startBot: (id: string) => request<Bot>(`/bots/${id}/start`, { method: 'POST' }),
  stopBot: (id: string) => request<Bot>(`/bots/${id}/stop`, { method: 'POST' }),
  botEquity: (id: string, from?: string) =>
    request<BotEquity>(`/bots/${id}/equity`, { query: { from } }),
  portfolioEquity: (mode: string, quote: string, from?: string) =>
    request<PortfolioEquity>('/portfolio/equity', { query: { mode, quote, from } }),
  cancelOrders: (id: string) =>
    request<ActionAccepted>(`/bots/${id}/cancel-orders`, { method: 'POST' }),
  liquidate: (id: string) => request<ActionAccepted>(`/bots/${id}/liquidate`, { method: 'POST' }),
  botStatus: (id: string) => request<BotStatus>(`/bots/${id}/status`),
  botBalances: (id: string) => request<BotBalances>(`/bots/${id}/balances`),
  botOrders: (id: string, cursor?: string | null) =>
    request<Page<Order>>(`/bots/${id}/orders`, { query: { cursor, limit: 100 } }),
  botTrades: (id: string, cursor?: string | null) =>
    request<Page<Trade>>(`/bots/${id}/trades`, { query: { cursor, limit: 200 } }),
  botEvents: (id: string, cursor?: string | null, type?: string) =>
    request<Page<BotEvent>>(`/bots/${id}/events`, {
      query: { cursor, limit: type ? 200 : 100, type },
    }),
  /** Where the bot ran: its claims and releases only, so older stints are not crowded out. */
  botPlacements: (id: string) => api.botEvents(id, null, 'bot.claimed,bot.released'),

  /** The last `limit` candles up to now (a range: fetched through market-data when not held). */
  candles: (exchangeId: string, symbol: string, timeframe: string, limit = 1000) =>
    request<Candles>(`/market/${exchangeId}/candles`, { query: { symbol, timeframe, limit } }),

  /** Candles opening in [since, to) (at most 5,000 a request). */
  candleRange: (
    exchangeId: string,
    symbol: string,
    timeframe: string,
    since: number,
    to: number,
    limit = 5000,
  ) =>
    request<Candles>(`/market/${exchangeId}/candles`, {
      query: { symbol, timeframe, since, to, limit },
    }),

  backtests: (cursor: string | null, limit = 25) =>
    request<BacktestPage>('/backtests', { query: { cursor, limit } }),
  backtest: (id: string) => request<BacktestDetail>(`/backtests/${id}`),
  createBacktest: (body: unknown) => request<Backtest>('/backtests', { method: 'POST', body }),
  cancelBacktest: (id: string) => request<Backtest>(`/backtests/${id}/cancel`, { method: 'POST' }),
  deleteBacktest: (id: string) => request<void>(`/backtests/${id}`, { method: 'DELETE' }),
  botFromBacktest: (id: string, body: { name: string }) =>
    request<Bot>(`/backtests/${id}/bot`, { method: 'POST', body }),
  createSweep: (body: unknown) => request<Sweep>('/backtests/sweeps', { method: 'POST', body }),
  sweep: (id: string) => request<Sweep>(`/backtests/sweeps/${id}`),
  cancelSweep: (id: string) => request<Sweep>(`/backtests/sweeps/${id}/cancel`, { method: 'POST' }),

  accounts: () => request<ExchangeAccounts>('/exchange-accounts'),
  addAccount: (body: unknown) =>
    request<ExchangeAccount>('/exchange-accounts', { method: 'POST', body }),
  verifyAccount: (id: string) =>
    request<ExchangeAccount>(`/exchange-accounts/${id}/verify`, { method: 'POST' }),
  accountBalance: (id: string) => request<AccountBalance>(`/exchange-accounts/${id}/balance`),
  deleteAccount: (id: string) => request<void>(`/exchange-accounts/${id}`, { method: 'DELETE' }),

  cluster: () => request<Cluster>('/cluster'),
  budgets: () => request<Budgets>('/admin/budgets'),
  adminUsers: (email: string, cursor: string | null) =>
    request<AdminUsers>('/admin/users', { query: { email, cursor, limit: 50 } }),
  setDisabled: (id: string, disabled: boolean, reason?: string) =>
    request<AdminUser>(`/admin/users/${id}/status`, {
      method: 'PATCH',
      body: reason ? { disabled, reason } : { disabled },
    }),
  changePlan: (id: string, plan: string) =>
    request<AdminUser>(`/admin/users/${id}/plan`, { method: 'PATCH', body: { plan } }),
};
