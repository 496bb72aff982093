import { ConsoleLogger, type LogLevel } from '@nestjs/common';

const levelsUpTo: Record<string, LogLevel[]> = {
  error: ['fatal', 'error'],
  warn: ['fatal', 'error', 'warn'],
  log: ['fatal', 'error', 'warn', 'log'],
  debug: ['fatal', 'error', 'warn', 'log', 'debug'],
  verbose: ['fatal', 'error', 'warn', 'log', 'debug', 'verbose'],
};

/** Nest's start-up wiring, one line per module and route: detail for debugging, not news. */
const WIRING_CONTEXTS = new Set(['InstanceLoader', 'RoutesResolver', 'RouterExplorer']);

/** Nest's console logger, with the framework's wiring lines moved down to `debug`. */
class ServiceLogger extends ConsoleLogger {
  override log(message: unknown, ...rest: unknown[]): void {
    const context = rest[rest.length - 1];
    if (typeof context === 'string' && WIRING_CONTEXTS.has(context)) {
      this.debug(message, ...rest);
      return;
    }
    super.log(message, ...rest);
  }
}

export function createLogger(
  service: string,
  level: string,
  format: 'text' | 'json',
): ConsoleLogger {
  return new ServiceLogger({
    prefix: service,
    logLevels: levelsUpTo[level] ?? levelsUpTo['log'],
    json: format === 'json',
    colors: format === 'text' && process.stdout.isTTY === true,
  });
}
