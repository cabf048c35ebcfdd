"use client";

import { useEffect, useRef } from "react";
import uPlot from "uplot";
import "uplot/dist/uPlot.min.css";

export interface ChartSeries {
  label: string;
  values: (number | null)[];
  color: string;
}

/**
 * A time-series chart drawn by uPlot on a canvas (56 KB min, no dependencies: small enough to
 * load on every monitoring page, and fast with thousands of points). Redrawn when the data
 * changes; resized with its box. The numbers are also given as text for screen readers.
 */
export function TimeChart({
  title,
  times,
  series,
  height = 180,
  kind = "line",
  yLabel,
}: {
  title: string;
  /** Seconds since the epoch, one per point. */
  times: number[];
  series: ChartSeries[];
  height?: number;
  kind?: "line" | "bars";
  yLabel?: string;
}) {
  const box = useRef<HTMLDivElement>(null);
  useEffect(() => {
    const element = box.current;
    if (!element) return;
    const bars = kind === "bars" ? uPlot.paths.bars?.({ size: [0.9, 12] }) : undefined;
    const plot = new uPlot(
      {
        width: Math.max(element.clientWidth, 200),
        height,
        legend: { show: series.length > 1 },
        cursor: { drag: { x: false, y: false } },
        scales: { x: { time: true }, y: { range: (_u, min, max) => [Math.min(0, min), Math.max(max, 1)] } },
        axes: [
          { stroke: "#71717a", grid: { stroke: "#e4e4e733" } },
          { stroke: "#71717a", grid: { stroke: "#e4e4e733" }, label: yLabel, size: 50 },
        ],
        series: [
          {},
          ...series.map((s) => ({
            label: s.label,
            stroke: s.color,
            fill: kind === "bars" ? `${s.color}99` : `${s.color}22`,
            width: kind === "bars" ? 0 : 1.5,
            paths: bars,
            points: { show: false },
          })),
        ],
      },
      [times, ...series.map((s) => s.values)] as uPlot.AlignedData,
      element,
    );
    const resize = new ResizeObserver(() => plot.setSize({ width: Math.max(element.clientWidth, 200), height }));
    resize.observe(element);
    return () => {
      resize.disconnect();
      plot.destroy();
    };
  }, [times, series, height, kind, yLabel]);
  const total = series.reduce((acc, s) => acc + s.values.reduce<number>((a, v) => a + (v ?? 0), 0), 0);
  return (
    <figure className="min-w-0" data-testid={`chart-${title}`} data-points={times.length} data-total={total}>
      <figcaption className="mb-1 text-sm font-medium">{title}</figcaption>
      <div ref={box} aria-hidden="true" />
      <p className="sr-only">
        {title}: {series.map((s) => `${s.label} ${s.values.reduce<number>((a, v) => a + (v ?? 0), 0)}`).join(", ")}
      </p>
    </figure>
  );
}

/** A small line without axes for tiles (the last hour of one measure). */
export function Sparkline({
  label,
  times,
  values,
  color = "#0369a1",
}: {
  label: string;
  times: number[];
  values: (number | null)[];
  color?: string;
}) {
  const box = useRef<HTMLDivElement>(null);
  useEffect(() => {
    const element = box.current;
    if (!element || times.length === 0) return;
    const plot = new uPlot(
      {
        width: Math.max(element.clientWidth, 80),
        height: 36,
        legend: { show: false },
        cursor: { show: false },
        scales: { x: { time: true }, y: { range: (_u, min, max) => [Math.min(0, min), Math.max(max, min + 1e-6)] } },
        axes: [{ show: false }, { show: false }],
        series: [{}, { stroke: color, fill: `${color}22`, width: 1.25, points: { show: false } }],
      },
      [times, values] as uPlot.AlignedData,
      element,
    );
    const resize = new ResizeObserver(() => plot.setSize({ width: Math.max(element.clientWidth, 80), height: 36 }));
    resize.observe(element);
    return () => {
      resize.disconnect();
      plot.destroy();
    };
  }, [times, values, color]);
  return <div ref={box} aria-label={`${label}, last hour`} role="img" data-testid={`sparkline-${label}`} />;
}
