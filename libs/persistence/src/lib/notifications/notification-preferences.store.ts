import { Inject, Injectable } from '@nestjs/common';
import { SQL, type Sql } from '../sql/sql';

/** Which events a bot announces on its user's channels. */
export interface NotificationPreferences {
  fills: boolean;
  errors: boolean;
  riskStops: boolean;
  handovers: boolean;
  dailySummary: boolean;
}

/** A bot without a row announces these (the same defaults as the table's and the triggers'). */
export const DEFAULT_NOTIFICATION_PREFERENCES: NotificationPreferences = {
  fills: false,
  errors: true,
  riskStops: true,
  handovers: true,
  dailySummary: true,
};

type Row = {
  fills: boolean;
  errors: boolean;
  risk_stops: boolean;
  handovers: boolean;
  daily_summary: boolean;
};

const toPreferences = (row: Row): NotificationPreferences => ({
  fills: row.fills,
  errors: row.errors,
  riskStops: row.risk_stops,
  handovers: row.handovers,
  dailySummary: row.daily_summary,
});

/** Per-bot notification preferences; the caller has checked that the bot is the user's. */
@Injectable()
export class NotificationPreferencesStore {
  constructor(@Inject(SQL) private readonly sql: Sql) {}

  async get(botId: string): Promise<NotificationPreferences> {
    const [row] = await this.sql.query<Row>(
      `SELECT fills, errors, risk_stops, handovers, daily_summary
         FROM notification_preferences WHERE bot_id = $1`,
      [botId],
    );
    return row ? toPreferences(row) : { ...DEFAULT_NOTIFICATION_PREFERENCES };
  }

  async put(botId: string, preferences: NotificationPreferences): Promise<NotificationPreferences> {
    const [row] = await this.sql.query<Row>(
      `INSERT INTO notification_preferences
         (bot_id, fills, errors, risk_stops, handovers, daily_summary, updated_at)
       VALUES ($1, $2, $3, $4, $5, $6, now())
       ON CONFLICT (bot_id) DO UPDATE SET fills = $2, errors = $3, risk_stops = $4,
         handovers = $5, daily_summary = $6, updated_at = now()
       RETURNING fills, errors, risk_stops, handovers, daily_summary`,
      [
        botId,
        preferences.fills,
        preferences.errors,
        preferences.riskStops,
        preferences.handovers,
        preferences.dailySummary,
      ],
    );
    return toPreferences(row);
  }
}
