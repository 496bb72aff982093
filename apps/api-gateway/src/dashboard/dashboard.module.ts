import { type DynamicModule, Module } from '@nestjs/common';
import { DASHBOARD_DIR, DashboardFiles } from './dashboard-files';
import { DashboardController } from './dashboard.controller';

/** Serves the built web dashboard (`dir`: DASHBOARD_DIR) under /app/; `/` leads there. */
@Module({})
export class DashboardModule {
  static forRoot(dir: string): DynamicModule {
    return {
      module: DashboardModule,
      controllers: [DashboardController],
      providers: [DashboardFiles, { provide: DASHBOARD_DIR, useValue: dir }],
    };
  }
}
