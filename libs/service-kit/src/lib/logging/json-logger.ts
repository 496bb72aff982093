import { hostname } from 'node:os';
import type { LoggerService } from '@nestjs/common';
import pino, { type DestinationStream, type Logger as Pino } from 'pino';
import { type LogFields, processLogFields } from './log-fields';
import { type NestLevel, PINO_LEVEL, WIRING_CONTEXTS } from './log-level';
import { REDACT_PATHS, REDACTED, scrubSecrets } from './redaction';
import type { ServiceLog } from './service-log';

const STACK = /\n\s+at /;

/**
 * Nest's logger as pino JSON, one line per event: `level` (name), `time`, `service`, `pid`,
 * `hostname`, `context` (the Nest logger's), the process's fields (worker), a FieldLogger's
 * (bot, user, req), `msg`; secrets redacted.
 */
export class JsonLogger implements LoggerService, ServiceLog {
  private readonly pino: Pino;

  constructor(service: string, level: NestLevel, destination?: DestinationStream) {
    this.pino = pino(
      {
        level: PINO_LEVEL[level],
        base: { service, pid: process.pid, hostname: hostname() },
        timestamp: pino.stdTimeFunctions.isoTime,
        formatters: { level: (label) => ({ level: label }) },
        mixin: processLogFields,
        redact: { paths: REDACT_PATHS, censor: REDACTED },
      },
      destination ?? pino.destination({ dest: 1, sync: true }),
    );
  }

  isEnabled(level: NestLevel): boolean {
    return this.pino.isLevelEnabled(PINO_LEVEL[level]);
  }

  write(level: NestLevel, message: string, context: string, fields: LogFields): void {
    this.emit(level, { context, ...fields }, message);
  }

  log(message: unknown, ...params: unknown[]): void {
    const context = params[params.length - 1];
    // the framework's wiring lines are debug detail (as in the text format)
    const level = typeof context === 'string' && WIRING_CONTEXTS.has(context) ? 'debug' : 'log';
    this.nest(level, message, params);
  }

  error(message: unknown, ...params: unknown[]): void {
    this.nest('error', message, params);
  }

  warn(message: unknown, ...params: unknown[]): void {
    this.nest('warn', message, params);
  }

  debug(message: unknown, ...params: unknown[]): void {
    this.nest('debug', message, params);
  }

  verbose(message: unknown, ...params: unknown[]): void {
    this.nest('verbose', message, params);
  }

  fatal(message: unknown, ...params: unknown[]): void {
    this.nest('fatal', message, params);
  }

  /** A call through Nest's Logger: (message, ...extras, context), an error's stack among the extras. */
  private nest(level: NestLevel, message: unknown, params: unknown[]): void {
    if (!this.isEnabled(level)) return;
    const last = params[params.length - 1];
    const context = params.length > 0 && typeof last === 'string' ? last : undefined;
    const extras = context === undefined ? params : params.slice(0, -1);
    const line: Record<string, unknown> = { context };
    const texts: string[] = [];
    for (const extra of extras) {
      if (extra === undefined) continue;
      if (typeof extra === 'string' && STACK.test(extra)) line['stack'] = extra;
      else if (extra instanceof Error) line['err'] = extra;
      else if (typeof extra === 'object' && extra !== null) Object.assign(line, extra);
      else texts.push(String(extra));
    }
    let text: string;
    if (message instanceof Error) {
      line['err'] = message;
      text = message.message;
    } else if (typeof message === 'object' && message !== null) {
      Object.assign(line, message);
      text = typeof line['msg'] === 'string' ? line['msg'] : '';
      delete line['msg'];
    } else text = String(message);
    if (texts.length) text = `${text} ${texts.join(' ')}`;
    this.emit(level, line, text);
  }

  /** The one way out: an error's stack and the text can quote a secret (pino's paths see keys). */
  private emit(level: NestLevel, line: Record<string, unknown>, text: string): void {
    if (typeof line['stack'] === 'string') line['stack'] = scrubSecrets(line['stack']);
    this.pino[PINO_LEVEL[level]](line, scrubSecrets(text));
  }
}
