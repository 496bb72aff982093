/** One dependency that `/health/ready` verifies (Postgres, Redis, a peer service...). */
export interface ReadinessCheck {
  /** The key under which the result appears, e.g. `database`, `redis`, `bot-worker`. */
  readonly name: string;
  /** Resolves (optionally with details to show) when the dependency is usable; throws when not. */
  check(): Promise<Record<string, unknown> | void>;
  /** Releases connections the check holds; called on shutdown. */
  close?(): Promise<void>;
}

export const READINESS_CHECKS = Symbol('READINESS_CHECKS');
export const HEALTH_CHECK_TIMEOUT_MS = Symbol('HEALTH_CHECK_TIMEOUT_MS');
