import { type CanActivate, type ExecutionContext, Injectable } from '@nestjs/common';
import { Reflector } from '@nestjs/core';
import { ApiError } from '../http/api-error';
import type { GatewayRequest, Principal } from '../http/gateway-request';
import { ROUTE_SPEC, type RouteAccess, type RouteSpec } from '../routes/route-spec';

/**
 * The caller of a route for `access` ('user' or 'admin'): 401 without a valid session, 403
 * when the route is for admins. (The guard of Nest's routes and the routes Fastify serves
 * itself apply this one rule.)
 */
export function admittedCaller(request: GatewayRequest, access: RouteAccess): Principal {
  if (!request.auth)
    throw request.presentedToken
      ? ApiError.unauthenticated('the session has expired or was revoked: sign in again')
      : ApiError.unauthenticated();
  if (access === 'admin' && request.auth.role !== 'admin')
    throw ApiError.forbidden('this needs an admin account');
  return request.auth;
}

/**
 * Admits a request whose session the request gate resolved (no Redis call here: the gate
 * looked the token up in the same round trip as the rate limits). 401 without a valid session,
 * 403 when the route is for admins.
 */
@Injectable()
export class AuthGuard implements CanActivate {
  constructor(private readonly reflector: Reflector) {}

  canActivate(context: ExecutionContext): boolean {
    const request = context.switchToHttp().getRequest<GatewayRequest>();
    const spec = this.reflector.get<RouteSpec | undefined>(ROUTE_SPEC, context.getHandler());
    admittedCaller(request, spec?.auth ?? 'user');
    return true;
  }
}
