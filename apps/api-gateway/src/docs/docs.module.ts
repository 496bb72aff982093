import { Module } from '@nestjs/common';
import { DiscoveryModule } from '@nestjs/core';
import { RouteRegistry } from '../routes/route-registry';
import { DocsController } from './docs.controller';

/** /docs and /docs/openapi.json, generated from every route's @Route spec. */
@Module({
  imports: [DiscoveryModule],
  controllers: [DocsController],
  providers: [RouteRegistry],
  exports: [RouteRegistry],
})
export class DocsModule {}
