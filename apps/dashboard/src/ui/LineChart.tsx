// Lines over one x axis (uPlot, like EquityChart): a backtest's equity over time, or several
// runs' returns overlaid over the time since each started.
import { useEffect, useRef } from 'react';
import uPlot from 'uplot';
import 'uplot/dist/uPlot.min.css';
import { LINE_COLOURS } from './line-colours';

export interface Line {
  label: string;
  values: (number | null)[];
}

export function LineChart({
  x,
  lines,
  xAxis,
  label,
  height = 260,
  testId,
}: {
  /** Seconds since 1970 for `time`, else plain numbers (hours since the start). */
  x: number[];
  lines: Line[];
  xAxis: 'time' | 'hours';
  label: string;
  height?: number;
  testId?: string;
}) {
  const box = useRef<HTMLDivElement>(null);
  useEffect(() => {
    const element = box.current;
    if (!element || x.length < 2) return;
    const plot = new uPlot(
      {
        width: element.clientWidth || 600,
        height,
        scales: { x: { time: xAxis === 'time' } },
        series: [
          xAxis === 'hours'
            ? { label: 'Hours since start', value: (_u, v) => (v === null ? '–' : v.toFixed(1)) }
            : {},
          ...lines.map((line, i) => ({
            label: line.label,
            stroke: LINE_COLOURS[i % LINE_COLOURS.length],
            width: 2,
            spanGaps: true,
            value: (_u: uPlot, v: number | null) =>
              v === null ? '–' : v.toLocaleString('en-US', { maximumFractionDigits: 2 }),
          })),
        ],
        axes: [
          xAxis === 'hours' ? { label: 'hours since start', labelSize: 20 } : {},
          // wide enough for '10,000.00'
          { size: 80 },
        ],
      },
      [x, ...lines.map((line) => line.values)] as uPlot.AlignedData,
      element,
    );
    const resize = new ResizeObserver(() => plot.setSize({ width: element.clientWidth, height }));
    resize.observe(element);
    return () => {
      resize.disconnect();
      plot.destroy();
    };
  }, [x, lines, xAxis, height]);
  if (x.length < 2) return <p className="muted">Not enough points to draw a line.</p>;
  return (
    <div className="equity-chart" ref={box} role="img" aria-label={label} data-testid={testId} />
  );
}

export default LineChart;
