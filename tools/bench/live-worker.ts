// The worker side of bench:live: a process that publishes bot events the way a bot-worker
// does (LivePublisher: one PUBLISH on the user's channel), one per user per round, each
// stamped with when it was published. Driven by its parent over IPC; not run on its own.
import { botStatusEvent } from '@platform/contracts';
import { LivePublisher } from '@platform/service-kit';

export type WorkerCommand =
  | { kind: 'publish'; round: number; users: { userId: string; botId: string }[] }
  | { kind: 'close' };

const publisher = LivePublisher.connect(process.env['REDIS_URL'] as string);

process.on('message', (message: WorkerCommand) => {
  if (message.kind === 'close') {
    void publisher.close().then(() => process.exit(0));
    return;
  }
  for (const { userId, botId } of message.users) {
    const sentAt = performance.timeOrigin + performance.now();
    publisher.publish(
      userId,
      botStatusEvent(botId, 'running', {
        workerId: 'bench-worker',
        reason: `bench ${message.round} ${sentAt.toFixed(3)}`,
      }),
    );
  }
  process.send?.({ kind: 'published', round: message.round });
});
process.send?.({ kind: 'ready' });
