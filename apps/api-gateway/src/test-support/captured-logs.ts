import type { LoggerService } from '@nestjs/common';

/** A Nest logger that keeps every line, so tests can search the gateway's logs. */
export class CapturedLogs implements LoggerService {
  readonly lines: string[] = [];

  private keep(level: string, message: unknown, rest: unknown[]) {
    const parts = [message, ...rest].map((part) =>
      part instanceof Error
        ? `${part.message}\n${part.stack}`
        : typeof part === 'string'
          ? part
          : JSON.stringify(part),
    );
    this.lines.push(`${level} ${parts.join(' ')}`);
  }

  log = (message: unknown, ...rest: unknown[]) => this.keep('LOG', message, rest);
  error = (message: unknown, ...rest: unknown[]) => this.keep('ERROR', message, rest);
  warn = (message: unknown, ...rest: unknown[]) => this.keep('WARN', message, rest);
  debug = (message: unknown, ...rest: unknown[]) => this.keep('DEBUG', message, rest);
  verbose = (message: unknown, ...rest: unknown[]) => this.keep('VERBOSE', message, rest);
  fatal = (message: unknown, ...rest: unknown[]) => this.keep('FATAL', message, rest);

  get text(): string {
    return this.lines.join('\n');
  }
}
