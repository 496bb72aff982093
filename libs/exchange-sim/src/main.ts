// The simulator as a standalone server for demos and manual tests:
//   node tools/scripts/run-ts.mjs libs/exchange-sim/src/main.ts [--port 8090] [--seed 1] ...
// Prints the URL and a demo API key; stops on Ctrl-C / SIGTERM.
import { createHash } from 'node:crypto';
import { USAGE, UsageError, parseCli } from './lib/options';
import { ExchangeSimulator } from './lib/simulator';

/** Same seed, same demo credentials: scripts can hard-code them. */
function demoCredentials(seed: number): { apiKey: string; secret: string } {
  const hash = (label: string) =>
    createHash('sha256').update(`exchange-sim ${label} ${seed}`).digest('hex');
  return { apiKey: `demo${hash('key').slice(0, 60)}`, secret: hash('secret') };
}

async function main(): Promise<void> {
  if (process.argv.includes('--help') || process.argv.includes('-h')) {
    process.stdout.write(`${USAGE}\n`);
    return;
  }
  const options = parseCli(process.argv.slice(2), process.env);
  const seed = options.seed ?? 1;
  const demo = demoCredentials(seed);
  const sim = await ExchangeSimulator.start({
    ...options,
    seed,
    apiKeys: [{ ...demo, balances: { USDT: '100000', BTC: '1', ETH: '10' } }],
  });
  const lines = [
    `exchange-sim listening on ${sim.url} (Binance spot REST under ${sim.url}/api/v3)`,
    `symbols: ${sim.symbols.map((s) => `${s.base}/${s.quote}`).join(', ')}`,
    `demo API key: ${demo.apiKey}`,
    `demo secret:  ${demo.secret}`,
    `admin: ${sim.url}/admin/info (see libs/exchange-sim/README.md)`,
  ];
  process.stdout.write(`${lines.join('\n')}\n`);
  const stop = () => {
    sim.stop().then(
      () => process.exit(0),
      () => process.exit(1),
    );
  };
  process.once('SIGINT', stop);
  process.once('SIGTERM', stop);
}

main().catch((error: unknown) => {
  if (error instanceof UsageError) {
    process.stderr.write(`${error.message}\n${USAGE}\n`);
    process.exit(2);
  }
  process.stderr.write(`${error instanceof Error ? error.stack : String(error)}\n`);
  process.exit(1);
});
