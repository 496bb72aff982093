// Which legacy rows become which rows here, and why the others are refused. Decided from the
// legacy file alone (plus the emails already registered here), so every run of the same file
// decides the same: that is what makes a re-run after a kill finish the same import.
import { PLAN_LIMITS, type PlanLimits } from '@platform/persistence';
import type { LegacyFile, LegacyRow, LegacyTable } from './legacy-file';
import { importedClientOrderId, importedId } from './legacy-ids';
import { type ImportedBot, translateBot } from './translate-bot';
import {
  type Checked,
  type ImportedKey,
  type ImportedSubscription,
  type ImportedTrade,
  type ImportedUser,
  legacyTime,
  translateKey,
  translateSubscription,
  translateTrade,
  translateUser,
} from './translate';

export interface Refusal {
  table: LegacyTable;
  id: number;
  reason: string;
}

export interface PlannedUser {
  legacyId: number;
  id: string;
  user: ImportedUser;
  subscriptionId: string;
  /** Null: no usable legacy subscription, the free plan. */
  legacySubscriptionId: number | null;
  subscription: ImportedSubscription;
  limits: PlanLimits;
}

export interface PlannedKey {
  legacyId: number;
  id: string;
  userId: string;
  key: ImportedKey;
}

export interface PlannedBot {
  legacyId: number;
  id: string;
  userId: string;
  accountId: string | null;
  bot: ImportedBot;
  desiredState: 'running' | 'stopped';
}

export interface PlannedTrade {
  legacyId: number;
  orderId: string;
  tradeId: string;
  clientOrderId: string;
  bot: PlannedBot;
  trade: ImportedTrade;
}

export interface ImportPlan {
  users: PlannedUser[];
  /** Legacy subscription ids that are imported (as their user's subscription). */
  subscriptions: number[];
  keys: PlannedKey[];
  bots: PlannedBot[];
  /** Every refused row but trades (those are decided as they stream by: planTrade). */
  refused: Refusal[];
  /** Bots active in the old app that are imported stopped (no --start, or past the plan's running limit). */
  activeImportedStopped: number;
  /** Users whose legacy password hash is not argon2id: imported with a password nobody knows. */
  passwordsLocked: number[];
  botsByLegacyId: Map<number, PlannedBot>;
  refusedBots: Set<number>;
  legacyBotIds: Set<number>;
}

export interface PlanOptions {
  source: string;
  start: boolean;
  /** Emails registered here now, with their user's id (one imported earlier has the imported id). */
  registered: ReadonlyMap<string, string>;
}

const effectiveLimits = (s: ImportedSubscription): PlanLimits =>
  s.validUntil !== null && Date.parse(s.validUntil) <= Date.now()
    ? PLAN_LIMITS.free
    : PLAN_LIMITS[s.plan];

const idOf = (row: LegacyRow): number | null => {
  const id = Number(row.id);
  return Number.isSafeInteger(id) ? id : null;
};

/** Makes `wanted` unique among `taken` (a user's labels or bot names), adding the legacy id. */
function uniqueName(taken: Set<string>, wanted: string, legacyId: number): string {
  const name = taken.has(wanted) ? `${wanted.slice(0, 80)} (legacy ${legacyId})` : wanted;
  taken.add(name);
  return name;
}

/** Emails of the file's users as they would be stored, for looking up those already registered. */
export function legacyEmails(file: LegacyFile): string[] {
  const emails: string[] = [];
  for (const row of file.rows('users')) {
    const user = translateUser(row);
    if (user.ok) emails.push(user.value.email);
  }
  return emails;
}

