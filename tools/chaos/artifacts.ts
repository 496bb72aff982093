import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import type { InjectedFault } from './faults';
import type { BotFailover } from './history';
import type { Worker } from './workers';

/**
 * `--logs DIR`: each worker's whole output, market-data's, and faults.jsonl with one line per fault (when,
 * which worker, and per bot it hit: the token it held and its failover in ms, null if it kept
 * running under that token), to look behind a percentile.
 */
export function writeArtifacts(
  dir: string,
  workers: readonly Worker[],
  faults: readonly InjectedFault[],
  perBot: readonly BotFailover[],
  marketDataOutput = '',
): void {
  mkdirSync(dir, { recursive: true });
  writeFileSync(join(dir, 'market-data.log'), marketDataOutput);
  for (const w of workers)
    writeFileSync(join(dir, `worker-${w.n}-pid${w.pid}.log`), w.process.output);
  const lines = faults.map((fault, index) => {
    const bots = perBot.filter((b) => b.fault === index);
    return JSON.stringify({
      n: index + 1,
      kind: fault.record.kind,
      at: new Date(fault.record.atUs / 1000).toISOString(),
      ended: new Date(fault.endUs / 1000).toISOString(),
      target: fault.target,
      worker_id: fault.record.workerId,
      bots: Object.fromEntries(bots.map((b) => [b.botId, { token: b.token, failover_ms: b.ms }])),
    });
  });
  writeFileSync(join(dir, 'faults.jsonl'), lines.map((line) => `${line}\n`).join(''));
}
