// Throughput of the api-gateway on its most common read: an authenticated GET /bots (a user
// with 50 bots, one page with their status) at 100 connections, against a bare node:http
// hello world measured in the same run on this machine, the same way (autocannon in a
// process of its own, each server in its own). Also a bare node:http sending the very bytes of
// the gateway's answer (its body and its headers: the security headers, ETag, rate-limit
// headers, request id), for what node alone does with that response here (`ratio_same_page`),
// and one sending the same body with only a Content-Type (`ratio_same_body`), for what the
// headers cost. Every server's CPU use during its run is reported (% of one core) and per
// request (µs): on a small machine autocannon, Redis and Postgres share the cores with the
// server. Figures only, no assertions. Prints one JSON line.
// Each server gets `--seconds` of load in `--slices` slices taken in turn (gateway, hello world,
// same page, same body, gateway, ...), so a burst of other work on the machine falls on all
// alike rather than on whichever ran then; p50/p99 are the median slice's.
//   npm run bench:gateway -- [--seconds 10] [--connections 100] [--pool 10] [--cache-ms 1000]
//                            [--warmup-seconds 2] [--slices 5]
// --cache-ms 0 turns the gateway's GET /bots cache off (every request queries Postgres).
// BENCH_CPU_PROF_DIR=<dir> in the environment: the gateway writes a V8 CPU profile there when
// it stops (node --cpu-prof), to see what the route costs (see gateway-under-test.ts).
import { cpus } from 'node:os';
import { freePort, seedRuntime, withPgClient } from '@platform/testing';
import { parseFlags, printFigures, progress, runBench, sleep, startStores } from './bench-kit';
import { signInBenchUser, startGateway, waitForLiveGateway } from './gateway-under-test';
import { combineSlices, load, loadMeasuringCpu, startBareServer, startHelloWorld } from './load';

const {
  seconds: SECONDS,
  connections: CONNECTIONS,
  pool: POOL,
  cacheMs: CACHE_MS,
  warmupSeconds: WARMUP_SECONDS,
  slices: SLICES,
} = parseFlags('npm run bench:gateway --', {
  seconds: 10,
  connections: 100,
  pool: 10,
  cacheMs: 1000,
  warmupSeconds: 2,
  slices: 5,
});
const BOTS = 50;
const log = progress('bench:gateway');

const setPlan = (url: string, email: string, plan: string, maxBots: number) =>
  withPgClient(url, (sql) =>
    sql.query(
      `UPDATE subscriptions SET plan = $2, max_bots = $3 WHERE user_id = (SELECT id FROM users WHERE email = $1)`,
      [email, plan, maxBots],
    ),
  );

// Node writes these itself on every answer (Date changes, the rest follows the connection).
const ADDED_BY_NODE = new Set([
  'date',
  'connection',
  'keep-alive',
  'content-length',
  'transfer-encoding',
]);

/** The headers of the gateway's answer that a bare server must send to send the same bytes. */
const answerHeaders = (headers: Headers): Record<string, string> =>
  Object.fromEntries([...headers].filter(([name]) => !ADDED_BY_NODE.has(name)));

/** The server's CPU time per answered request, in µs. */
const cpuPerRequest = ({ server_cpu_pct, rps }: { server_cpu_pct: number | null; rps: number }) =>
  server_cpu_pct === null || rps === 0 ? null : Math.round((server_cpu_pct * 10_000) / rps);

