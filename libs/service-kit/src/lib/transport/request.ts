import type { ClientProxy } from '@nestjs/microservices';
import { TimeoutError, firstValueFrom, timeout } from 'rxjs';
import { TransportTimeoutError } from './transport-timeout.error';

/**
 * `client.send()` with a deadline. The Redis transport is pub/sub: with nobody listening a
 * plain `send()` waits forever, so every request in this code base goes through here.
 */
export async function request<TReply, TPayload = unknown>(
  client: ClientProxy,
  pattern: string,
  payload: TPayload,
  timeoutMs: number,
): Promise<TReply> {
  try {
    return await firstValueFrom(
      client.send<TReply, TPayload>(pattern, payload).pipe(timeout(timeoutMs)),
    );
  } catch (error) {
    if (error instanceof TimeoutError) throw new TransportTimeoutError(pattern, timeoutMs);
    throw error;
  }
}
