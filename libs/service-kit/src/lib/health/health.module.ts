import {
  type DynamicModule,
  type InjectionToken,
  Module,
  type ModuleMetadata,
} from '@nestjs/common';
import { TerminusModule } from '@nestjs/terminus';
import { HealthController } from './health.controller';
import { HEALTH_CHECK_TIMEOUT_MS, READINESS_CHECKS, type ReadinessCheck } from './readiness-check';

export interface HealthModuleOptions {
  imports?: ModuleMetadata['imports'];
  inject?: InjectionToken[];
  /** Builds the dependencies `/health/ready` verifies. */
  checks: (...deps: never[]) => ReadinessCheck[];
  timeoutMs: number;
}

@Module({})
export class HealthModule {
  static forRoot(options: HealthModuleOptions): DynamicModule {
    return {
      module: HealthModule,
      imports: [
        TerminusModule.forRoot({ errorLogStyle: 'pretty', logger: false }),
        ...(options.imports ?? []),
      ],
      controllers: [HealthController],
      providers: [
        { provide: READINESS_CHECKS, inject: options.inject ?? [], useFactory: options.checks },
        { provide: HEALTH_CHECK_TIMEOUT_MS, useValue: options.timeoutMs },
      ],
    };
  }
}
