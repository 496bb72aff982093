import type { INestApplication } from '@nestjs/common';
import type { NestFastifyApplication } from '@nestjs/platform-fastify';
import type { FastifyReply, FastifyRequest } from 'fastify';
import type { z } from 'zod';
import { admittedCaller } from '../auth/auth.guard';
import type { GatewayRequest, GatewayResponse, Principal } from '../http/gateway-request';
import { validated } from '../validation/zod-validation.pipe';
import type { RouteSpec } from './route-spec';

/** What a direct route's answer gets: the admitted caller and the checked query. */
export interface DirectInput<Query> {
  caller: Principal;
  query: Query;
  request: GatewayRequest;
  response: GatewayResponse;
}

/**
 * A signed-in read that Fastify serves itself, without Nest's router: for the few routes every
 * dashboard asks all the time (GET /bots), where Nest's per-request steps (an execution
 * context, an async step per parameter, the guard, the pipe) cost about 8 % of the gateway's
 * CPU per request and a quarter of the bytes it allocates (bench:gateway, a CPU profile and a
 * heap sampling of the gateway under it).
 * It is declared with a RouteSpec like every route, and nothing else differs for a client: the
 * OpenAPI document lists it (RouteRegistry), the caller is admitted by the AuthGuard's rule,
 * the query is checked by the same schema as ZodValidationPipe checks, errors reach the same
 * exception filter (Nest installs it as Fastify's error handler), and the gateway's hooks
 * (request id, security headers, CORS, the request gate, ETag, metrics) are Fastify's and run
 * for every route alike. Fastify adds HEAD as it does for Nest's GET routes.
 */
export interface DirectRoute {
  method: 'GET';
  /** Nest-style: /bots. */
  path: string;
  /** As Nest's routes are named in the document: `<controller>.<method>`. */
  operationId: string;
  spec: RouteSpec;
  /** Fastify's handler, given the app's providers. */
  handler(
    app: INestApplication,
  ): (request: FastifyRequest, response: FastifyReply) => Promise<unknown>;
}

/** A direct route whose `answer` gets the caller (admitted as AuthGuard admits) and the checked query. */
export function directRoute<Query>(route: {
  method: 'GET';
  path: string;
  operationId: string;
  spec: RouteSpec & { auth: 'user' | 'admin'; query: z.ZodType<Query> };
  answer(app: INestApplication): (input: DirectInput<Query>) => Promise<void>;
}): DirectRoute {
  const { answer, spec, ...rest } = route;
  return {
    ...rest,
    spec,
    handler: (app) => {
      const answerWith = answer(app);
      return async (request, response) => {
        const gatewayRequest = request as GatewayRequest;
        const caller = admittedCaller(gatewayRequest, spec.auth);
        const query = validated(spec.query, request.query, 'query');
        await answerWith({ caller, query, request: gatewayRequest, response });
        return response;
      };
    },
  };
}

/** Adds the routes to the app's Fastify (before Nest adds its own). */
export function serveDirectRoutes(app: INestApplication, routes: DirectRoute[]): void {
  const fastify = (app as NestFastifyApplication).getHttpAdapter().getInstance();
  for (const route of routes)
    fastify.route({ method: route.method, url: route.path, handler: route.handler(app) });
}
