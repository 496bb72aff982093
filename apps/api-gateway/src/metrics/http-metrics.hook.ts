import type { FastifyInstance } from 'fastify';
import type { HttpMetrics } from './http-metrics';

/**
 * Counts every answered request under its route template (`request.routeOptions.url`, e.g.
 * `/bots/:id`), never the raw URL, which carries ids. Fastify's onResponse runs after the
 * answer is sent, so the count costs the client nothing.
 */
export function countHttpRequests(fastify: FastifyInstance, metrics: HttpMetrics): void {
  fastify.addHook('onResponse', (request, reply, done) => {
    metrics.answered({
      method: request.method,
      route: request.routeOptions.url,
      statusCode: reply.statusCode,
      seconds: reply.elapsedTime / 1000,
    });
    done();
  });
}
