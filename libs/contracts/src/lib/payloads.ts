import type { ServiceName } from './service-name';

/** Reply to every service's ping: enough to tell replicas apart. */
export interface ServicePingReply {
  service: ServiceName;
  instanceId: string;
  host: string;
  pid: number;
  /** ISO-8601 */
  startedAt: string;
}

export interface BotWorkerPingReply extends ServicePingReply {
  service: 'bot-worker';
  /** Bots whose desired state is `running`, as of the last reconcile. */
  desiredRunningBots: number;
  /** ISO-8601, or null before the first reconcile. */
  lastReconciledAt: string | null;
  /** How many `bots.changed` hints this instance has received. */
  hintsReceived: number;
  /** The bots this worker runs now. */
  heldBots: string[];
  /** How many bots it aims to hold for an even spread. */
  fairShare: number;
}

export interface MarketDataPingReply extends ServicePingReply {
  service: 'market-data';
  /** The feeds (`exchange:symbol:timeframe`) this replica polls. */
  feeds: string[];
}

export interface BotsChangedEvent {
  /** The bots that changed; absent means "could be any". */
  botIds?: string[];
  /** Why, for the logs: `started`, `stopped`, `deleted`, ... */
  reason: string;
}
