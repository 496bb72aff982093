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
    response.redirect(302, `${DASHBOARD_PATH}/`);
  }

  @Get(['app', 'app/*path'])
  async serve(@Req() request: GatewayRequest, @Res() response: FileResponse): Promise<void> {
    const target = dashboardTarget(request.originalUrl ?? request.url ?? DASHBOARD_PATH);
    switch (target.kind) {
      case 'redirect':
        return response.redirect(301, target.location);
      case 'index':
        return this.files.sendIndex(response);
      case 'missing':
        throw ApiError.notFound('file');
      case 'file':
        if (await this.files.isFile(target.relativePath))
          return this.files.send(
            response,
            target.relativePath,
            target.immutable ? IMMUTABLE : REVALIDATE,
          );
        if (target.fallback) return this.files.sendIndex(response);
        throw ApiError.notFound('file');
    }
  }
}
