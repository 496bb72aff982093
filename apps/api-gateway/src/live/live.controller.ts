import { Controller, Get, HttpCode, Post, Query, Res } from '@nestjs/common';
import { LiveQuery, StreamTicketView } from '@platform/api-schemas';
import { CurrentUser } from '../auth/current-user.decorator';
import { StreamTickets } from '../auth/stream-tickets';
import type { GatewayResponse, Principal } from '../http/gateway-request';
import { Route } from '../routes/route.decorator';
import { LiveHub } from './live-hub';

@Controller('live')
export class LiveController {
  constructor(
    private readonly hub: LiveHub,
    private readonly tickets: StreamTickets,
  ) {}

  @Post('ticket')
  @HttpCode(201)
  @Route({
    summary: 'A single-use ticket (60 s) to open the live stream from a browser',
    auth: 'user',
    response: StreamTicketView,
  })
  async ticket(@CurrentUser() user: Principal) {
    const { ticket, expiresAt } = await this.tickets.issue(user);
    return { ticket, expiresAt: expiresAt.toISOString() };
  }

  @Get()
  @Route({
    summary: 'Server-sent events about your bots: bot.status, order, trade, ticker',
    description:
      'text/event-stream: `event: <type>` and `data: <json>` per event (types as in libs/contracts live-events.ts), `event: ready` once subscribed, a `: heartbeat` comment every 15 s. Authenticate with the Authorization header, or with ?ticket= from POST /live/ticket (EventSource cannot send headers). Tickers (at most one per market per second) come for the markets of your running bots. At most once: after a reconnect, reload from the API. A client that stops reading is disconnected.',
    auth: 'user',
    ticket: true,
    stream: true,
    query: LiveQuery,
  })
  async stream(
    @CurrentUser() user: Principal,
    @Query() _query: LiveQuery,
    @Res() response: GatewayResponse,
  ) {
    await this.hub.open(user, response);
  }
}
