/** Someone else holds the resource (or a quorum of Redis masters could not be reached). */
export class LeaseUnavailableError extends Error {
  constructor(
    readonly resource: string,
    cause?: unknown,
  ) {
    super(`lease on ${resource} is not available`, { cause });
    this.name = 'LeaseUnavailableError';
  }
}

/** The lease could not be renewed: it expired, was taken over, or Redis is unreachable. */
export class LeaseLostError extends Error {
  constructor(
    readonly resource: string,
    reason: string,
  ) {
    super(`lease on ${resource} lost: ${reason}`);
    this.name = 'LeaseLostError';
  }
}
