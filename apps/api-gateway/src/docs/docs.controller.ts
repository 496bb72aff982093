import { Controller, Get, Header } from '@nestjs/common';
import { RouteRegistry } from '../routes/route-registry';
import { Route } from '../routes/route.decorator';
import { renderDocsPage } from './docs-page';
import { buildOpenApiDocument, type OpenApiDocument } from './openapi-document';

@Controller('docs')
export class DocsController {
  private document?: OpenApiDocument;
  private page?: string;

  constructor(private readonly registry: RouteRegistry) {}

  @Get('openapi.json')
  @Route({ summary: 'This API as an OpenAPI 3.1 document', auth: 'public' })
  openApi() {
    this.document ??= buildOpenApiDocument(this.registry.routes());
    return this.document;
  }

  @Get()
  @Header('Content-Type', 'text/html; charset=utf-8')
  @Route({ summary: 'The routes, for people, with a link to the OpenAPI document', auth: 'public' })
  docs() {
    this.page ??= renderDocsPage(this.registry.routes());
    return this.page;
  }
}
