import { Injectable } from '@nestjs/common';
import { DataSource, type Repository } from 'typeorm';
import { BotEntity } from '../entities';

export interface DesiredBot {
  id: string;
  /** Only workers carrying this tag may run it; null: any worker. */
  placementTag: string | null;
}

export interface BotPlacement {
  botId: string;
  workerId: string | null;
  host: string | null;
  fenceToken: string;
  claimedAt: Date;
  lastTickAt: Date | null;
}

/** Bot queries the services need; apps use this instead of TypeORM directly. */
@Injectable()
export class BotsRepository {
  private readonly bots: Repository<BotEntity>;

  constructor(private readonly dataSource: DataSource) {
    this.bots = dataSource.getRepository(BotEntity);
  }

  /** What the supervisors reconcile against: every bot that should run, with its placement tag. */
  async listDesiredRunning(): Promise<DesiredBot[]> {
    const rows: { id: string; placement_tag: string | null }[] = await this.dataSource.query(
      `SELECT id, placement_tag FROM bots WHERE desired_state = 'running' AND deleted_at IS NULL`,
    );
    return rows.map((r) => ({ id: r.id, placementTag: r.placement_tag }));
  }

  /** The market feeds running bots need: each distinct (exchange, symbol, timeframe). */
  async listActiveFeeds(): Promise<{ exchangeId: string; symbol: string; timeframe: string }[]> {
    const rows: { exchange_id: string; symbol: string; timeframe: string }[] =
      await this.dataSource.query(
        `SELECT DISTINCT exchange_id, symbol, timeframe FROM bots
        WHERE desired_state = 'running' AND deleted_at IS NULL ORDER BY 1, 2, 3`,
      );
    return rows.map((r) => ({
      exchangeId: r.exchange_id,
      symbol: r.symbol,
      timeframe: r.timeframe,
    }));
  }

  /** Where bots run now, as their owners last wrote it. */
  async placements(botIds: string[]): Promise<BotPlacement[]> {
    if (botIds.length === 0) return [];
    const rows: Record<string, never>[] = await this.dataSource.query(
      `SELECT bot_id, worker_id, host, fence_token, claimed_at, last_tick_at FROM bot_runtime
        WHERE bot_id = ANY($1) AND released_at IS NULL`,
      [botIds],
    );
    return rows.map((r) => ({
      botId: r['bot_id'],
      workerId: r['worker_id'],
      host: r['host'],
      fenceToken: String(r['fence_token']),
      claimedAt: r['claimed_at'],
      lastTickAt: r['last_tick_at'],
    }));
  }
}
