import { InitialSchema1795550000000 } from './1795550000000-initial-schema';
import { BotRuntime1795560000000 } from './1795560000000-bot-runtime';
import { TradingEngine1795570000000 } from './1795570000000-trading-engine';
import { DeletedBotsReleaseAccounts1795580000000 } from './1795580000000-deleted-bots-release-accounts';
import { OrderVenues1795590000000 } from './1795590000000-order-venues';
import { LiveBotsWithoutPaperSettings1795591000000 } from './1795591000000-live-bots-without-paper-settings';
import { PlanLimits1795600000000 } from './1795600000000-plan-limits';
import { BotEquity1795610000000 } from './1795610000000-bot-equity';
import { BotActions1795620000000 } from './1795620000000-bot-actions';
import { UserDisabled1795630000000 } from './1795630000000-user-disabled';
import { DesiredGeneration1795640000000 } from './1795640000000-desired-generation';
import { Notifications1795650000000 } from './1795650000000-notifications';
import { Candles1795660000000 } from './1795660000000-candles';
import { Backtests1795670000000 } from './1795670000000-backtests';
import { RiskStops1795680000000 } from './1795680000000-risk-stops';
import { PaperFills1795690000000 } from './1795690000000-paper-fills';

/** Every migration, oldest first. Listed by hand so bundled apps need no file globbing. */
export const migrations = [
  InitialSchema1795550000000,
  BotRuntime1795560000000,
  TradingEngine1795570000000,
  DeletedBotsReleaseAccounts1795580000000,
  OrderVenues1795590000000,
  LiveBotsWithoutPaperSettings1795591000000,
  PlanLimits1795600000000,
  BotEquity1795610000000,
  BotActions1795620000000,
  UserDisabled1795630000000,
  DesiredGeneration1795640000000,
  Notifications1795650000000,
  Candles1795660000000,
  Backtests1795670000000,
  RiskStops1795680000000,
  PaperFills1795690000000,
];
