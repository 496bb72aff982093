import type { ClientProxy } from '@nestjs/microservices';
import type { ServicePingReply } from '@platform/contracts';
import { type ReadinessCheck, request } from '@platform/service-kit';

/**
 * A peer service answers over the Redis transport. With several replicas the first answer
 * wins; with none the request times out and the check is down, naming the service.
 */
export class PeerServiceCheck implements ReadinessCheck {
  constructor(
    readonly name: string,
    private readonly client: ClientProxy,
    private readonly pingPattern: string,
    private readonly timeoutMs: number,
  ) {}

  async check() {
    const reply = await request<ServicePingReply>(
      this.client,
      this.pingPattern,
      {},
      this.timeoutMs,
    );
    return { instance: reply.instanceId };
  }
}
