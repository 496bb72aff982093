import { applyDecorators, SetMetadata, UseGuards, UsePipes } from '@nestjs/common';
import { AuthGuard } from '../auth/auth.guard';
import { StreamTicketGuard } from '../auth/stream-ticket.guard';
import { ZodValidationPipe } from '../validation/zod-validation.pipe';
import { ROUTE_SPEC, type RouteSpec } from './route-spec';

/**
 * Every API route says here who may call it and what it takes: the guard checks the session
 * and role, the pipe validates body/query/params with the schemas, and the OpenAPI document
 * is built from the same spec (so docs and validation cannot drift apart).
 */
export function Route(spec: RouteSpec) {
  return applyDecorators(
    SetMetadata(ROUTE_SPEC, spec),
    UsePipes(new ZodValidationPipe(spec)),
    // A ticket, when the route takes one, is turned into the caller before the auth guard looks.
    ...(spec.auth === 'public'
      ? []
      : [UseGuards(...(spec.ticket ? [StreamTicketGuard] : []), AuthGuard)]),
  );
}