export function planImport(file: LegacyFile, options: PlanOptions): ImportPlan {
  const { source } = options;
  const refused: Refusal[] = [];
  const refuseRow = (table: LegacyTable, id: number, reason: string) =>
    refused.push({ table, id, reason });

  // users: valid email, unique in the file (case aside) and not registered here by someone else
  const users = new Map<number, PlannedUser>();
  const legacyUserIds = new Set<number>();
  const firstWithEmail = new Map<string, number>();
  const passwordsLocked: number[] = [];
  const checkedUsers: { legacyId: number; user: ImportedUser }[] = [];
  for (const row of file.rows('users')) {
    const legacyId = idOf(row);
    if (legacyId === null) continue;
    legacyUserIds.add(legacyId);
    const user = translateUser(row);
    if (!user.ok) {
      refuseRow('users', legacyId, user.reason);
      continue;
    }
    const first = firstWithEmail.get(user.value.email);
    if (first !== undefined) {
      refuseRow('users', legacyId, `duplicate email: the same address as user ${first}`);
      continue;
    }
    firstWithEmail.set(user.value.email, legacyId);
    const id = importedId(source, 'users', legacyId);
    const owner = options.registered.get(user.value.email);
    if (owner !== undefined && owner !== id) {
      refuseRow('users', legacyId, 'email already registered on this platform');
      continue;
    }
    checkedUsers.push({ legacyId, user: user.value });
  }

  // subscriptions: each user's newest valid one; none: the free plan
  const chosen = new Map<number, { legacyId: number; at: string; value: ImportedSubscription }>();
  const subscriptionRows: {
    legacyId: number;
    userLegacyId: number;
    at: string;
    value: ImportedSubscription;
  }[] = [];
  const acceptedUserIds = new Set(checkedUsers.map((u) => u.legacyId));
  const userFate = (userLegacyId: number): string =>
    legacyUserIds.has(userLegacyId)
      ? `its user (legacy id ${userLegacyId}) was refused`
      : `its user (legacy id ${userLegacyId}) does not exist`;
  const ownerProblem = (userLegacyId: number) =>
    acceptedUserIds.has(userLegacyId) ? null : userFate(userLegacyId);
  for (const row of file.rows('subscriptions')) {
    const legacyId = idOf(row);
    if (legacyId === null) continue;
    const userLegacyId = Number(row['user_id']);
    const problem = ownerProblem(userLegacyId);
    if (problem) {
      refuseRow('subscriptions', legacyId, problem);
      continue;
    }
    const subscription = translateSubscription(row);
    if (!subscription.ok) {
      refuseRow('subscriptions', legacyId, subscription.reason);
      continue;
    }
    const at = legacyTime(row['created_at']) ?? '';
    subscriptionRows.push({ legacyId, userLegacyId, at, value: subscription.value });
  }
  for (const s of subscriptionRows) {
    const best = chosen.get(s.userLegacyId);
    if (!best || s.at > best.at || (s.at === best.at && s.legacyId > best.legacyId))
      chosen.set(s.userLegacyId, s);
  }
  for (const s of subscriptionRows)
    if (chosen.get(s.userLegacyId)?.legacyId !== s.legacyId)
      refuseRow(
        'subscriptions',
        s.legacyId,
        `superseded by user ${s.userLegacyId}'s newer subscription ${chosen.get(s.userLegacyId)?.legacyId}`,
      );

  for (const { legacyId, user } of checkedUsers) {
    const subscription = chosen.get(legacyId);
    const value = subscription?.value ?? { plan: 'free' as const, validUntil: null };
    if (!user.passwordKept) passwordsLocked.push(legacyId);
    users.set(legacyId, {
      legacyId,
      id: importedId(source, 'users', legacyId),
      user,
      subscriptionId: importedId(source, 'users', legacyId, 'subscription'),
      legacySubscriptionId: subscription?.legacyId ?? null,
      subscription: value,
      limits: effectiveLimits(value),
    });
  }

  // api_keys: valid, owner imported, within the plan's number of exchange accounts
  const keys = new Map<number, PlannedKey>();
  const legacyKeyIds = new Set<number>();
  const labels = new Map<number, Set<string>>();
  for (const row of file.rows('api_keys')) {
    const legacyId = idOf(row);
    if (legacyId === null) continue;
    legacyKeyIds.add(legacyId);
    const userLegacyId = Number(row['user_id']);
    const owner = users.get(userLegacyId);
    if (!owner) {
      refuseRow('api_keys', legacyId, userFate(userLegacyId));
      continue;
    }
    const key = translateKey(row);
    if (!key.ok) {
      refuseRow('api_keys', legacyId, key.reason);
      continue;
    }
    const taken = labels.get(userLegacyId) ?? new Set<string>();
    labels.set(userLegacyId, taken);
    if (taken.size >= owner.limits.maxExchangeAccounts) {
      refuseRow(
        'api_keys',
        legacyId,
        `the ${owner.subscription.plan} plan allows ${owner.limits.maxExchangeAccounts} exchange accounts`,
      );
      continue;
    }
    const label = uniqueName(taken, key.value.label, legacyId);
    keys.set(legacyId, {
      legacyId,
      id: importedId(source, 'api_keys', legacyId),
      userId: owner.id,
      key: { ...key.value, label },
    });
  }

  // bots: valid, owner and (live) key imported, within the plan; stopped unless --start
  const bots = new Map<number, PlannedBot>();
  const refusedBots = new Set<number>();
  const legacyBotIds = new Set<number>();
  const names = new Map<number, Set<string>>();
  const running = new Map<number, number>();
  let activeImportedStopped = 0;
  for (const row of file.rows('bots')) {
    const legacyId = idOf(row);
    if (legacyId === null) continue;
    legacyBotIds.add(legacyId);
    const refuseBot = (reason: string) => {
      refusedBots.add(legacyId);
      refuseRow('bots', legacyId, reason);
    };
    const userLegacyId = Number(row['user_id']);
    const owner = users.get(userLegacyId);
    if (!owner) {
      refuseBot(userFate(userLegacyId));
      continue;
    }
    const checked: Checked<ImportedBot> = translateBot(row);
    if (!checked.ok) {
      refuseBot(checked.reason);
      continue;
    }
    const bot = checked.value;
    let accountId: string | null = null;
    if (bot.mode === 'live') {
      const key = bot.legacyKeyId === null ? undefined : keys.get(bot.legacyKeyId);
      if (!key || key.userId !== owner.id) {
        refuseBot(
          !key && bot.legacyKeyId !== null && legacyKeyIds.has(bot.legacyKeyId)
            ? `its API key (legacy id ${bot.legacyKeyId}) was refused`
            : `its API key (legacy id ${bot.legacyKeyId}) does not exist or belongs to another user`,
        );
        continue;
      }
      accountId = key.id;
    }
    const taken = names.get(userLegacyId) ?? new Set<string>();
    names.set(userLegacyId, taken);
    if (taken.size >= owner.limits.maxBots) {
      refuseBot(`the ${owner.subscription.plan} plan allows ${owner.limits.maxBots} bots`);
      continue;
    }
    const name = uniqueName(taken, bot.name, legacyId);
    const runningNow = running.get(userLegacyId) ?? 0;
    // a disabled account's bots stay stopped, as the gateway refuses their start
    const start =
      bot.active &&
      options.start &&
      !owner.user.disabled &&
      runningNow < owner.limits.maxRunningBots;
    if (start) running.set(userLegacyId, runningNow + 1);
    else if (bot.active) activeImportedStopped++;
    bots.set(legacyId, {
      legacyId,
      id: importedId(source, 'bots', legacyId),
      userId: owner.id,
      accountId,
      bot: { ...bot, name },
      desiredState: start ? 'running' : 'stopped',
    });
  }

  return {
    users: [...users.values()],
    subscriptions: [...users.values()].flatMap((u) =>
      u.legacySubscriptionId === null ? [] : [u.legacySubscriptionId],
    ),
    keys: [...keys.values()],
    bots: [...bots.values()],
    refused,
    activeImportedStopped,
    passwordsLocked,
    botsByLegacyId: bots,
    refusedBots,
    legacyBotIds,
  };
}

/** A trade row's fate: what it becomes (an order filled by it, and the trade), or why not. */
export function planTrade(plan: ImportPlan, source: string, row: LegacyRow): Checked<PlannedTrade> {
  const legacyId = idOf(row);
  if (legacyId === null) return { ok: false, reason: 'id is not an integer' };
  const botLegacyId = Number(row['bot_id']);
  const bot = plan.botsByLegacyId.get(botLegacyId);
  if (!bot)
    return {
      ok: false,
      reason: plan.legacyBotIds.has(botLegacyId)
        ? `its bot (legacy id ${botLegacyId}) was refused`
        : `its bot (legacy id ${botLegacyId}) does not exist`,
    };
  const trade = translateTrade(row);
  if (!trade.ok) return trade;
  return {
    ok: true,
    value: {
      legacyId,
      orderId: importedId(source, 'trades', legacyId, 'order'),
      tradeId: importedId(source, 'trades', legacyId),
      clientOrderId: importedClientOrderId(source, legacyId),
      bot,
      trade: trade.value,
    },
  };
}
