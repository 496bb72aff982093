import { ErrorBodySchema } from '@platform/api-schemas';
import { plansTable } from '../auth/subscription-plans';
import type { RegisteredRoute } from '../routes/route-registry';
import type { RouteSpec } from '../routes/route-spec';
import { jsonSchema, objectProperties } from './json-schema';

export interface OpenApiDocument {
  openapi: '3.1.0';
  info: { title: string; version: string; description: string };
  paths: Record<string, Record<string, unknown>>;
  components: Record<string, unknown>;
}

const errorResponse = {
  description: 'an error, in the one error shape',
  content: { 'application/json': { schema: { $ref: '#/components/schemas/Error' } } },
};

const description = (spec: RouteSpec) =>
  [spec.auth === 'admin' ? 'Admins only (403 for other users).' : '', spec.description ?? '']
    .filter(Boolean)
    .join(' ');

function operation(route: RegisteredRoute, spec: RouteSpec) {
  const parameters = [
    ...(spec.params
      ? objectProperties(spec.params).map((p) => ({ ...p, in: 'path', required: true }))
      : []),
    ...(spec.query ? objectProperties(spec.query).map((p) => ({ ...p, in: 'query' })) : []),
  ];
  return {
    operationId: route.operationId,
    summary: spec.summary,
    tags: [route.path.split('/')[1]],
    security:
      spec.auth === 'public'
        ? []
        : [{ session: [] }, ...(spec.ticket ? [{ streamTicket: [] }] : [])],
    ...(description(spec) && { description: description(spec) }),
    ...(parameters.length > 0 && { parameters }),
    ...(spec.body && {
      requestBody: {
        required: true,
        content: { 'application/json': { schema: jsonSchema(spec.body, 'input') } },
      },
    }),
    responses: {
      [route.status]: {
        description: route.status === 204 ? 'done, no body' : 'success',
        ...(spec.stream && {
          content: { 'text/event-stream': { schema: { type: 'string' } } },
        }),
        ...(spec.response && {
          content: { 'application/json': { schema: jsonSchema(spec.response, 'output') } },
        }),
      },
      default: errorResponse,
    },
  };
}

/** The API as OpenAPI 3.1, from the routes' specs (routes without one, the health probes, are left out). */
export function buildOpenApiDocument(routes: RegisteredRoute[]): OpenApiDocument {
  const paths: OpenApiDocument['paths'] = {};
  for (const route of routes) {
    if (!route.spec) continue;
    paths[route.path] = {
      ...paths[route.path],
      [route.method.toLowerCase()]: operation(route, route.spec),
    };
  }
  return {
    openapi: '3.1.0',
    info: {
      title: 'Trading platform API',
      version: '1',
      description: [
        'Every error has the shape of components.schemas.Error; every response carries X-Request-Id.',
        '## Plans',
        'Each account has a plan (`GET /auth/me`; admins change it with `PATCH /admin/users/{id}/plan`). A start, a new bot or a new exchange account beyond its limit is refused with 403 `plan_limit`; stored bots are those not deleted. A paid plan past its validUntil has the free limits.',
        plansTable(),
      ].join('\n\n'),
    },
    paths,
    components: {
      securitySchemes: {
        session: { type: 'http', scheme: 'bearer', description: 'the token from POST /auth/login' },
        streamTicket: {
          type: 'apiKey',
          in: 'query',
          name: 'ticket',
          description: 'a single-use ticket from POST /live/ticket (valid 60 s), for EventSource',
        },
      },
      schemas: { Error: jsonSchema(ErrorBodySchema, 'output') },
    },
  };
}
