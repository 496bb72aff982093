import { randomBytes } from 'node:crypto';
import { hostname } from 'node:os';
import type { ServiceName, ServicePingReply } from '@platform/contracts';

/** Who this process is; replicas on many notebooks are told apart by `instanceId`. */
export class ServiceIdentity {
  readonly host = hostname();
  readonly pid = process.pid;
  readonly startedAt = new Date();
  readonly instanceId: string;

  constructor(readonly service: ServiceName) {
    this.instanceId = `${service}-${this.host}-${this.pid}-${randomBytes(3).toString('hex')}`;
  }

  toPingReply(): ServicePingReply {
    return {
      service: this.service,
      instanceId: this.instanceId,
      host: this.host,
      pid: this.pid,
      startedAt: this.startedAt.toISOString(),
    };
  }
}
