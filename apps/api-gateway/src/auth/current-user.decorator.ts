import { createParamDecorator, type ExecutionContext } from '@nestjs/common';
import { ApiError } from '../http/api-error';
import type { GatewayRequest, Principal } from '../http/gateway-request';

/** The signed-in caller (`{ userId, role, sessionId }`) of a route with `auth: 'user' | 'admin'`. */
export const CurrentUser = createParamDecorator(
  (_: unknown, context: ExecutionContext): Principal => {
    const principal = context.switchToHttp().getRequest<GatewayRequest>().auth;
    // The guard has already refused such a request; this only guards against a route without it.
    if (!principal) throw ApiError.unauthenticated();
    return principal;
  },
);
