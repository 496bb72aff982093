import { KeyRing } from '@platform/exchange';
import { openChannelSecret } from '@platform/notifications';
import {
  type ApiClient,
  newEncryptionKeys,
  TelegramStub,
  WebhookReceiver,
} from '@platform/testing';
import type { Client } from 'pg';
import { createBot, dcaBot } from '../test-support/bots';
import { type GatewayTestBed, startGatewayTestBed } from '../test-support/gateway-test-bed';

const SECRET = 'whsec_gateway_spec_secret_0123456789';
const BOT_TOKEN = '987654321:AAF-gateway_spec_token_abcdefghijk';

// The channels and preferences API against a real Postgres and Redis; test messages go to a
// local webhook receiver and a local stand-in for Telegram's Bot API.
describe('notifications API', () => {
  const encryptionKeys = newEncryptionKeys();
  let bed: GatewayTestBed;
  let api: ApiClient;
  let sql: Client;
  let receiver: WebhookReceiver;
  let telegram: TelegramStub;
  let alice: string;
  let bob: string;

  const webhook = (label: string, extra: Record<string, unknown> = {}) => ({
    kind: 'webhook',
    label,
    url: receiver.url,
    secret: SECRET,
    ...extra,
  });
  const create = (token: string, body: Record<string, unknown>) =>
    api.post('/notification-channels', { token, body });

  beforeAll(async () => {
    [receiver, telegram] = await Promise.all([WebhookReceiver.start(SECRET), TelegramStub.start()]);
    bed = await startGatewayTestBed({
      ENCRYPTION_KEYS: encryptionKeys,
      NOTIFY_TELEGRAM_API_URL: telegram.url,
      NOTIFY_WEBHOOK_ALLOW_PRIVATE: 'true',
      NOTIFY_FAIL_AFTER: '3',
    });
    api = bed.api;
    sql = await bed.connectSql();
    alice = await api.signIn('alice@example.com');
    bob = await api.signIn('bob@example.com');
  });

  afterAll(async () => {
    await bed?.close();
    await Promise.all([receiver?.stop(), telegram?.stop()]);
  });

  it('creates channels with write-only secrets: sealed in Postgres, never in answers or logs', async () => {
    const hook = await create(alice, webhook('my hook'));
    expect(hook.status).toBe(201);
    expect(hook.body).toEqual({
      id: expect.any(String),
      kind: 'webhook',
      label: 'my hook',
      enabled: true,
      target: { url: receiver.url },
      status: 'ok',
      consecutiveFailures: 0,
      lastError: null,
      lastErrorAt: null,
      lastDeliveredAt: null,
      createdAt: expect.any(String),
    });
    const bot = await create(alice, {
      kind: 'telegram',
      label: 'phone',
      chatId: '4242',
      botToken: BOT_TOKEN,
    });
    expect(bot.status).toBe(201);
    expect(bot.body.target).toEqual({ chatId: '4242' });
    const mail = await create(alice, {
      kind: 'email',
      label: 'mail',
      address: 'Alice@Example.com',
    });
    expect(mail.body.target).toEqual({ address: 'alice@example.com' });

    const list = await api.get('/notification-channels', { token: alice });
    expect(list.body.items.map((c: { label: string }) => c.label)).toEqual([
      'my hook',
      'phone',
      'mail',
    ]);
    for (const text of [hook.text, bot.text, list.text, bed.gateway.logs.text]) {
      expect(text).not.toContain(SECRET);
      expect(text).not.toContain(BOT_TOKEN);
    }
    const { rows } = await sql.query(
      `SELECT id, encryption_key_id, secret_ciphertext FROM notification_channels WHERE id = ANY($1)`,
      [[hook.body.id, bot.body.id]],
    );
    const ring = KeyRing.parse(encryptionKeys);
    for (const row of rows) {
      expect(JSON.stringify(row)).not.toMatch(new RegExp(`${SECRET}|${BOT_TOKEN}`));
      expect(row.secret_ciphertext.includes(Buffer.from(SECRET))).toBe(false);
      const opened = openChannelSecret(ring, row.id, {
        keyId: row.encryption_key_id,
        ciphertext: row.secret_ciphertext,
      });
      expect(opened).toBe(row.id === hook.body.id ? SECRET : BOT_TOKEN);
    }
  });

  it('400 naming each bad field, never quoting a secret', async () => {
    const bad = await create(alice, {
      kind: 'webhook',
      label: '',
      url: 'ftp://example.com',
      secret: 'shortsecret',
      extra: 1,
    });
    expect(bad.status).toBe(400);
    expect(bad.body.errors).toEqual([
      { field: 'label', message: 'is required' },
      { field: 'url', message: 'must be an http(s) URL' },
      { field: 'secret', message: 'must have at least 16 characters' },
      { field: 'extra', message: 'unknown field' },
    ]);
    expect(bad.text).not.toContain('shortsecret');
    const kind = await create(alice, { kind: 'pigeon', label: 'x' });
    expect(kind.body.errors).toEqual([
      { field: 'kind', message: 'must be one of: telegram, webhook, email' },
    ]);
    const telegramBad = await create(alice, {
      kind: 'telegram',
      label: 't',
      chatId: 'me',
      botToken: 'nope',
    });
    expect(telegramBad.body.errors).toEqual([
      { field: 'chatId', message: 'must be a numeric chat id or an @channelname' },
      { field: 'botToken', message: 'must be a Telegram bot token like 123456:ABC-DEF...' },
    ]);
    const id = (await create(alice, webhook('patch me'))).body.id;
    const foreign = await api.patch(`/notification-channels/${id}`, {
      token: alice,
      body: { chatId: '12', enabled: false },
    });
    expect(foreign.status).toBe(400);
    expect(foreign.body.errors).toEqual([
      { field: 'chatId', message: 'is not a field of a webhook channel' },
    ]);
    const empty = await api.patch(`/notification-channels/${id}`, { token: alice, body: {} });
    expect(empty.body.errors).toEqual([
      { field: 'body', message: 'name at least one field to change' },
    ]);
    const renamed = await api.patch(`/notification-channels/${id}`, {
      token: alice,
      body: { label: 'patched', enabled: false },
    });
    expect(renamed.body).toMatchObject({ label: 'patched', enabled: false });
    expect((await create(alice, webhook('patched'))).status).toBe(409);
  });

  it('another user gets 404 for every operation on a channel or on a bot’s preferences', async () => {
    const id = (await create(alice, webhook('private'))).body.id;
    const botId = await createBot(api, alice, dcaBot('notified'));
    for (const [method, path, body] of [
      ['GET', `/notification-channels/${id}`],
      ['PATCH', `/notification-channels/${id}`, { label: 'mine now' }],
      ['DELETE', `/notification-channels/${id}`],
      ['POST', `/notification-channels/${id}/test`],
      ['GET', `/bots/${botId}/notifications`],
      [
        'PUT',
        `/bots/${botId}/notifications`,
        { fills: true, errors: true, riskStops: true, handovers: true, dailySummary: true },
      ],
    ] as const) {
      const answer = await api.call(method, path, { token: bob, body });
      expect({ method, path, status: answer.status }).toEqual({ method, path, status: 404 });
    }
    expect((await api.get('/notification-channels', { token: bob })).body.items).toEqual([]);
    expect((await api.get(`/notification-channels/${id}`, { token: alice })).body.label).toBe(
      'private',
    );
    expect(receiver.requests.filter((r) => r.id.includes(id))).toEqual([]);
  });

  it('POST /test: a signed message to the webhook; a refused Telegram token marks the channel failing until a good test', async () => {
    const hook = (await create(alice, webhook('tested'))).body.id;
    const test = await api.post(`/notification-channels/${hook}/test`, { token: alice });
    expect(test.status).toBe(200);
    expect(test.body).toMatchObject({ delivered: true, error: null, channel: { status: 'ok' } });
    expect(test.body.channel.lastDeliveredAt).toEqual(expect.any(String));
    const got = receiver.requests.find((r) => r.id.startsWith(`test:${hook}`));
    expect(got).toMatchObject({ verified: true, event: 'test', status: 200 });

    const phone = (
      await create(alice, { kind: 'telegram', label: 'tg', chatId: '77', botToken: BOT_TOKEN })
    ).body.id;
    telegram.answer = () => ({
      status: 401,
      body: { ok: false, error_code: 401, description: 'Unauthorized' },
    });
    const refused = await api.post(`/notification-channels/${phone}/test`, { token: alice });
    expect(refused.body).toMatchObject({
      delivered: false,
      error: 'Telegram 401: Unauthorized',
      channel: { status: 'failing', lastError: 'Telegram 401: Unauthorized' },
    });
    const shown = await api.get(`/notification-channels/${phone}`, { token: alice });
    expect(shown.body).toMatchObject({ status: 'failing', consecutiveFailures: 1 });
    expect(refused.text).not.toContain(BOT_TOKEN);

    telegram.answer = () => null;
    const fixed = await api.post(`/notification-channels/${phone}/test`, { token: alice });
    expect(fixed.body).toMatchObject({
      delivered: true,
      channel: { status: 'ok', consecutiveFailures: 0 },
    });
    expect(telegram.delivered().at(-1)).toMatchObject({ token: BOT_TOKEN, chatId: '77' });
    expect(bed.gateway.logs.text).not.toContain(BOT_TOKEN);
  });

  it('per-bot preferences: defaults, replaced whole, validated per field', async () => {
    const botId = await createBot(api, alice, dcaBot('prefs'));
    const defaults = await api.get(`/bots/${botId}/notifications`, { token: alice });
    expect(defaults.body).toEqual({
      fills: false,
      errors: true,
      riskStops: true,
      handovers: true,
      dailySummary: true,
    });
    const wanted = {
      fills: true,
      errors: false,
      riskStops: true,
      handovers: false,
      dailySummary: false,
    };
    const put = await api.call('PUT', `/bots/${botId}/notifications`, {
      token: alice,
      body: wanted,
    });
    expect(put.status).toBe(200);
    expect(put.body).toEqual(wanted);
    expect((await api.get(`/bots/${botId}/notifications`, { token: alice })).body).toEqual(wanted);
    const bad = await api.call('PUT', `/bots/${botId}/notifications`, {
      token: alice,
      body: { fills: 'yes', errors: true },
    });
    expect(bad.status).toBe(400);
    expect(bad.body.errors.map((e: { field: string }) => e.field)).toEqual([
      'fills',
      'riskStops',
      'handovers',
      'dailySummary',
    ]);
  });

  it('at most 10 channels per user, even when 15 are added at once: the rest get 403', async () => {
    const carol = await api.signIn('carol@example.com');
    const answers = await Promise.all(
      Array.from({ length: 15 }, (_, i) => create(carol, webhook(`hook ${i}`))),
    );
    const statuses = answers.map((answer) => answer.status).sort();
    expect(statuses).toEqual([...Array(10).fill(201), ...Array(5).fill(403)]);
    const refused = answers.find((answer) => answer.status === 403);
    expect(refused?.body.message).toMatch(/most notification channels allowed \(10\)/);
    const listed = await api.get('/notification-channels', { token: carol });
    expect(listed.body.items).toHaveLength(10);
  });

  it('DELETE: 204, then 404; every route answers 401 without a session', async () => {
    const id = (await create(alice, webhook('short lived'))).body.id;
    expect((await api.delete(`/notification-channels/${id}`, { token: alice })).status).toBe(204);
    expect((await api.get(`/notification-channels/${id}`, { token: alice })).status).toBe(404);
    expect((await api.delete(`/notification-channels/${id}`, { token: alice })).status).toBe(404);
    for (const [method, path] of [
      ['GET', '/notification-channels'],
      ['POST', '/notification-channels'],
      ['PATCH', `/notification-channels/${id}`],
      ['POST', `/notification-channels/${id}/test`],
      ['GET', `/bots/${id}/notifications`],
    ])
      expect((await api.call(method, path)).status).toBe(401);
  });
});
