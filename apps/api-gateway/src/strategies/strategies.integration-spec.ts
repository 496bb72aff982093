import { strategyNames } from '@platform/strategies';
import { type GatewayTestBed, startGatewayTestBed } from '../test-support/gateway-test-bed';

describe('GET /strategies', () => {
  let bed: GatewayTestBed;

  beforeAll(async () => {
    bed = await startGatewayTestBed();
  });

  afterAll(() => bed?.close());

  it('needs a session', async () => {
    const answer = await bed.api.get('/strategies');
    expect(answer.status).toBe(401);
    expect(answer.body).toMatchObject({ statusCode: 401, code: 'unauthenticated' });
  });

  it('lists each strategy with its params schema and the candles its defaults need', async () => {
    const token = await bed.api.signIn('strategies@example.com');
    const answer = await bed.api.get('/strategies', { token });
    expect(answer.status).toBe(200);
    expect(answer.body.items.map((item: { name: string }) => item.name)).toEqual([
      ...strategyNames,
    ]);
    expect(answer.body.items[0]).toEqual({
      name: 'sma-cross',
      description: expect.any(String),
      paramsSchema: expect.objectContaining({ type: 'object', additionalProperties: false }),
      candlesNeeded: 22,
    });
  });

  it('is in the OpenAPI document, with its response schema', async () => {
    const { body } = await bed.api.get('/docs/openapi.json');
    const operation = body.paths['/strategies'].get;
    expect(operation.security).toEqual([{ session: [] }]);
    expect(operation.responses['200'].content['application/json'].schema).toMatchObject({
      type: 'object',
      required: ['items'],
      properties: { items: { type: 'array' } },
    });
  });
});
