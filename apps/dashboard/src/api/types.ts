// What the gateway answers, typed from the very schemas it answers with.
import type {
  AdminBudgetsView,
  BacktestDetail as BacktestDetailSchema,
  BacktestList,
  BacktestView,
  SweepView,
  BotActionAccepted,
  BotEquityView,
  PortfolioEquityView,
  AdminUserList,
  AdminUserView,
  BalanceView,
  BotBalancesView,
  BotList,
  BotStatusView,
  BotView,
  CandlesView,
  ClusterView,
  EventPage,
  ExchangeAccountList,
  ExchangeAccountView,
  OrderPage,
  PortfolioView,
  ProfileView,
  RiskLimitsView,
  SessionView,
  StrategyList,
  TradePage,
} from '@platform/api-schemas';
import type { z } from 'zod';

export type Session = z.infer<typeof SessionView>;
export type Profile = z.infer<typeof ProfileView>;
export type RiskLimits = z.infer<typeof RiskLimitsView>;
export type Bot = z.infer<typeof BotView>;
export type BotPage = z.infer<typeof BotList>;
export type BotStatus = z.infer<typeof BotStatusView>;
export type BotBalances = z.infer<typeof BotBalancesView>;
export type Order = z.infer<typeof OrderPage>['items'][number];
export type Trade = z.infer<typeof TradePage>['items'][number];
export type BotEvent = z.infer<typeof EventPage>['items'][number];
export type Page<T> = { items: T[]; nextCursor: string | null };
export type Portfolio = z.infer<typeof PortfolioView>;
export type PortfolioBot = Portfolio['bots'][number];
export type Candles = z.infer<typeof CandlesView>;
export type ExchangeAccount = z.infer<typeof ExchangeAccountView>;
export type ExchangeAccounts = z.infer<typeof ExchangeAccountList>;
export type AccountBalance = z.infer<typeof BalanceView>;
export type Strategy = z.infer<typeof StrategyList>['items'][number];

export type Cluster = z.infer<typeof ClusterView>;
export type ClusterWorker = Cluster['workers'][number];
export type AdminUser = z.infer<typeof AdminUserView>;
export type AdminUsers = z.infer<typeof AdminUserList>;
export type Budgets = z.infer<typeof AdminBudgetsView>;
export type BotEquity = z.infer<typeof BotEquityView>;
export type PortfolioEquity = z.infer<typeof PortfolioEquityView>;
export type ActionAccepted = z.infer<typeof BotActionAccepted>;

export type Backtest = z.infer<typeof BacktestView>;
export type BacktestDetail = z.infer<typeof BacktestDetailSchema>;
export type BacktestPage = z.infer<typeof BacktestList>;
export type BacktestMetrics = NonNullable<Backtest['metrics']>;
export type Sweep = z.infer<typeof SweepView>;
