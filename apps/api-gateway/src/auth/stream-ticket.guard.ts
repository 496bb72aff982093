import { type CanActivate, type ExecutionContext, Injectable } from '@nestjs/common';
import { ApiError } from '../http/api-error';
import type { GatewayRequest } from '../http/gateway-request';
import { StreamTickets } from './stream-tickets';

/**
 * For routes that take a stream ticket: a request without a session but with `?ticket=`
 * becomes the ticket's user (the auth guard after it then admits it). An invalid ticket is a
 * 401 of its own, so a client knows to ask for a new one rather than to sign in again.
 */
@Injectable()
export class StreamTicketGuard implements CanActivate {
  constructor(private readonly tickets: StreamTickets) {}

  async canActivate(context: ExecutionContext): Promise<boolean> {
    const request = context.switchToHttp().getRequest<GatewayRequest & { query?: unknown }>();
    if (request.auth) return true;
    const ticket = (request.query as Record<string, unknown> | undefined)?.['ticket'];
    if (ticket === undefined) return true; // the auth guard answers 401
    const principal = typeof ticket === 'string' ? await this.tickets.consume(ticket) : null;
    if (!principal)
      throw ApiError.unauthenticated(
        'the stream ticket is unknown, used or expired: get a new one from POST /live/ticket',
      );
    request.auth = principal;
    return true;
  }
}
