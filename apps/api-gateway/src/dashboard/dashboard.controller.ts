import { Controller, Get, Req, Res } from '@nestjs/common';
import { ApiError } from '../http/api-error';
import type { GatewayRequest } from '../http/gateway-request';
import { DashboardFiles, type FileResponse, IMMUTABLE, REVALIDATE } from './dashboard-files';
import { DASHBOARD_PATH, dashboardTarget } from './dashboard-target';

/**
 * The web dashboard's files under /app/ (a single-page app: client-side routes get index.html).
 * No @Route: these are pages, not API, so they stay out of the OpenAPI document and the fuzz
 * suite, and need no session (the page signs in through the API).
 */
@Controller()
export class DashboardController {
  constructor(private readonly files: DashboardFiles) {}

  @Get()
  home(@Res() response: FileResponse) {
    response.redirect(`${DASHBOARD_PATH}/`, 302);
  }

  // Fastify's wildcard: everything under /app/ (the controller reads the URL itself)
  @Get(['app', 'app/*'])
  async serve(@Req() request: GatewayRequest, @Res() response: FileResponse): Promise<void> {
    const target = dashboardTarget(request.originalUrl ?? request.url ?? DASHBOARD_PATH);
    switch (target.kind) {
      case 'redirect':
        return void response.redirect(target.location, 301);
      case 'index':
        return this.files.sendIndex(request, response);
      case 'missing':
        throw ApiError.notFound('file');
      case 'file':
        if (await this.files.isFile(target.relativePath))
          return this.files.send(
            request,
            response,
            target.relativePath,
            target.immutable ? IMMUTABLE : REVALIDATE,
          );
        if (target.fallback) return this.files.sendIndex(request, response);
        throw ApiError.notFound('file');
    }
  }
}
