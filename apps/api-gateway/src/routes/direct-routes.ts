import { BOT_LIST_ROUTE } from '../bots/bot-list.route';
import type { DirectRoute } from './direct-route';

/** The routes Fastify serves without Nest's router (see DirectRoute). */
export const DIRECT_ROUTES: DirectRoute[] = [BOT_LIST_ROUTE];
