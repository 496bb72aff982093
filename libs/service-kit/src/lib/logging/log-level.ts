/** Nest's log levels as LOG_LEVEL names them, lowest first. */
export type NestLevel = 'fatal' | 'error' | 'warn' | 'log' | 'debug' | 'verbose';

/** The pino level of each Nest level: `log` is `info`, `verbose` is `trace`. */
export const PINO_LEVEL = {
  fatal: 'fatal',
  error: 'error',
  warn: 'warn',
  log: 'info',
  debug: 'debug',
  verbose: 'trace',
} as const satisfies Record<NestLevel, string>;

/** Nest's start-up wiring, one line per module and route: detail for debugging, not news. */
export const WIRING_CONTEXTS = new Set(['InstanceLoader', 'RoutesResolver', 'RouterExplorer']);
