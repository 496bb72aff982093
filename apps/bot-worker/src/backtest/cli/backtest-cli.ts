import { mkdirSync, writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { messageOf } from '@platform/contracts';
import { CcxtExchangeClient, exchangeEnv } from '@platform/exchange';
import { fetchMinuteCandles, warmUpMs } from '../history-candles';
import { BacktestInputError, checkBacktest, runBacktest } from '../run-backtest';
import { parseBacktestArgs, USAGE, UsageError } from './backtest-options';
import { htmlReport, summaryTable } from './backtest-report';

// `npm run backtest -- ...`: one backtest in this process, on candles read from the exchange
// (EXCHANGE_BASE_URLS points it at the simulator or a testnet), printed and written to files.

/** The command-line option a refused field came from. */
const optionOf = (error: BacktestInputError) =>
  error.field === 'from' || error.field === 'to' ? '--from/--to' : `--${error.field.split('.')[0]}`;

async function main(args: string[]): Promise<number> {
  let parsed;
  try {
    parsed = parseBacktestArgs(args);
  } catch (error) {
    if (!(error instanceof UsageError)) throw error;
    console.error(`backtest: ${error.message}\n\n${USAGE}`);
    return 2;
  }
  if (parsed === 'help') {
    console.log(USAGE);
    return 0;
  }
  const { definition, outDir } = parsed;
  let needed: number;
  try {
    const { strategy, params } = checkBacktest(definition);
    needed = strategy.candlesNeeded(params);
  } catch (error) {
    if (!(error instanceof BacktestInputError)) throw error;
    console.error(`backtest: ${optionOf(error)}: ${error.message}`);
    return 2;
  }
  const urls = exchangeEnv.EXCHANGE_BASE_URLS.parse(process.env['EXCHANGE_BASE_URLS'] ?? '');
  const baseUrl = urls.find((u) => u.exchangeId === definition.exchangeId)?.url;
  const client = new CcxtExchangeClient({ exchangeId: definition.exchangeId, baseUrl });
  const market = (await client.loadMarkets())[definition.symbol];
  if (!market) {
    console.error(
      `backtest: --symbol: ${definition.exchangeId} has no market ${definition.symbol}`,
    );
    return 2;
  }
  const loadStarted = performance.now();
  const candles = await fetchMinuteCandles(client, definition, {
    warmUpMs: warmUpMs(definition.timeframe, needed),
    onPage: (n) => void process.stderr.write(`\rcandles: ${n}`),
  });
  process.stderr.write(
    `\rcandles: ${candles.length} in ${((performance.now() - loadStarted) / 1000).toFixed(1)} s\n`,
  );
  const started = performance.now();
  let result;
  try {
    result = await runBacktest(definition, candles, market, {
      onProgress: (done, total) =>
        void process.stderr.write(`\rsimulated: ${Math.round((done / total) * 100)} %`),
    });
  } catch (error) {
    if (!(error instanceof BacktestInputError)) throw error;
    console.error(`\nbacktest: ${optionOf(error)}: ${error.message}`);
    return 2;
  }
  process.stderr.write(`\rsimulated in ${((performance.now() - started) / 1000).toFixed(2)} s\n`);
  const dir = resolve(outDir);
  mkdirSync(dir, { recursive: true });
  const name = `${definition.strategy}-${definition.symbol.replace('/', '')}-${definition.timeframe}-${new Date(definition.from).toISOString().slice(0, 10)}`;
  const jsonPath = join(dir, `${name}.json`);
  const htmlPath = join(dir, `${name}.html`);
  writeFileSync(jsonPath, `${JSON.stringify(result, null, 2)}\n`);
  writeFileSync(htmlPath, htmlReport(result));
  console.log(summaryTable(result));
  console.log(`\nresult: ${jsonPath}\nreport: ${htmlPath}`);
  return 0;
}

main(process.argv.slice(2)).then(
  (code) => process.exit(code),
  (error: unknown) => {
    console.error(`backtest: ${messageOf(error)}`);
    process.exit(1);
  },
);
