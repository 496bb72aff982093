// Two api-gateway processes behind a real nginx (the deploy configuration), a steady load of
// authenticated GET requests, and one gateway killed with SIGKILL mid-run. nginx's passive
// health checks and retries of idempotent requests should hide the death from clients.
// Figures only, no assertions. Prints one JSON line.
//   npm run bench:gateway-failover -- [--seconds 20] [--kill-at 7] [--clients 20]
import { freePort } from '@platform/testing';
import {
  parseFlags,
  percentile,
  printFigures,
  progress,
  runBench,
  sleep,
  startStores,
} from './bench-kit';
import { signInBenchUser, startGateway, waitForLiveGateway } from './gateway-under-test';
import { startNginx } from './nginx-child';

const {
  seconds: SECONDS,
  killAt: KILL_AT,
  clients: CLIENTS,
} = parseFlags('npm run bench:gateway-failover --', { seconds: 20, killAt: 7, clients: 20 });
/** The survivor carries all traffic once this many answers in a row came from it alone. */
const SETTLED = 50;
const log = progress('bench:gateway-failover');

interface Sample {
  at: number;
  ms: number;
  ok: boolean;
  upstream: string;
}

async function main() {
  const stores = await startStores();
  const ports = [await freePort(), await freePort()];
  const gateways = ports.map((port) => startGateway(stores, port, { TRUST_PROXY: 'loopback' }));
  const upstreams = ports.map((port) => `127.0.0.1:${port}`);
  let nginx: Awaited<ReturnType<typeof startNginx>> | undefined;
  try {
    await Promise.all(ports.map((port, i) => waitForLiveGateway(gateways[i], port)));
    // which gateway answered, and whether nginx retried (a list "a, b"), for the figures
    nginx = await startNginx(upstreams, '  add_header X-Upstream $upstream_addr always;\n');
    const base = nginx.url;
    const { api, token } = await signInBenchUser(base, 'failover@example.com');
    for (let i = 0; i < 10; i++) {
      const created = await api.post('/bots', {
        token,
        body: {
          name: `bot-${i}`,
          exchangeId: 'binance',
          symbol: 'BTC/USDT',
          timeframe: '1m',
          strategy: 'dca',
          params: { quotePerBuy: 10, intervalSeconds: 60, takeProfitPct: 5 },
        },
      });
      if (created.status !== 201) throw new Error(`bot ${i}: ${created.status} ${created.text}`);
    }

    const samples: Sample[] = [];
    const started = Date.now();
    const end = started + SECONDS * 1000;
    let killedAt = 0;
    const client = async () => {
      while (Date.now() < end) {
        const at = Date.now();
        try {
          const response = await fetch(`${base}/bots`, {
            headers: { authorization: `Bearer ${token}` },
            signal: AbortSignal.timeout(10_000),
          });
          await response.arrayBuffer();
          samples.push({
            at,
            ms: Date.now() - at,
            ok: response.status >= 200 && response.status < 300,
            upstream: response.headers.get('x-upstream') ?? '',
          });
        } catch {
          samples.push({ at, ms: Date.now() - at, ok: false, upstream: '' });
        }
      }
    };
    const killer = (async () => {
      await sleep(KILL_AT * 1000);
      log(`kill -9 the gateway on ${upstreams[0]}`);
      killedAt = Date.now();
      await gateways[0].stop('SIGKILL');
    })();
    log(`${CLIENTS} clients for ${SECONDS} s; killing one gateway at ${KILL_AT} s`);
    await Promise.all([...Array.from({ length: CLIENTS }, client), killer]);

    const failed = samples.filter((s) => !s.ok);
    const after = samples.filter((s) => s.at >= killedAt).sort((a, b) => a.at - b.at);
    const survivorOnly = (s: Sample) => s.ok && s.upstream === upstreams[1];
    let recoveredAt: number | null = null;
    for (let i = 0; i + SETTLED <= after.length; i++)
      if (after.slice(i, i + SETTLED).every(survivorOnly)) {
        recoveredAt = after[i].at;
        break;
      }
    const before = samples.filter((s) => s.at < killedAt);
    printFigures({
      bench: 'gateway-failover',
      seconds: SECONDS,
      clients: CLIENTS,
      requests: samples.length,
      failed: failed.length,
      failed_share: samples.length ? failed.length / samples.length : 0,
      time_to_recover_ms: recoveredAt === null ? null : Math.max(0, recoveredAt - killedAt),
      retried_on_survivor: samples.filter((s) => s.upstream.includes(',')).length,
      share_before_kill: {
        [upstreams[0]]: before.filter((s) => s.upstream === upstreams[0]).length,
        [upstreams[1]]: before.filter((s) => s.upstream === upstreams[1]).length,
      },
      p99_ms_before: percentile(
        before.map((s) => s.ms),
        99,
      ),
      p99_ms_after: percentile(
        after.map((s) => s.ms),
        99,
      ),
      max_ms_after: after.length ? Math.max(...after.map((s) => s.ms)) : null,
    });
  } finally {
    await nginx?.stop();
    await Promise.all(gateways.map((g) => g.kill()));
    await stores.stop();
  }
}

runBench(main);
