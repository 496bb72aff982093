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
}

export const ROUTE_SPEC = 'gateway:route-spec';
