/** A uPlot line or bar chart that follows its container's width. */
import { useEffect, useRef } from 'react';
import uPlot, { type AlignedData, type Options } from 'uplot';
import 'uplot/dist/uPlot.min.css';

export interface Series {
  label: string;
  values: (number | null)[];
  color: string;
}

interface Props {
  /** Seconds since the epoch (uPlot's time axis), one per point. */
  x: number[];
  series: Series[];
  height?: number;
  label: string;
  yRange?: [number, number];
}

export function Chart({ x, series, height = 220, label, yRange }: Props) {
  const box = useRef<HTMLDivElement>(null);
  useEffect(() => {
    const element = box.current;
    if (!element) return;
    const options: Options = {
      width: Math.max(200, element.clientWidth),
      height,
      legend: { show: series.length > 1 },
      cursor: { drag: { x: false, y: false } },
      scales: { x: { time: true }, y: yRange ? { range: yRange } : { range: (_u, min, max) => [0, Math.max(1, max, min)] } },
      axes: [
        { stroke: '#6b7280', grid: { stroke: '#eef0f3' }, ticks: { stroke: '#eef0f3' } },
        { stroke: '#6b7280', grid: { stroke: '#eef0f3' }, ticks: { stroke: '#eef0f3' }, size: 44 },
      ],
      series: [{}, ...series.map((s) => ({ label: s.label, stroke: s.color, width: 2, fill: series.length === 1 ? `${s.color}1a` : undefined, points: { show: x.length < 40 } }))],
    };
    const data = [x, ...series.map((s) => s.values)] as AlignedData;
    const plot = new uPlot(options, data, element);
    const resize = new ResizeObserver(() => plot.setSize({ width: Math.max(200, element.clientWidth), height }));
    resize.observe(element);
    return () => {
      resize.disconnect();
      plot.destroy();
    };
  }, [x, series, height, yRange]);
  return <div ref={box} className="chart" role="img" aria-label={label} />;
}
