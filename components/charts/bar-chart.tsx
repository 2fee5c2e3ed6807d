"use client";
import { BarController, BarElement, CategoryScale, Chart, Legend, LinearScale, Tooltip } from "chart.js";
import { useEffect, useRef } from "react";

// Only the parts of Chart.js the dashboard draws, so the rest stays out of the bundle.
Chart.register(BarController, BarElement, CategoryScale, LinearScale, Legend, Tooltip);

export interface BarSeries {
  label: string;
  values: number[];
  colour: string | string[];
}

interface BarChartProps {
  /** Read by screen readers in place of the picture. */
  summary: string;
  labels: string[];
  series: BarSeries[];
  stacked?: boolean;
  horizontal?: boolean;
  height?: number;
}

/** A bar chart on a canvas (no inline styles or scripts, so it fits the content security policy). */
export function BarChart({ summary, labels, series, stacked = false, horizontal = false, height = 220 }: BarChartProps) {
  const canvas = useRef<HTMLCanvasElement>(null);
  useEffect(() => {
    if (!canvas.current) return;
    const chart = new Chart(canvas.current, {
      type: "bar",
      data: {
        labels,
        datasets: series.map((entry) => ({
          label: entry.label,
          data: entry.values,
          backgroundColor: entry.colour,
          borderRadius: 2,
          maxBarThickness: 28,
        })),
      },
      options: {
        indexAxis: horizontal ? "y" : "x",
        responsive: true,
        maintainAspectRatio: false,
        animation: false,
        plugins: { legend: { display: series.length > 1, position: "bottom", labels: { boxWidth: 12 } } },
        scales: {
          x: { stacked, grid: { display: horizontal }, ticks: { autoSkip: true, maxRotation: 0 } },
          y: { stacked, grid: { display: !horizontal }, beginAtZero: true },
        },
      },
    });
    return () => chart.destroy();
  }, [labels, series, stacked, horizontal]);
  return (
    <div className={height > 260 ? "relative h-80" : "relative h-56"}>
      <canvas ref={canvas} role="img" aria-label={summary}>
        {summary}
      </canvas>
    </div>
  );
}
