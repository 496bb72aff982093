import { Controller } from '@nestjs/common';
import { MessagePattern } from '@nestjs/microservices';
import { MarketDataPatterns, type ServicePingReply } from '@platform/contracts';
import { ServiceIdentity } from '@platform/service-kit';

@Controller()
export class PingController {
  constructor(private readonly identity: ServiceIdentity) {}

  @MessagePattern(MarketDataPatterns.Ping)
  ping(): ServicePingReply {
    return this.identity.toPingReply();
  }
}
