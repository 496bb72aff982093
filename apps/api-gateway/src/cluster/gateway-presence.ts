import { readFileSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import {
  type BeforeApplicationShutdown,
  Inject,
  Injectable,
  Logger,
  type OnApplicationBootstrap,
} from '@nestjs/common';
import type { GatewayView } from '@platform/api-schemas';
import { heartbeatIntervalMs } from '@platform/cluster';
import { messageOf } from '@platform/contracts';
import { ServiceIdentity } from '@platform/service-kit';
import { GatewayRegistry } from './gateway-registry';

/** A gateway that stops heartbeating leaves `GET /cluster` this long after its last one. */
export const GATEWAY_TTL_MS = 5000;

/**
 * What this build calls itself: the version in the nearest package.json at or above where it
 * runs (the repository's root under npm start, /app in the image, a project folder in tests).
 */
export function buildVersion(dir = process.cwd()): string {
  for (let at = resolve(dir); ; at = dirname(at)) {
    try {
      const { version } = JSON.parse(readFileSync(join(at, 'package.json'), 'utf8')) as {
        version?: unknown;
      };
      if (typeof version === 'string') return version;
    } catch {
      // no package.json here: look one folder up
    }
    if (dirname(at) === at) return 'unknown';
  }
}

/**
 * Keeps this gateway listed in the registry while it runs: an entry at start, rewritten every
 * second (a third of the TTL at most), removed at shutdown so it leaves the list at once.
 */
@Injectable()
export class GatewayPresence implements OnApplicationBootstrap, BeforeApplicationShutdown {
  private readonly logger = new Logger('cluster');
  private readonly self: GatewayView;
  private timer?: NodeJS.Timeout;
  private failing = false;

  constructor(
    private readonly registry: GatewayRegistry,
    @Inject(ServiceIdentity) identity: ServiceIdentity,
  ) {
    const { instanceId, host, pid, startedAt } = identity;
    this.self = {
      instanceId,
      host,
      pid,
      startedAt: startedAt.toISOString(),
      version: buildVersion(),
    };
  }

  async onApplicationBootstrap(): Promise<void> {
    await this.heartbeat();
    this.timer = setInterval(() => void this.heartbeat(), heartbeatIntervalMs(GATEWAY_TTL_MS));
  }

  async beforeApplicationShutdown(): Promise<void> {
    clearInterval(this.timer);
    await this.registry.deregister(this.self.instanceId).catch(() => undefined);
  }

  /** A failed heartbeat is said once per outage; the next one tries again. */
  private async heartbeat(): Promise<void> {
    try {
      await this.registry.heartbeat(this.self, GATEWAY_TTL_MS);
      if (this.failing) this.logger.log('gateway registry heartbeat works again');
      this.failing = false;
    } catch (error) {
      if (!this.failing) this.logger.warn(`gateway registry heartbeat failed: ${messageOf(error)}`);
      this.failing = true;
    }
  }
}