async function main() {
  const stores = await startStores();
  const { db } = stores;
  const port = await freePort();
  const gateway = startGateway(stores, port, {
    GATEWAY_DATABASE_POOL_SIZE: String(POOL),
    BOTS_LIST_CACHE_MS: String(CACHE_MS),
  });
  const hello = await startHelloWorld();
  let samePage: Awaited<ReturnType<typeof startBareServer>> | undefined;
  let sameBody: Awaited<ReturnType<typeof startBareServer>> | undefined;
  try {
    const base = `http://127.0.0.1:${port}`;
    await waitForLiveGateway(gateway, port);
    const email = 'bench@example.com';
    const { api, token } = await signInBenchUser(base, email);
    // 50 bots are more than the free plan stores
    await setPlan(db.url, email, 'enterprise', 1000);
    for (let i = 0; i < BOTS; i++) {
      const created = await api.post('/bots', {
        token,
        body: {
          name: `bot-${i}`,
          exchangeId: 'binance',
          symbol: i % 2 ? 'BTC/USDT' : 'ETH/USDT',
          timeframe: '1m',
          strategy: 'sma-cross',
        },
      });
      if (created.status !== 201) throw new Error(`bot ${i}: ${created.status}`);
    }
    // a few of them placed on a worker, so the status join has something to show
    await withPgClient(db.url, async (sql) => {
      const { rows: placed } = await sql.query<{ id: string }>(`SELECT id FROM bots LIMIT 10`);
      for (const bot of placed)
        await seedRuntime(sql, bot, { workerId: 'worker-1', host: 'bench' });
    });
    const url = `${base}/bots`;
    const headers = { authorization: `Bearer ${token}` };
    const check = await fetch(url, { headers, signal: AbortSignal.timeout(20_000) });
    const text = await check.text();
    const page = JSON.parse(text) as { items: unknown[] };
    if (check.status !== 200 || page.items.length !== BOTS)
      throw new Error(`GET /bots answered ${check.status} with ${page.items?.length} bots`);
    samePage = await startBareServer(text, answerHeaders(check.headers));
    sameBody = await startBareServer(text);

    log(`warming up, then ${SECONDS} s at ${CONNECTIONS} connections each`);
    // each server as the load reaches it: its process, its URL, the request's headers
    const servers = {
      gateway: { pid: gateway.pid, url, headers },
      hello: { pid: hello.pid, url: hello.url, headers: {} },
      samePage: { pid: samePage.pid, url: samePage.url, headers: {} },
      sameBody: { pid: sameBody.pid, url: sameBody.url, headers: {} },
    };
    type ServerName = keyof typeof servers;
    const names = Object.keys(servers) as ServerName[];
    if (WARMUP_SECONDS > 0)
      for (const name of names)
        await load(servers[name].url, CONNECTIONS, WARMUP_SECONDS, servers[name].headers);
    const slices = Math.max(1, SLICES);
    // autocannon runs whole seconds
    const sliceSeconds = Math.max(1, Math.round(SECONDS / slices));
    const runs = Object.fromEntries(names.map((name) => [name, []])) as unknown as Record<
      ServerName,
      Awaited<ReturnType<typeof loadMeasuringCpu>>[]
    >;
    for (let slice = 0; slice < slices; slice++)
      for (const name of names) {
        const { pid, url: target, headers: sent } = servers[name];
        await sleep(300);
        runs[name].push(await loadMeasuringCpu(pid, target, CONNECTIONS, sliceSeconds, sent));
      }
    const gatewayRun = combineSlices(runs.gateway);
    const baseline = combineSlices(runs.hello);
    const samePageRun = combineSlices(runs.samePage);
    const sameBodyRun = combineSlices(runs.sameBody);
    printFigures({
      bench: 'gateway',
      route: 'GET /bots (50 bots, authenticated)',
      connections: CONNECTIONS,
      seconds: gatewayRun.seconds,
      slices: SLICES,
      pool_size: POOL,
      cache_ms: CACHE_MS,
      page_bytes: Buffer.byteLength(text),
      rps: gatewayRun.rps,
      p50_ms: gatewayRun.p50_ms,
      p99_ms: gatewayRun.p99_ms,
      non2xx: gatewayRun.non2xx,
      errors: gatewayRun.errors,
      server_cpu_pct: gatewayRun.server_cpu_pct,
      cpu_us_per_request: cpuPerRequest(gatewayRun),
      baseline_rps: baseline.rps,
      baseline_p99_ms: baseline.p99_ms,
      baseline_cpu_pct: baseline.server_cpu_pct,
      ratio: Math.round((gatewayRun.rps / baseline.rps) * 1000) / 1000,
      same_page_bare_rps: samePageRun.rps,
      same_page_bare_p99_ms: samePageRun.p99_ms,
      same_page_bare_cpu_pct: samePageRun.server_cpu_pct,
      same_page_bare_cpu_us_per_request: cpuPerRequest(samePageRun),
      ratio_same_page: Math.round((gatewayRun.rps / samePageRun.rps) * 1000) / 1000,
      same_body_bare_rps: sameBodyRun.rps,
      same_body_bare_p99_ms: sameBodyRun.p99_ms,
      same_body_bare_cpu_us_per_request: cpuPerRequest(sameBodyRun),
      ratio_same_body: Math.round((gatewayRun.rps / sameBodyRun.rps) * 1000) / 1000,
      cpus: cpus().length,
      load_generator:
        'autocannon in a child process of its own, on the same machine as every server',
    });
  } finally {
    hello.stop();
    samePage?.stop();
    sameBody?.stop();
    await gateway.stop('SIGTERM').catch(() => gateway.kill());
    await stores.stop();
  }
}

runBench(main);
