/** A write on a bot's behalf carried a fencing token that is no longer the bot's newest. */
export class StaleFenceTokenError extends Error {
  constructor(
    readonly botId: string,
    readonly fenceToken: string,
  ) {
    super(`bot ${botId}: fencing token ${fenceToken} is superseded; a newer owner exists`);
    this.name = 'StaleFenceTokenError';
  }
}
