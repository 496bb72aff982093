import { type MiddlewareConsumer, Module, type NestModule } from '@nestjs/common';
import { RATE_LIMITS, type RateLimits, RequestGate } from './request-gate';
import { RequestGateMiddleware } from './request-gate.middleware';

/** Per-IP and per-user request limits (and session resolution) in front of every route. */
@Module({})
export class RateLimitModule implements NestModule {
  static forRoot(limits: RateLimits) {
    return {
      module: RateLimitModule,
      providers: [RequestGate, RequestGateMiddleware, { provide: RATE_LIMITS, useValue: limits }],
    };
  }

  configure(consumer: MiddlewareConsumer) {
    consumer.apply(RequestGateMiddleware).forRoutes('{*path}');
  }
}
