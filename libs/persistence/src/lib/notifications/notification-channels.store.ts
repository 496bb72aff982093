import { Inject, Injectable } from '@nestjs/common';
import { SQL, type Sql } from '../sql/sql';
import { SqlStates, sqlStateOf } from '../sql/sql-state';

export const NotificationChannelKinds = ['telegram', 'webhook', 'email'] as const;
export type NotificationChannelKind = (typeof NotificationChannelKinds)[number];

/** What is not secret about where a channel sends: a chat id, a URL, an address. */
export type ChannelTarget = Record<string, string>;

export interface SealedSecret {
  keyId: string;
  ciphertext: Buffer;
}

export interface NewNotificationChannel {
  id: string;
  userId: string;
  kind: NotificationChannelKind;
  label: string;
  target: ChannelTarget;
  secret: SealedSecret | null;
}

/** A channel as its owner may see it: never the sealed secret. */
export interface NotificationChannelRecord {
  id: string;
  userId: string;
  kind: NotificationChannelKind;
  label: string;
  target: ChannelTarget;
  enabled: boolean;
  consecutiveFailures: number;
  failingSince: Date | null;
  lastError: string | null;
  lastErrorAt: Date | null;
  lastDeliveredAt: Date | null;
  createdAt: Date;
}

/** A channel as a sender needs it: with its sealed secret (opened by the caller). */
export interface DeliverableChannel extends NotificationChannelRecord {
  secret: SealedSecret | null;
}

export interface NotificationChannelChanges {
  label?: string;
  enabled?: boolean;
  target?: ChannelTarget;
  secret?: SealedSecret;
}

const COLUMNS = `id, user_id, kind, label, target, enabled, consecutive_failures, failing_since,
  last_error, last_error_at, last_delivered_at, created_at`;

type Row = {
  id: string;
  user_id: string;
  kind: NotificationChannelKind;
  label: string;
  target: ChannelTarget;
  enabled: boolean;
  consecutive_failures: number;
  failing_since: Date | null;
  last_error: string | null;
  last_error_at: Date | null;
  last_delivered_at: Date | null;
  created_at: Date;
  encryption_key_id?: string | null;
  secret_ciphertext?: Buffer | null;
};

const toRecord = (row: Row): NotificationChannelRecord => ({
  id: row.id,
  userId: row.user_id,
  kind: row.kind,
  label: row.label,
  target: row.target,
  enabled: row.enabled,
  consecutiveFailures: row.consecutive_failures,
  failingSince: row.failing_since,
  lastError: row.last_error,
  lastErrorAt: row.last_error_at,
  lastDeliveredAt: row.last_delivered_at,
  createdAt: row.created_at,
});

/**
 * Users' notification channels. The owner's queries are scoped to the owner (others' ids are
 * invisible); the senders' reads and the health bookkeeping go by channel id.
 */
@Injectable()
export class NotificationChannelsStore {
  constructor(@Inject(SQL) private readonly sql: Sql) {}

  /** Null when the user already has a channel with this label. */
  async insert(
    channel: NewNotificationChannel,
    sql: Sql = this.sql,
  ): Promise<NotificationChannelRecord | null> {
    try {
      const [row] = await sql.query<Row>(
        `INSERT INTO notification_channels
           (id, user_id, kind, label, target, encryption_key_id, secret_ciphertext)
         VALUES ($1, $2, $3, $4, $5, $6, $7) RETURNING ${COLUMNS}`,
        [
          channel.id,
          channel.userId,
          channel.kind,
          channel.label,
          JSON.stringify(channel.target),
          channel.secret?.keyId ?? null,
          channel.secret?.ciphertext ?? null,
        ],
      );
      return toRecord(row);
    } catch (error) {
      if (sqlStateOf(error) === SqlStates.uniqueViolation) return null;
      throw error;
    }
  }

