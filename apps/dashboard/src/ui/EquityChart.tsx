// Equity and realized profit over time: a small line chart (uPlot: canvas, ~20 KB gzipped,
// styles from its own stylesheet, so nothing inline for the CSP to refuse).
import { useEffect, useRef } from 'react';
import uPlot from 'uplot';
import 'uplot/dist/uPlot.min.css';

export interface EquityPointLike {
  at: string;
  equity: string;
  realizedProfit: string;
}

export function EquityChart({
  points,
  currency,
  label,
}: {
  points: EquityPointLike[];
  currency: string;
  label: string;
}) {
  const box = useRef<HTMLDivElement>(null);
  useEffect(() => {
    const element = box.current;
    if (!element || points.length < 2) return;
    const data: uPlot.AlignedData = [
      points.map((p) => Date.parse(p.at) / 1000),
      points.map((p) => Number(p.equity)),
      points.map((p) => Number(p.realizedProfit)),
    ];
    const plot = new uPlot(
      {
        width: element.clientWidth || 600,
        height: 220,
        series: [
          {},
          { label: `Equity (${currency})`, stroke: '#1f5fbf', width: 2 },
          {
            label: `Realized profit (${currency})`,
            stroke: '#136c2e',
            width: 1.5,
            scale: 'profit',
          },
        ],
        // wide enough for '10,000.00'
        axes: [
          {},
          { scale: 'y', size: 80 },
          { scale: 'profit', side: 1, size: 70, grid: { show: false } },
        ],
      },
      data,
      element,
    );
    const resize = new ResizeObserver(() =>
      plot.setSize({ width: element.clientWidth, height: 220 }),
    );
    resize.observe(element);
    return () => {
      resize.disconnect();
      plot.destroy();
    };
  }, [points, currency]);
  // one point draws no line (and uPlot stretches its time axis over years): wait for two
  if (points.length < 2)
    return <p className="muted">No history yet: a running bot records its equity every minute.</p>;
  return <div className="equity-chart" ref={box} role="img" aria-label={label} />;
}

export default EquityChart;
