import { ClientProxyFactory, type ClientProxy } from '@nestjs/microservices';
import { NestFactory } from '@nestjs/core';
import { Controller, type INestMicroservice, Module } from '@nestjs/common';
import { MessagePattern } from '@nestjs/microservices';
import { redisTransportOptions } from './redis-transport';
import { request } from './request';
import { TransportTimeoutError } from './transport-timeout.error';

// Real Redis (REDIS_URL or the local default); channels are namespaced per run so parallel
// test runs do not answer each other.
const redisUrl = process.env['REDIS_URL'] || 'redis://127.0.0.1:6379';
const pattern = `test-${process.pid}-${Date.now()}.echo`;

@Controller()
class EchoController {
  @MessagePattern(pattern)
  echo(payload: { text: string }) {
    return { echoed: payload.text };
  }
}

@Module({ controllers: [EchoController] })
class EchoModule {}

describe('request over the Redis transport', () => {
  let client: ClientProxy;

  beforeAll(() => {
    client = ClientProxyFactory.create(redisTransportOptions(redisUrl));
  });

  afterAll(async () => {
    await client.close();
  });

  it('fails with a TransportTimeoutError in bounded time when no service answers', async () => {
    const started = Date.now();
    const error = await request(client, `${pattern}.nobody`, {}, 300).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(TransportTimeoutError);
    expect((error as Error).message).toContain(`no reply to "${pattern}.nobody" within 300 ms`);
    // bounded: the deadline, not forever (generous margin for a loaded machine)
    expect(Date.now() - started).toBeLessThan(5000);
  });

  describe('with a listener', () => {
    let server: INestMicroservice;

    beforeAll(async () => {
      server = await NestFactory.createMicroservice(EchoModule, {
        ...redisTransportOptions(redisUrl),
        logger: false,
      });
      await server.listen();
    });

    afterAll(async () => {
      await server.close();
    });

    it('returns the reply', async () => {
      await expect(request(client, pattern, { text: 'hi' }, 3000)).resolves.toEqual({
        echoed: 'hi',
      });
    });
  });
});
