/** Ids a log line carries where known: worker, bot, user, request; an error's stack. */
export interface LogFields {
  worker?: string;
  bot?: string;
  user?: string;
  /** The request id (the gateway's X-Request-Id). */
  req?: string;
  stack?: string;
  [field: string]: string | number | undefined;
}

// Fields come explicitly (process-wide here, per bot or per request through a FieldLogger), not
// from an AsyncLocalStorage: on Node 20 that turns on promise hooks for every promise of the
// process, a cost the bots' hot loop would pay for the log's sake.
let processFields: LogFields = {};

/** Fields every line of this process carries from now on (bot-worker: its worker id). */
export function setProcessLogFields(fields: LogFields): void {
  processFields = { ...processFields, ...fields };
}

/** What the JSON logger adds to each line. */
export const processLogFields = (): LogFields => processFields;
