import type { z } from 'zod';
import type { InputSchemas } from '../validation/zod-validation.pipe';

/** Who may call a route: anyone, any signed-in user, or admins only. */
export type RouteAccess = 'public' | 'user' | 'admin';

/** What a route is, for validation, the auth guard and the OpenAPI document alike. */
export interface RouteSpec extends InputSchemas {
  summary: string;
  auth: RouteAccess;
  /** The success body, for the document only (responses are not validated at run time). */
  response?: z.ZodType;
  /** More than the summary says (rules, refusals), for the document. */
  description?: string;
  /**
   * Also admits a single-use stream ticket (`?ticket=`, from `POST /live/ticket`) instead of
   * the Authorization header: browsers' EventSource cannot send headers.
   */
  ticket?: boolean;
  /** Answers with server-sent events (`text/event-stream`) instead of JSON. */
  stream?: boolean;
}

export const ROUTE_SPEC = 'gateway:route-spec';
