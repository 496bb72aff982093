import { stat } from 'node:fs/promises';
import { join } from 'node:path';
import { Inject, Injectable, Logger, type OnModuleInit } from '@nestjs/common';
import send from 'send';
import { ApiError } from '../http/api-error';
import type { GatewayRequest, GatewayResponse } from '../http/gateway-request';

export const DASHBOARD_DIR = Symbol('DASHBOARD_DIR');

const INDEX = 'index.html';
export const IMMUTABLE = 'public, max-age=31536000, immutable';
/** Stored, but asked again each time (answered 304 while the ETag still matches). */
export const REVALIDATE = 'no-cache';

/** Fastify's reply; files go out on its Node response, written by `send`. */
export type FileResponse = GatewayResponse;

const notBuilt = () =>
  new ApiError(
    'not_configured',
    'the dashboard is not built: run `npm run build:dashboard`, then reload this page',
  );

/**
 * The built dashboard on disk. The `send` module (what Express's sendFile is), rooted at the
 * folder, writes the answers: content type, ETag and Last-Modified, 304 on a match, HEAD
 * without a body; it refuses `..` and dotfiles again, behind our own check of the URL.
 */
@Injectable()
export class DashboardFiles implements OnModuleInit {
  private readonly logger = new Logger('dashboard');

  constructor(@Inject(DASHBOARD_DIR) private readonly root: string) {}

  async onModuleInit() {
    if (await this.isFile(INDEX)) this.logger.log(`serving the dashboard from ${this.root}`);
    else this.logger.warn(`no ${INDEX} in ${this.root}: /app/ answers 503 until it is built`);
  }

  /** Whether `relativePath` (already checked: no `..`, no dotfiles) is a regular file. */
  async isFile(relativePath: string): Promise<boolean> {
    try {
      return (await stat(join(this.root, relativePath))).isFile();
    } catch {
      return false;
    }
  }

  /** index.html, asked again by the browser each time so a new build shows at once. */
  async sendIndex(request: GatewayRequest, response: FileResponse): Promise<void> {
    if (!(await this.isFile(INDEX))) throw notBuilt();
    await this.send(request, response, INDEX, REVALIDATE);
  }

  send(
    request: GatewayRequest,
    response: FileResponse,
    relativePath: string,
    cacheControl: string,
  ): Promise<void> {
    response.header('Cache-Control', cacheControl);
    const raw = response.raw;
    return new Promise((resolve, reject) => {
      const file = send(request.raw, encodeURI(relativePath), {
        root: this.root,
        cacheControl: false,
        dotfiles: 'ignore',
        index: false,
      });
      // send writes the Node response itself: the headers the hooks set on the reply go first
      file.on('headers', () => {
        for (const [name, value] of Object.entries(response.getHeaders()))
          if (value !== undefined) raw.setHeader(name, value);
      });
      file.on('error', (error) => {
        // An error after the head left is the client going away: nothing more to answer.
        if (raw.headersSent) return resolve();
        for (const name of raw.getHeaderNames()) raw.removeHeader(name);
        response.removeHeader('Cache-Control');
        // send's 4xx (gone since the check, a dotfile, a bad path) tell the client no more.
        reject((error.status ?? 500) < 500 ? ApiError.notFound('file') : error);
      });
      raw.once('finish', () => resolve());
      raw.once('close', () => resolve());
      file.pipe(raw);
    });
  }
}
