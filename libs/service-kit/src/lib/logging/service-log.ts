import { Logger } from '@nestjs/common';
import type { LogFields } from './log-fields';
import type { NestLevel } from './log-level';

/** Where a FieldLogger's lines go: the process's logger (JSON or text), set at start-up. */
export interface ServiceLog {
  write(level: NestLevel, message: string, context: string, fields: LogFields): void;
  isEnabled(level: NestLevel): boolean;
}

let active: ServiceLog | undefined;

export function setServiceLog(log: ServiceLog): void {
  active = log;
}

/** Before a service starts (unit tests build its classes alone): Nest's default logger. */
const nestDefault: ServiceLog = {
  write: (level, message, context, fields) =>
    level === 'error' && fields.stack
      ? Logger.error(message, fields.stack, context)
      : Logger[level](message, context),
  isEnabled: () => true,
};

export const serviceLog = (): ServiceLog => active ?? nestDefault;
