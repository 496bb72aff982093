// One lease-only "worker" of bench:lease-fleet (a child process): a LeaseGroup at the workers'
// default lease timings holding its share of the bots' leases, nothing else. It tells the
// parent (IPC) once it holds them all, and how many it has lost whenever asked.
//   forked by tools/bench/lease-fleet.ts: <redisUrl> <first bot> <count>
import { defaultSafetyMarginMs, LeaseGroup } from '@platform/distributed-lock';
import { WORKER_DEFAULT_TIMINGS } from '@platform/contracts';

const [redisUrl, first, count] = [
  process.argv[2],
  Number(process.argv[3]),
  Number(process.argv[4]),
];
const CLAIMS_AT_ONCE = 64;
const lost = new Map<string, number>(); // by reason

async function main(): Promise<void> {
  const ttlMs = WORKER_DEFAULT_TIMINGS.leaseTtlMs;
  const group = new LeaseGroup({
    redisUrls: [redisUrl],
    ttlMs,
    safetyMarginMs: defaultSafetyMarginMs(ttlMs),
    onLost: (_resource, reason) => lost.set(reason, (lost.get(reason) ?? 0) + 1),
  });
  await group.ready();
  await group.start();
  let next = first;
  const lanes = Array.from({ length: CLAIMS_AT_ONCE }, async () => {
    while (next < first + count) {
      const resource = `bot:${next++}`;
      // nobody else holds these: a refusal is a claim Redis did not answer in time; try again
      for (let attempt = 1; !(await group.tryAcquire(resource)); attempt++)
        if (attempt === 5) throw new Error(`${resource} refused 5 times`);
    }
  });
  await Promise.all(lanes);
  process.send?.({ held: group.size });
  process.on('message', () => process.send?.({ held: group.size, lost: Object.fromEntries(lost) }));
}

main().catch((error: unknown) => {
  console.error(error);
  process.exit(1);
});
