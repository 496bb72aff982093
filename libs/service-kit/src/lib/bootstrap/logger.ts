import { ConsoleLogger, type LogLevel } from '@nestjs/common';

const levelsUpTo: Record<string, LogLevel[]> = {
  error: ['fatal', 'error'],
  warn: ['fatal', 'error', 'warn'],
  log: ['fatal', 'error', 'warn', 'log'],
  debug: ['fatal', 'error', 'warn', 'log', 'debug'],
  verbose: ['fatal', 'error', 'warn', 'log', 'debug', 'verbose'],
};

export function createLogger(
  service: string,
  level: string,
  format: 'text' | 'json',
): ConsoleLogger {
  return new ConsoleLogger({
    prefix: service,
    logLevels: levelsUpTo[level] ?? levelsUpTo['log'],
    json: format === 'json',
    colors: format === 'text' && process.stdout.isTTY === true,
  });
}
