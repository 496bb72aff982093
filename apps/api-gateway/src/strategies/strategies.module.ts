import { Module } from '@nestjs/common';
import { StrategiesController } from './strategies.controller';

/** GET /strategies: what the create and edit forms are built from. */
@Module({ controllers: [StrategiesController] })
export class StrategiesModule {}
