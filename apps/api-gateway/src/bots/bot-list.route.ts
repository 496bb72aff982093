import type { INestApplication } from '@nestjs/common';
import { BotList, BotListQuery } from '@platform/api-schemas';
import { directRoute } from '../routes/direct-route';
import { BotsService } from './bots.service';
import { sendPage } from './send-page';

/** GET /bots: a direct route (see DirectRoute), the dashboard's most frequent request. */
export const BOT_LIST_ROUTE = directRoute({
  method: 'GET',
  path: '/bots',
  operationId: 'bots.list',
  spec: {
    summary: 'Your bots, newest first, each with a status summary',
    auth: 'user',
    query: BotListQuery,
    response: BotList,
  },
  answer: (app: INestApplication) => {
    const bots = app.get(BotsService);
    return async ({ caller, query, request, response }) => {
      const page = await bots.list(caller.userId, query, request.botsVersion ?? undefined);
      sendPage(request, response, page);
    };
  },
});
