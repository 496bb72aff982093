import type { LogFields } from './log-fields';
import type { NestLevel } from './log-level';
import { serviceLog } from './service-log';

/**
 * Nest's `Logger` with fields: each line carries `fields` (e.g. `{ bot, user }`) as JSON keys
 * when LOG_FORMAT=json, plus any given per call; the text format prints the message as before.
 * Built once per bot, not per line.
 */
export class FieldLogger {
  constructor(
    private readonly context: string,
    private readonly fields: LogFields = {},
  ) {}

  /** The same logger with more fields (e.g. the user once the bot is loaded). */
  with(fields: LogFields): FieldLogger {
    return new FieldLogger(this.context, { ...this.fields, ...fields });
  }

  log(message: string, fields?: LogFields): void {
    this.write('log', message, fields);
  }

  warn(message: string, fields?: LogFields): void {
    this.write('warn', message, fields);
  }

  error(message: string, fields?: LogFields): void {
    this.write('error', message, fields);
  }

  debug(message: string, fields?: LogFields): void {
    this.write('debug', message, fields);
  }

  verbose(message: string, fields?: LogFields): void {
    this.write('verbose', message, fields);
  }

  private write(level: NestLevel, message: string, fields?: LogFields): void {
    const log = serviceLog();
    if (!log.isEnabled(level)) return;
    log.write(level, message, this.context, fields ? { ...this.fields, ...fields } : this.fields);
  }
}
