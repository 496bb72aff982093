import { messageOf } from '@platform/contracts';
import { Controller, Get, Inject, type OnApplicationShutdown, UseFilters } from '@nestjs/common';
import { HealthCheck, HealthCheckService, HealthIndicatorService } from '@nestjs/terminus';
import { HEALTH_CHECK_TIMEOUT_MS, READINESS_CHECKS, type ReadinessCheck } from './readiness-check';
import { HealthExceptionFilter } from './health-exception.filter';
import { withTimeout } from './with-timeout';
import { HttpDrain } from '../bootstrap/http-drain';

/**
 * `/health/live`: the process answers (a load balancer or supervisor restarts it when not).
 * `/health/ready`: every dependency answers; 503 names the failing ones, so a load balancer
 * stops sending traffic here until they are back. No restart is needed to become ready again.
 */
@Controller('health')
@UseFilters(HealthExceptionFilter)
export class HealthController implements OnApplicationShutdown {
  constructor(
    private readonly health: HealthCheckService,
    private readonly indicators: HealthIndicatorService,
    @Inject(READINESS_CHECKS) private readonly checks: ReadinessCheck[],
    @Inject(HEALTH_CHECK_TIMEOUT_MS) private readonly timeoutMs: number,
  ) {}

  @Get('live')
  @HealthCheck()
  live() {
    return this.health.check([]);
  }

  @Get('ready')
  @HealthCheck()
  ready() {
    // stopping (SIGTERM): balancers that probe stop sending here while requests drain
    if (HttpDrain.isDraining)
      return this.health.check([() => this.indicators.check('shutdown').down({ draining: true })]);
    return this.health.check(this.checks.map((check) => () => this.run(check)));
  }

  private async run(check: ReadinessCheck) {
    const indicator = this.indicators.check(check.name);
    try {
      const details = await withTimeout(
        check.check(),
        this.timeoutMs,
        `no answer within ${this.timeoutMs} ms`,
      );
      return indicator.up(details ?? {});
    } catch (error) {
      return indicator.down({ message: messageOf(error) });
    }
  }

  async onApplicationShutdown() {
    await Promise.allSettled(this.checks.map((check) => check.close?.()));
  }
}
