import { Inject, Injectable } from '@nestjs/common';
import { botStatusEvent } from '@platform/contracts';
import type { Lease } from '@platform/distributed-lock';
import type { MarketInfo } from '@platform/exchange';
import { type Claim, FencedWriter, TradingRepository } from '@platform/persistence';
import { LivePublisher } from '@platform/service-kit';
import {
  DEFAULT_PAPER_QUOTE_BALANCE,
  getStrategy,
  storedParamsFor,
  validateBotParams,
} from '@platform/strategies';
import { BotRuntime, type BotRuntimeOptions } from '../runtime/bot-runtime';
import { BotEngine, type BotEngineSettings } from './bot-engine';
import { haltBot } from './bot-halt';
import { EngineStats } from './engine-stats';
import { EquitySnapshots } from './equity-snapshots';
import { BotConfigurationError, ExchangeFactory } from './exchange-factory';
import { MarketHub } from './market-hub';

export const ENGINE_SETTINGS = Symbol('ENGINE_SETTINGS');

export interface EngineSettings extends BotEngineSettings {
  workerId: string;
  tickMs: number;
  tickWorkMs: number;
  heartbeatHistory: boolean;
}

/**
 * Builds the runtime of a claimed bot: loads it as its last owner left it, validates its
 * strategy parameters with the same schemas as the API, opens its exchange. A bot that cannot
 * trade as configured is stopped with the reason (no retry storm).
 */
@Injectable()
export class RuntimeFactory {
  constructor(
    private readonly repo: TradingRepository,
    private readonly hub: MarketHub,
    private readonly exchanges: ExchangeFactory,
    private readonly writer: FencedWriter,
    private readonly stats: EngineStats,
    private readonly live: LivePublisher,
    private readonly equity: EquitySnapshots,
    @Inject(ENGINE_SETTINGS) private readonly settings: EngineSettings,
  ) {}

  create(
    claim: Claim,
    lease: Lease,
    safetyMarginMs: number,
    onSuperseded: (runtime: BotRuntime, reason: string) => void,
  ): BotRuntime {
    const options: BotRuntimeOptions = {
      tickMs: this.settings.tickMs,
      workMs: this.settings.tickWorkMs,
      safetyMarginMs,
      heartbeatHistory: this.settings.heartbeatHistory,
    };
    return new BotRuntime(
      claim,
      lease,
      (c, mayStillSend) => this.build(c, mayStillSend),
      this.hub,
      this.writer,
      this.settings.workerId,
      options,
      onSuperseded,
      this.stats,
    );
  }

  private async build(claim: Claim, mayStillSend: () => boolean) {
    const bot = await this.repo.loadBot(claim.botId);
    if (!bot) return null;
    const { config } = bot;
    // stored params: a live bot forgets paper-only settings saved before they were refused
    const params = storedParamsFor(config.params, config.mode);
    const validation = validateBotParams(config.strategy, params, config.mode);
    if (!validation.ok)
      return this.halt(
        claim,
        config.userId,
        'configuration',
        `invalid parameters: ${validation.errors.map((e) => `${e.field} ${e.message}`).join('; ')}`,
      );
    const strategy = getStrategy(config.strategy);
    if (!strategy)
      return this.halt(
        claim,
        config.userId,
        'configuration',
        `unknown strategy ${config.strategy}`,
      );
    let exchange;
    try {
      exchange = await this.exchanges.forBot(
        config,
        validation.params.risk.paperQuoteBalance ?? DEFAULT_PAPER_QUOTE_BALANCE,
      );
    } catch (error) {
      if (error instanceof BotConfigurationError)
        return this.halt(claim, config.userId, 'configuration', error.message);
      throw error;
    }
    const marketOf = async (): Promise<MarketInfo> => {
      const market = (await this.hub.marketsOf(config.exchangeId))[config.symbol];
      if (!market) throw new Error(`${config.exchangeId} has no market ${config.symbol}`);
      return market;
    };
    const engine = new BotEngine({
      claim,
      bot,
      exchange,
      strategy,
      params: validation.params,
      repo: this.repo,
      marketOf,
      settings: this.settings,
      mayStillSend,
      stats: this.stats,
      live: this.live,
    });
    this.live.publish(
      config.userId,
      botStatusEvent(config.id, 'running', { workerId: this.settings.workerId }),
    );
    const feed = {
      exchangeId: config.exchangeId,
      symbol: config.symbol,
      timeframe: config.timeframe,
    };
    this.equity.track(claim, feed);
    return { userId: config.userId, engine, feed, live: config.mode === 'live' };
  }

  private halt(claim: Claim, userId: string, kind: string, reason: string): Promise<never> {
    return haltBot(this.repo, this.live, claim, userId, kind, reason);
  }
}
