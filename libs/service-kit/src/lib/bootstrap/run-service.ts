import { messageOf } from '@platform/contracts';
import type { INestApplication, LoggerService } from '@nestjs/common';
import { type AbstractHttpAdapter, NestFactory } from '@nestjs/core';
import type { MicroserviceOptions } from '@nestjs/microservices';
import { redisTransportOptions } from '../transport/redis-transport';
import { HttpDrain, type IdleConnectionsOnDrain } from './http-drain';
import { createLogger } from './logger';

export interface RunServiceOptions {
  service: string;
  /** The root module (usually `AppModule.forRoot(config)`). */
  module: Parameters<typeof NestFactory.create>[0];
  http: { host: string; port: number };
  redisUrl: string;
  logLevel: string;
  logFormat: 'text' | 'json';
  shutdownTimeoutMs: number;
  /** The HTTP server (e.g. Nest's FastifyAdapter); Nest's default, Express, without it. */
  httpAdapter?: () => AbstractHttpAdapter;
  /** Configures the HTTP side (middleware, body limits, proxy trust) before it listens. */
  configureHttp?: (app: INestApplication) => void;
  /** Idle keep-alive connections on SIGTERM: `wait` behind a reusing proxy (HttpDrain). */
  idleConnectionsOnDrain?: IdleConnectionsOnDrain;
}

/**
 * Starts a hybrid Nest app: a Redis-transport listener plus an HTTP server (health, API),
 * and stops it gracefully on SIGTERM/SIGINT with exit status 0.
 */
export async function runService(options: RunServiceOptions): Promise<INestApplication> {
  const logger = createLogger(options.service, options.logLevel, options.logFormat);
  const appOptions = {
    logger,
    // Keep-alive and streaming connections must not hold a shutdown open.
    forceCloseConnections: true,
  };
  const app = options.httpAdapter
    ? await NestFactory.create(options.module, options.httpAdapter(), appOptions)
    : await NestFactory.create(options.module, appOptions);
  options.configureHttp?.(app);
  app.connectMicroservice<MicroserviceOptions>(redisTransportOptions(options.redisUrl), {
    inheritAppConfig: true,
  });
  await app.startAllMicroservices();
  const drain = HttpDrain.watch(app.getHttpServer(), options.idleConnectionsOnDrain);
  await app.listen(options.http.port, options.http.host);
  logger.log(
    `ready: http://${options.http.host}:${options.http.port}/health/ready, pid ${process.pid}`,
  );
  stopGracefullyOnSignals(app, drain, logger, options.shutdownTimeoutMs);
  return app;
}

// Nest's own enableShutdownHooks() re-raises the signal after closing, so the process ends
// "killed by SIGTERM" (status 143); supervisors and `npm start` expect a clean 0.
function stopGracefullyOnSignals(
  app: INestApplication,
  drain: HttpDrain,
  logger: LoggerService,
  timeoutMs: number,
) {
  let stopping = false;
  const stop = async (signal: NodeJS.Signals) => {
    if (stopping) return;
    stopping = true;
    logger.log(`${signal} received: stopping`);
    const forced = setTimeout(() => {
      logger.error(`graceful stop took longer than ${timeoutMs} ms: exiting anyway`);
      process.exit(1);
    }, timeoutMs);
    forced.unref();
    try {
      // requests in progress are answered before the modules they need close (half the time)
      const { unanswered } = await drain.drain(timeoutMs / 2);
      if (unanswered > 0) logger.warn(`${unanswered} HTTP requests unanswered after draining`);
      await app.close();
      logger.log('stopped');
      process.exit(0);
    } catch (error) {
      logger.error(`error while stopping: ${messageOf(error)}`);
      process.exit(1);
    }
  };
  process.once('SIGTERM', () => void stop('SIGTERM'));
  process.once('SIGINT', () => void stop('SIGINT'));
}
