import type { BacktestResult } from '@platform/contracts';

const iso = (ms: number) => new Date(ms).toISOString().replace('.000Z', 'Z');
const num = (x: number | null, digits = 2) => (x === null ? '-' : x.toFixed(digits));

/** The headline figures, as rows of [label, value]. */
export function summaryRows(result: BacktestResult): [string, string][] {
  const { definition: d, metrics: m } = result;
  const hours =
    m.averageHoldingMs === null ? '-' : `${(m.averageHoldingMs / 3_600_000).toFixed(2)} h`;
  return [
    ['Strategy', `${d.strategy} ${JSON.stringify(d.params)}`],
    ['Market', `${d.exchangeId} ${d.symbol} ${d.timeframe}`],
    [
      'Range',
      `${iso(result.firstCandleAt)} .. ${iso(result.lastCandleEnd)} (${result.candles} 1m candles)`,
    ],
    ['Starting equity', num(m.startingEquity)],
    ['Final equity', num(m.finalEquity)],
    ['Total return', `${num(m.totalReturnPct)} %`],
    ['Buy and hold', `${num(m.buyAndHoldReturnPct)} %`],
    ['Max drawdown', `${num(m.maxDrawdownPct)} %`],
    ['Sharpe (daily, x sqrt 365)', num(m.sharpe)],
    ['Sortino (daily, x sqrt 365)', num(m.sortino)],
    ['Round trips', String(m.trades)],
    ['Win rate', m.winRatePct === null ? '-' : `${num(m.winRatePct)} %`],
    ['Profit factor', num(m.profitFactor)],
    ['Average holding', hours],
    ['Exposure', `${num(m.exposurePct)} %`],
    ['Fees paid', num(m.feesPaid, 4)],
    ['Orders / fills', `${result.orders.length} / ${m.fills}`],
  ];
}

export function summaryTable(result: BacktestResult): string {
  const rows = summaryRows(result);
  const width = Math.max(...rows.map(([label]) => label.length));
  return rows.map(([label, value]) => `${label.padEnd(width)}  ${value}`).join('\n');
}

const escapeHtml = (text: string) =>
  text.replace(
    /[&<>"']/g,
    (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' })[c] as string,
  );

/** The equity curve as an SVG polyline, scaled into width x height. */
function equitySvg(points: [number, number][], width = 900, height = 260): string {
  if (points.length < 2) return '<p>Not enough points for a curve.</p>';
  const t0 = points[0][0];
  const t1 = points[points.length - 1][0];
  const values = points.map(([, v]) => v);
  const lo = Math.min(...values);
  const hi = Math.max(...values);
  const x = (t: number) => ((t - t0) / (t1 - t0 || 1)) * (width - 60) + 50;
  const y = (v: number) => height - 20 - ((v - lo) / (hi - lo || 1)) * (height - 40);
  const line = points.map(([t, v]) => `${x(t).toFixed(1)},${y(v).toFixed(1)}`).join(' ');
  return `<svg viewBox="0 0 ${width} ${height}" width="100%" role="img" aria-label="Equity curve">
  <text x="4" y="${y(hi) + 4}" font-size="11">${hi.toFixed(2)}</text>
  <text x="4" y="${y(lo) + 4}" font-size="11">${lo.toFixed(2)}</text>
  <text x="50" y="${height - 4}" font-size="11">${iso(t0)}</text>
  <text x="${width - 10}" y="${height - 4}" font-size="11" text-anchor="end">${iso(t1)}</text>
  <polyline fill="none" stroke="#2563eb" stroke-width="1.5" points="${line}"/>
</svg>`;
}

/** A self-contained page: the summary, the equity curve and every trade. */
export function htmlReport(result: BacktestResult): string {
  const d = result.definition;
  const summary = summaryRows(result)
    .map(([label, value]) => `<tr><th>${escapeHtml(label)}</th><td>${escapeHtml(value)}</td></tr>`)
    .join('\n');
  const trades = result.trades
    .map(
      (t) =>
        `<tr><td>${iso(t.time)}</td><td class="${t.side}">${t.side}</td><td>${escapeHtml(t.price)}</td><td>${escapeHtml(t.amount)}</td><td>${escapeHtml(t.fee)} ${escapeHtml(t.feeCurrency ?? '')}</td><td>${escapeHtml(t.clientOrderId)}</td></tr>`,
    )
    .join('\n');
  return `<!doctype html>
<html lang="en"><head><meta charset="utf-8">
<title>Backtest ${escapeHtml(d.strategy)} ${escapeHtml(d.symbol)} ${escapeHtml(d.timeframe)}</title>
<style>
body { font: 14px system-ui, sans-serif; margin: 24px; color: #111; }
table { border-collapse: collapse; margin-bottom: 24px; }
th, td { padding: 3px 10px; border-bottom: 1px solid #ddd; text-align: left; }
.buy { color: #15803d; } .sell { color: #b91c1c; }
</style></head><body>
<h1>Backtest: ${escapeHtml(d.strategy)} on ${escapeHtml(d.symbol)} (${escapeHtml(d.timeframe)})</h1>
<table>${summary}</table>
<h2>Equity</h2>
${equitySvg(result.equity)}
<h2>Trades (${result.trades.length})</h2>
<table><thead><tr><th>Time (UTC)</th><th>Side</th><th>Price</th><th>Amount</th><th>Fee</th><th>Order</th></tr></thead>
<tbody>${trades}</tbody></table>
</body></html>
`;
}
