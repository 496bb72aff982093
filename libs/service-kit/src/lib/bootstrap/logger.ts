import { ConsoleLogger, type LoggerService, type LogLevel } from '@nestjs/common';
import { JsonLogger } from '../logging/json-logger';
import type { LogFields } from '../logging/log-fields';
import { type NestLevel, WIRING_CONTEXTS } from '../logging/log-level';
import { scrubSecrets } from '../logging/redaction';
import { type ServiceLog, setServiceLog } from '../logging/service-log';

const levelsUpTo: Record<string, LogLevel[]> = {
  error: ['fatal', 'error'],
  warn: ['fatal', 'error', 'warn'],
  log: ['fatal', 'error', 'warn', 'log'],
  debug: ['fatal', 'error', 'warn', 'log', 'debug'],
  verbose: ['fatal', 'error', 'warn', 'log', 'debug', 'verbose'],
};

/**
 * Nest's console logger for people at a terminal, with the framework's wiring lines moved down
 * to `debug` and secrets scrubbed from the text. (Fields are for collectors: a bot's lines
 * already name the bot in their text.)
 */
class ServiceLogger extends ConsoleLogger implements ServiceLog {
  override log(message: unknown, ...rest: unknown[]): void {
    const context = rest[rest.length - 1];
    if (typeof context === 'string' && WIRING_CONTEXTS.has(context)) {
      this.debug(message, ...rest);
      return;
    }
    super.log(message, ...rest);
  }

  protected override stringifyMessage(message: unknown, logLevel: LogLevel): unknown {
    const text: unknown = super.stringifyMessage(message, logLevel);
    return typeof text === 'string' ? scrubSecrets(text) : text;
  }

  // an error's stack starts with its message, which can quote a secret as well
  protected override printStackTrace(stack: string): void {
    super.printStackTrace(scrubSecrets(stack));
  }

  write(level: NestLevel, message: string, context: string, fields: LogFields): void {
    if (level === 'error' && fields.stack) this.error(message, fields.stack, context);
    else this[level](message, context);
  }

  isEnabled(level: NestLevel): boolean {
    return this.isLevelEnabled(level);
  }
}

/**
 * The process's logger (also where FieldLoggers write): readable text, or pino JSON lines for
 * log collectors (LOG_FORMAT=json).
 */
export function createLogger(
  service: string,
  level: string,
  format: 'text' | 'json',
): LoggerService {
  const nestLevel = (level in levelsUpTo ? level : 'log') as NestLevel;
  const logger =
    format === 'json'
      ? new JsonLogger(service, nestLevel)
      : new ServiceLogger({
          prefix: service,
          logLevels: levelsUpTo[nestLevel],
          colors: process.stdout.isTTY === true,
        });
  setServiceLog(logger);
  return logger;
}
