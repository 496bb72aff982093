import { stat } from 'node:fs/promises';
import { join } from 'node:path';
import { Inject, Injectable, Logger, type OnModuleInit } from '@nestjs/common';
import { ApiError } from '../http/api-error';
import type { GatewayResponse } from '../http/gateway-request';

export const DASHBOARD_DIR = Symbol('DASHBOARD_DIR');

const INDEX = 'index.html';
export const IMMUTABLE = 'public, max-age=31536000, immutable';
/** Stored, but asked again each time (answered 304 while the ETag still matches). */
export const REVALIDATE = 'no-cache';

interface SendFileOptions {
  root: string;
  cacheControl: boolean;
  dotfiles: 'ignore';
  index: false;
}

/** Express's response (the app has no @types/express): `sendFile` is its `send` module. */
export type FileResponse = GatewayResponse & {
  sendFile(
    path: string,
    options: SendFileOptions,
    done: (error?: Error & { status?: number }) => void,
  ): void;
  redirect(status: number, location: string): void;
};

const notBuilt = () =>
  new ApiError(
    'not_configured',
    'the dashboard is not built: run `npm run build:dashboard`, then reload this page',
  );

/**
 * The built dashboard on disk. Express's `sendFile` (the `send` module, rooted at the folder)
 * writes the answers: content type, ETag and Last-Modified, 304 on a match, HEAD without a
 * body; it refuses `..` and dotfiles again, behind our own check of the URL.
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
  async sendIndex(response: FileResponse): Promise<void> {
    if (!(await this.isFile(INDEX))) throw notBuilt();
    await this.send(response, INDEX, REVALIDATE);
  }

  send(response: FileResponse, relativePath: string, cacheControl: string): Promise<void> {
    response.setHeader('Cache-Control', cacheControl);
    const options: SendFileOptions = {
      root: this.root,
      cacheControl: false,
      dotfiles: 'ignore',
      index: false,
    };
    return new Promise((resolve, reject) => {
      response.sendFile(relativePath, options, (error?: Error & { status?: number }) => {
        // An error after the head left is the client going away: nothing more to answer.
        if (!error || response.headersSent) return resolve();
        response.removeHeader('Cache-Control');
        // send's 4xx (gone since the check, a dotfile, a bad path) tell the client no more.
        reject((error.status ?? 500) < 500 ? ApiError.notFound('file') : error);
      });
    });
  }
}
