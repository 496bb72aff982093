import { type CanActivate, type ExecutionContext, Injectable } from '@nestjs/common';
import { Reflector } from '@nestjs/core';
import { ApiError } from '../http/api-error';
import type { GatewayRequest } from '../http/gateway-request';
import { ROUTE_SPEC, type RouteSpec } from '../routes/route-spec';

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
    if (!request.auth)
      throw request.presentedToken
        ? ApiError.unauthenticated('the session has expired or was revoked: sign in again')
        : ApiError.unauthenticated();
    const spec = this.reflector.get<RouteSpec | undefined>(ROUTE_SPEC, context.getHandler());
    if (spec?.auth === 'admin' && request.auth.role !== 'admin')
      throw ApiError.forbidden('this needs an admin account');
    return true;
  }
}
