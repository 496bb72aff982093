import type { GatewayView } from '@platform/api-schemas';
import { PresenceRegistry } from '@platform/cluster';

/** Live gateways (`cluster:gateway:<instanceId>`), listed the way bot-workers are. */
export class GatewayRegistry extends PresenceRegistry<GatewayView> {
  constructor(redisUrl: string) {
    super(redisUrl, 'gateway', (gateway) => gateway.instanceId);
  }
}
