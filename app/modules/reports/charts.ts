import { scaleBand, scaleLinear } from "d3-scale";
import { line } from "d3-shape";

/**
 * Chart geometry, computed once and drawn twice: as SVG on the page and as vector paths in the
 * PDF (pdfkit draws SVG path data), so both show exactly the same chart. d3-scale and d3-shape do
 * the maths; nothing here touches the DOM.
 */
export type ChartSeries = {
  name: string;
  color: string;
  values: Array<number | null>;
  dashed?: boolean;
};

export type ChartGeometry = {
  width: number;
  height: number;
  plot: { left: number; top: number; right: number; bottom: number };
  xTicks: Array<{ x: number; label: string }>;
  yTicks: Array<{ y: number; label: string }>;
  lines: Array<{
    name: string;
    color: string;
    d: string;
    dashed: boolean;
    points: Array<{ x: number; y: number; value: number }>;
  }>;
  bars: Array<{
    name: string;
    color: string;
    rects: Array<{ x: number; y: number; width: number; height: number; value: number }>;
  }>;
};

const MARGIN = { left: 44, right: 24, top: 12, bottom: 28 };

export function lineChart(opts: {
  labels: string[];
  series: ChartSeries[];
  width?: number;
  height?: number;
  yDomain?: [number, number];
  yFormat?: (v: number) => string;
}): ChartGeometry {
  const width = opts.width ?? 560;
  const height = opts.height ?? 200;
  const plot = {
    left: MARGIN.left,
    top: MARGIN.top,
    right: width - MARGIN.right,
    bottom: height - MARGIN.bottom,
  };
  const all = opts.series.flatMap((s) => s.values.filter((v): v is number => v !== null));
  const max = opts.yDomain?.[1] ?? Math.max(1, ...all);
  const min = opts.yDomain?.[0] ?? 0;
  const x = scaleLinear()
    .domain([0, Math.max(1, opts.labels.length - 1)])
    .range([plot.left, plot.right]);
  const y = scaleLinear().domain([min, max]).nice(4).range([plot.bottom, plot.top]);
  const format = opts.yFormat ?? ((v: number) => String(v));
  const path = line<{ i: number; v: number | null }>()
    .defined((p) => p.v !== null)
    .x((p) => x(p.i))
    .y((p) => y(p.v as number));
  return {
    width,
    height,
    plot,
    xTicks: opts.labels.map((label, i) => ({ x: x(i), label })),
    yTicks: y.ticks(4).map((v) => ({ y: y(v), label: format(v) })),
    lines: opts.series.map((s) => ({
      name: s.name,
      color: s.color,
      dashed: Boolean(s.dashed),
      d: path(s.values.map((v, i) => ({ i, v }))) ?? "",
      points: s.values.flatMap((v, i) => (v === null ? [] : [{ x: x(i), y: y(v), value: v }])),
    })),
    bars: [],
  };
}

export function groupedBarChart(opts: {
  labels: string[];
  series: ChartSeries[];
  width?: number;
  height?: number;
  yFormat?: (v: number) => string;
}): ChartGeometry {
  const width = opts.width ?? 560;
  const height = opts.height ?? 200;
  const plot = {
    left: MARGIN.left,
    top: MARGIN.top,
    right: width - MARGIN.right,
    bottom: height - MARGIN.bottom,
  };
  const max = Math.max(1, ...opts.series.flatMap((s) => s.values.map((v) => v ?? 0)));
  const x = scaleBand<number>()
    .domain(opts.labels.map((_, i) => i))
    .range([plot.left, plot.right])
    .paddingInner(0.25)
    .paddingOuter(0.1);
  const inner = scaleBand<number>()
    .domain(opts.series.map((_, i) => i))
    .range([0, x.bandwidth()])
    .padding(0.05);
  const y = scaleLinear().domain([0, max]).nice(4).range([plot.bottom, plot.top]);
  const format = opts.yFormat ?? ((v: number) => String(v));
  return {
    width,
    height,
    plot,
    xTicks: opts.labels.map((label, i) => ({ x: (x(i) ?? 0) + x.bandwidth() / 2, label })),
    yTicks: y.ticks(4).map((v) => ({ y: y(v), label: format(v) })),
    lines: [],
    bars: opts.series.map((s, si) => ({
      name: s.name,
      color: s.color,
      rects: s.values.map((v, i) => {
        const value = v ?? 0;
        const top = y(value);
        return {
          x: (x(i) ?? 0) + (inner(si) ?? 0),
          y: top,
          width: inner.bandwidth(),
          height: plot.bottom - top,
          value,
        };
      }),
    })),
  };
}

/** A small line without axes (the portfolio's attainment trend per customer). */
export function sparkline(
  values: Array<number | null>,
  opts: { width?: number; height?: number; domain?: [number, number] } = {},
) {
  const width = opts.width ?? 120;
  const height = opts.height ?? 28;
  const x = scaleLinear()
    .domain([0, Math.max(1, values.length - 1)])
    .range([2, width - 2]);
  const y = scaleLinear()
    .domain(opts.domain ?? [0, 100])
    .range([height - 3, 3]);
  const d =
    line<{ i: number; v: number | null }>()
      .defined((p) => p.v !== null)
      .x((p) => x(p.i))
      .y((p) => y(p.v as number))(values.map((v, i) => ({ i, v }))) ?? "";
  const last = [...values.keys()].reverse().find((i) => values[i] !== null);
  return {
    width,
    height,
    d,
    last: last === undefined ? null : { x: x(last), y: y(values[last] as number) },
  };
}

export const CHART_COLORS = {
  response: "#2563eb",
  resolution: "#b45309",
  opened: "#64748b",
  resolved: "#0f766e",
  wall: "#7c3aed",
  business: "#0f766e",
};

/** The three trend charts of a report (attainment, MTTR, volume) from its 12-month trend. */
export function trendCharts(
  trend: Array<{
    label: string;
    opened: number;
    resolved: number;
    responseAttainment: number | null;
    resolutionAttainment: number | null;
    mttrWallMinutes: number | null;
    mttrBusinessMinutes: number | null;
  }>,
  size: { width?: number; height?: number } = {},
) {
  const labels = trend.map((t) => t.label);
  return {
    attainment: lineChart({
      ...size,
      labels,
      yDomain: [0, 100],
      yFormat: (v) => `${v}%`,
      series: [
        {
          name: "First response",
          color: CHART_COLORS.response,
          values: trend.map((t) => t.responseAttainment),
        },
        {
          name: "Resolution",
          color: CHART_COLORS.resolution,
          values: trend.map((t) => t.resolutionAttainment),
          dashed: true,
        },
      ],
    }),
    mttr: lineChart({
      ...size,
      labels,
      yFormat: (v) => `${v} h`,
      series: [
        {
          name: "Business hours",
          color: CHART_COLORS.business,
          values: trend.map((t) =>
            t.mttrBusinessMinutes === null ? null : t.mttrBusinessMinutes / 60,
          ),
        },
        {
          name: "Elapsed hours",
          color: CHART_COLORS.wall,
          values: trend.map((t) => (t.mttrWallMinutes === null ? null : t.mttrWallMinutes / 60)),
          dashed: true,
        },
      ],
    }),
    volume: groupedBarChart({
      ...size,
      labels,
      series: [
        { name: "Opened", color: CHART_COLORS.opened, values: trend.map((t) => t.opened) },
        { name: "Resolved", color: CHART_COLORS.resolved, values: trend.map((t) => t.resolved) },
      ],
    }),
  };
}
