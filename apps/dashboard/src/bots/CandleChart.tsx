// Candles with the bot's fills as markers and its levels as lines (open orders, average entry,
// stop loss). lightweight-charts by TradingView: its licence asks for an attribution with a link
// to tradingview.com on the page. The library's own logo injects a <style> element, which the
// gateway's CSP (style-src 'self') refuses, so the attribution is a plain link under the chart.
import {
  CandlestickSeries,
  type CandlestickData,
  createChart,
  createSeriesMarkers,
  type IChartApi,
  type ISeriesApi,
  LineStyle,
  type SeriesMarker,
  type Time,
  type UTCTimestamp,
} from 'lightweight-charts';
import { useEffect, useRef } from 'react';

export interface PriceLevel {
  price: number;
  title: string;
  kind: 'buy' | 'sell' | 'entry' | 'stop' | 'grid';
}

export interface FillMarker {
  time: number; // ms
  side: 'buy' | 'sell';
  price: number;
}

const colours = {
  buy: '#1a7f37',
  sell: '#c62828',
  entry: '#1f5fbf',
  stop: '#8a5a00',
  grid: '#8c95a6',
};

export function CandleChart({
  candles,
  fills,
  levels,
  label,
  whole = false,
}: {
  candles: [number, string, string, string, string, string][];
  fills: FillMarker[];
  levels: PriceLevel[];
  label: string;
  /** Show the whole series at first (a backtest's range), the markers as bare arrows. */
  whole?: boolean;
}) {
  const box = useRef<HTMLDivElement>(null);
  const chart = useRef<IChartApi | null>(null);
  const series = useRef<ISeriesApi<'Candlestick'> | null>(null);

  useEffect(() => {
    if (!box.current) return;
    chart.current = createChart(box.current, {
      autoSize: true,
      layout: { attributionLogo: false, background: { color: 'transparent' }, textColor: '#555' },
      timeScale: { timeVisible: true, secondsVisible: false },
      grid: { vertLines: { color: '#eee' }, horzLines: { color: '#eee' } },
    });
    series.current = chart.current.addSeries(CandlestickSeries, {
      upColor: colours.buy,
      downColor: colours.sell,
      wickUpColor: colours.buy,
      wickDownColor: colours.sell,
      borderVisible: false,
    });
    return () => {
      chart.current?.remove();
      chart.current = null;
      series.current = null;
    };
  }, []);

  useEffect(() => {
    const candleSeries = series.current;
    if (!candleSeries) return;
    const data: CandlestickData<Time>[] = candles.map(([time, open, high, low, close]) => ({
      time: (time / 1000) as UTCTimestamp,
      open: Number(open),
      high: Number(high),
      low: Number(low),
      close: Number(close),
    }));
    candleSeries.setData(data);
    if (whole) chart.current?.timeScale().fitContent();
    const first = data[0]?.time as number | undefined;
    const markers: SeriesMarker<Time>[] = fills
      .filter((fill) => first === undefined || fill.time / 1000 >= first)
      .sort((a, b) => a.time - b.time)
      .map((fill) => ({
        // a marker sits on the candle that holds its time
        time: (Math.floor(fill.time / 1000 / bucket(data)) * bucket(data)) as UTCTimestamp,
        position: fill.side === 'buy' ? 'belowBar' : 'aboveBar',
        color: colours[fill.side],
        shape: fill.side === 'buy' ? 'arrowUp' : 'arrowDown',
        text: whole ? undefined : `${fill.side} ${fill.price}`,
      }));
    const markerLayer = createSeriesMarkers(candleSeries, markers);
    const lines = levels.map((level) =>
      candleSeries.createPriceLine({
        price: level.price,
        color: colours[level.kind],
        lineStyle:
          level.kind === 'entry'
            ? LineStyle.Solid
            : level.kind === 'grid'
              ? LineStyle.Dotted
              : LineStyle.Dashed,
        lineWidth: 1,
        title: level.title,
        // many grid levels would bury the price scale under their labels
        axisLabelVisible: level.kind !== 'grid',
      }),
    );
    return () => {
      if (series.current !== candleSeries) return; // the chart is gone already (unmount)
      markerLayer.detach();
      lines.forEach((line) => candleSeries.removePriceLine(line));
    };
  }, [candles, fills, levels, whole]);

  return (
    <figure className="chart-figure">
      <div className="chart" ref={box} role="img" aria-label={label} />
      <figcaption className="muted">
        Charting by{' '}
        <a href="https://www.tradingview.com/" target="_blank" rel="noopener noreferrer">
          TradingView
        </a>{' '}
        Lightweight Charts™
      </figcaption>
    </figure>
  );
}

/** The candle width in seconds, from the data (60 for 1m candles). */
function bucket(data: CandlestickData<Time>[]): number {
  return data.length > 1 ? (data[1].time as number) - (data[0].time as number) : 60;
}
