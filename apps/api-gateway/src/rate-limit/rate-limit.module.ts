import { Module } from '@nestjs/common';
import { RATE_LIMITS, type RateLimits, RequestGate } from './request-gate';
import { RequestGateHook } from './request-gate.hook';

/**
 * Per-IP and per-user request limits (and session resolution) in front of every route: the
 * hook configureHttp places on every request.
 */
@Module({})
export class RateLimitModule {
  static forRoot(limits: RateLimits) {
    return {
      module: RateLimitModule,
      providers: [RequestGate, RequestGateHook, { provide: RATE_LIMITS, useValue: limits }],
      exports: [RequestGateHook],
    };
  }
}
