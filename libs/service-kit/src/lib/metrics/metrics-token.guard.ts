import { createHash, timingSafeEqual } from 'node:crypto';
import {
  type CanActivate,
  type ExecutionContext,
  Inject,
  Injectable,
  UnauthorizedException,
} from '@nestjs/common';

export const METRICS_TOKEN = Symbol('METRICS_TOKEN');

// Hashing both sides first gives equal lengths, so the comparison takes the same time whatever
// the presented token is (timingSafeEqual refuses buffers of different lengths).
const digest = (value: string) => createHash('sha256').update(value).digest();

/** True when `header` is `Bearer <token>`; compared in constant time. */
export function bearerMatches(header: string | undefined, token: string): boolean {
  const presented = /^Bearer\s+(\S+)\s*$/i.exec(header ?? '')?.[1] ?? '';
  return timingSafeEqual(digest(presented), digest(token)) && presented !== '';
}

/** With METRICS_TOKEN set, `/metrics` answers only a scraper presenting it (401 otherwise). */
@Injectable()
export class MetricsTokenGuard implements CanActivate {
  constructor(@Inject(METRICS_TOKEN) private readonly token: string) {}

  canActivate(context: ExecutionContext): boolean {
    if (this.token === '') return true;
    const request = context.switchToHttp().getRequest<{ headers: Record<string, unknown> }>();
    const header = request.headers['authorization'];
    if (bearerMatches(typeof header === 'string' ? header : undefined, this.token)) return true;
    throw new UnauthorizedException('a valid metrics token is required');
  }
}