  async countOwned(sql: Sql, userId: string): Promise<number> {
    const [row] = await sql.query<{ count: number }>(
      `SELECT count(*)::int AS count FROM notification_channels WHERE user_id = $1`,
      [userId],
    );
    return row.count;
  }

  async listOwned(userId: string): Promise<NotificationChannelRecord[]> {
    const rows = await this.sql.query<Row>(
      `SELECT ${COLUMNS} FROM notification_channels WHERE user_id = $1 ORDER BY created_at, id`,
      [userId],
    );
    return rows.map(toRecord);
  }

  async findOwned(userId: string, id: string): Promise<NotificationChannelRecord | null> {
    const [row] = await this.sql.query<Row>(
      `SELECT ${COLUMNS} FROM notification_channels WHERE id = $1 AND user_id = $2`,
      [id, userId],
    );
    return row ? toRecord(row) : null;
  }

  /** `conflict`: another of the user's channels has the new label. */
  async updateOwned(
    userId: string,
    id: string,
    changes: NotificationChannelChanges,
  ): Promise<NotificationChannelRecord | null | 'conflict'> {
    try {
      const [row] = await this.sql.query<Row>(
        `UPDATE notification_channels
            SET label = COALESCE($3, label), enabled = COALESCE($4, enabled),
                target = COALESCE($5::jsonb, target),
                encryption_key_id = COALESCE($6, encryption_key_id),
                secret_ciphertext = COALESCE($7, secret_ciphertext), updated_at = now()
          WHERE id = $1 AND user_id = $2 RETURNING ${COLUMNS}`,
        [
          id,
          userId,
          changes.label ?? null,
          changes.enabled ?? null,
          changes.target ? JSON.stringify(changes.target) : null,
          changes.secret?.keyId ?? null,
          changes.secret?.ciphertext ?? null,
        ],
      );
      return row ? toRecord(row) : null;
    } catch (error) {
      if (sqlStateOf(error) === SqlStates.uniqueViolation) return 'conflict';
      throw error;
    }
  }

  async deleteOwned(userId: string, id: string): Promise<boolean> {
    const rows = await this.sql.query(
      `DELETE FROM notification_channels WHERE id = $1 AND user_id = $2 RETURNING id`,
      [id, userId],
    );
    return rows.length > 0;
  }

  /** The channel with its sealed secret, for a sender; null once deleted. */
  async loadDeliverable(id: string): Promise<DeliverableChannel | null> {
    const [row] = await this.sql.query<Row>(
      `SELECT ${COLUMNS}, encryption_key_id, secret_ciphertext FROM notification_channels WHERE id = $1`,
      [id],
    );
    if (!row) return null;
    const secret =
      row.encryption_key_id && row.secret_ciphertext
        ? { keyId: row.encryption_key_id, ciphertext: row.secret_ciphertext }
        : null;
    return { ...toRecord(row), secret };
  }

  /** A message got through: the channel is healthy again. */
  async recordSuccess(id: string): Promise<void> {
    await this.sql.query(
      `UPDATE notification_channels
          SET consecutive_failures = 0, failing_since = NULL, last_delivered_at = now()
        WHERE id = $1`,
      [id],
    );
  }

  /**
   * A message did not get through. The channel is marked failing (failing_since set, shown by
   * the API) at `failAfter` consecutive failures, or at once when `permanent` (the target said
   * the credentials or the chat are wrong).
   */
  async recordFailure(
    id: string,
    error: string,
    permanent: boolean,
    failAfter: number,
  ): Promise<void> {
    await this.sql.query(
      `UPDATE notification_channels
          SET consecutive_failures = consecutive_failures + 1, last_error = $2,
              last_error_at = now(),
              failing_since = CASE
                WHEN failing_since IS NOT NULL THEN failing_since
                WHEN $3 OR consecutive_failures + 1 >= $4 THEN now() END
        WHERE id = $1`,
      [id, error.slice(0, 500), permanent, failAfter],
    );
  }
}
