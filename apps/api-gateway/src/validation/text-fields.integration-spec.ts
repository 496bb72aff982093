import { type ApiClient, newEncryptionKeys, placeholderBinanceKeys } from '@platform/testing';
import { createBot, dcaBot } from '../test-support/bots';
import { binanceAccount } from '../test-support/exchange-accounts';
import { type GatewayTestBed, startGatewayTestBed } from '../test-support/gateway-test-bed';

// Control characters in a text field are the client's mistake, answered at the field with a
// 400: a NUL used to reach Postgres (which cannot store it in text) and come back as a 500.
describe('control characters in text fields', () => {
  let bed: GatewayTestBed;
  let api: ApiClient;
  let token: string;
  let botId: string;
  const account = (label: string) => binanceAccount(label, placeholderBinanceKeys);

  beforeAll(async () => {
    bed = await startGatewayTestBed({ ENCRYPTION_KEYS: newEncryptionKeys() });
    api = bed.api;
    token = await api.signIn('texts@example.com');
    botId = await createBot(api, token, dcaBot('plain'));
  });

  afterAll(() => bed?.close());

  const cases: [string, (value: string) => Promise<{ status: number; body: unknown }>][] = [
    ['POST /bots name', (value) => api.post('/bots', { token, body: dcaBot(value) })],
    [
      'PATCH /bots/:id name',
      (value) => api.patch(`/bots/${botId}`, { token, body: { name: value } }),
    ],
    [
      'POST /exchange-accounts label',
      (value) => api.post('/exchange-accounts', { token, body: account(value) }),
    ],
    [
      'POST /auth/login email',
      (value) =>
        api.post('/auth/login', { body: { email: value, password: 'a long enough password' } }),
    ],
    [
      'POST /auth/register email',
      (value) =>
        api.post('/auth/register', { body: { email: value, password: 'a long enough password' } }),
    ],
  ];
  const field = (name: string) => name.split(' ').at(-1) as string;

  it.each(cases)('a NUL in %s is a 400 at that field', async (name, send) => {
    const answer = await send(name.includes('email') ? 'ann\u0000@example.com' : 'my\u0000bot');
    expect(answer.status).toBe(400);
    expect(answer.body).toMatchObject({
      code: 'validation_failed',
      errors: [{ field: field(name), message: expect.stringContaining('control characters') }],
    });
  });

  it.each([
    ['DEL', '\u007f'],
    ['an escape (C0)', '\u001b[31m'],
    ['a C1 control', '\u0085'],
    ['a tab inside', 'a\tb'],
    ['a line break inside', 'a\nb'],
  ])('%s in a bot name is a 400 too', async (_what, inside) => {
    const answer = await api.post('/bots', { token, body: dcaBot(`x${inside}y`) });
    expect(answer.status).toBe(400);
    expect(answer.body.errors).toEqual([{ field: 'name', message: expect.any(String) }]);
  });

  it('whitespace around a name is trimmed, and any printable Unicode is kept', async () => {
    const name = '  Ünïcödé 🚀 بوت \u202e  \n';
    const answer = await api.post('/bots', { token, body: dcaBot(name) });
    expect(answer.status).toBe(201);
    expect(answer.body.name).toBe('Ünïcödé 🚀 بوت \u202e');
    const label = await api.post('/exchange-accounts', { token, body: account(' main\t') });
    expect(label.status).toBe(201);
    expect(label.body.label).toBe('main');
  });
});
