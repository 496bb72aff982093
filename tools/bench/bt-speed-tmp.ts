import { runBacktest } from '../../apps/bot-worker/src/backtest/run-backtest';
import type { Candle, MarketInfo } from '@platform/exchange';
const market: MarketInfo = { symbol: 'BTC/USDT', base: 'BTC', quote: 'USDT', active: true, amountStep: '0.00001', priceStep: '0.01', minAmount: '0.00001', minNotional: '5', takerFee: '0.001', makerFee: '0.001' };
const n = Number(process.argv[2] ?? 525600);
const tf = process.argv[3] ?? '1m';
const strategy = process.argv[4] ?? 'sma-cross';
const params = JSON.parse(process.argv[5] ?? '{"fastPeriod":9,"slowPeriod":21}');
const from = Date.UTC(2025, 0, 1);
let p = 60000; let seed = 1;
const rnd = () => { seed = (seed * 1103515245 + 12345) % 2147483648; return seed / 2147483648; };
const candles: Candle[] = [];
for (let i = 0; i < n; i++) {
  const o = p; const steps = [o];
  for (let k = 0; k < 4; k++) { p = p * Math.exp((rnd() - 0.4999) * 0.0008); steps.push(p); }
  candles.push([from + i * 60000, o.toFixed(2), Math.max(...steps).toFixed(2), Math.min(...steps).toFixed(2), p.toFixed(2), '1.5']);
}
(async () => {
  const t0 = performance.now();
  const r = await runBacktest({ exchangeId: 'binance', symbol: 'BTC/USDT', timeframe: tf, strategy, params, from, to: from + n * 60000, startingBalance: 10000, slippagePct: 0.05 }, candles, market);
  const s = (performance.now() - t0) / 1000;
  console.log(JSON.stringify({ s, candles: r.candles, perS: Math.round(r.candles / s), orders: r.orders.length, events: r.events.length, metrics: r.metrics, eq: r.equity.length, ev: r.events.slice(0, 3), o: r.orders.slice(0, 2) }, null, 1));
})();
