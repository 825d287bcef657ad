import { useId } from "react";
import type { ChartGeometry } from "~/modules/reports/charts";

/**
 * A chart as accessible SVG: role="img" named by its <title> and described by <desc>; the page
 * puts the same numbers in a table next to it (status is never only a colour or a line).
 */
export function ChartSvg({
  geometry,
  title,
  description,
}: {
  geometry: ChartGeometry;
  title: string;
  description: string;
}) {
  const id = useId();
  const { plot } = geometry;
  const legend = [
    ...geometry.lines.map((l) => ({ name: l.name, color: l.color, dashed: l.dashed })),
    ...geometry.bars.map((b) => ({ name: b.name, color: b.color, dashed: false })),
  ];
  return (
    <figure className="m-0">
      <svg
        viewBox={`0 0 ${geometry.width} ${geometry.height}`}
        role="img"
        aria-labelledby={`${id}-t ${id}-d`}
        className="h-auto w-full"
      >
        <title id={`${id}-t`}>{title}</title>
        <desc id={`${id}-d`}>{description}</desc>
        {geometry.yTicks.map((t) => (
          <g key={`y${t.label}`}>
            <line x1={plot.left} x2={plot.right} y1={t.y} y2={t.y} stroke="#e2e8f0" />
            <text x={plot.left - 6} y={t.y + 3} textAnchor="end" fontSize="9" fill="#475569">
              {t.label}
            </text>
          </g>
        ))}
        {geometry.xTicks.map((t, i) => (
          <text
            key={`x${i}`}
            x={t.x}
            y={plot.bottom + 14}
            textAnchor="middle"
            fontSize="9"
            fill="#475569"
          >
            {t.label}
          </text>
        ))}
        {geometry.bars.map((s) =>
          s.rects.map((r, i) => (
            <rect
              key={`${s.name}${i}`}
              x={r.x}
              y={r.y}
              width={r.width}
              height={Math.max(0, r.height)}
              fill={s.color}
            >
              <title>{`${s.name}: ${r.value}`}</title>
            </rect>
          )),
        )}
        {geometry.lines.map((s) => (
          <g key={s.name}>
            <path
              d={s.d}
              fill="none"
              stroke={s.color}
              strokeWidth="2"
              strokeDasharray={s.dashed ? "5 3" : undefined}
            />
            {s.points.map((p, i) => (
              <circle key={i} cx={p.x} cy={p.y} r="2.5" fill={s.color} />
            ))}
          </g>
        ))}
      </svg>
      <figcaption className="mt-2 flex flex-wrap gap-4 text-xs text-slate-700">
        {legend.map((l) => (
          <span key={l.name} className="inline-flex items-center gap-1">
            <svg width="18" height="8" aria-hidden="true">
              <line
                x1="0"
                x2="18"
                y1="4"
                y2="4"
                stroke={l.color}
                strokeWidth="3"
                strokeDasharray={l.dashed ? "4 2" : undefined}
              />
            </svg>
            {l.name}
            {l.dashed ? " (dashed)" : ""}
          </span>
        ))}
      </figcaption>
    </figure>
  );
}

export function Sparkline({
  d,
  width,
  height,
  last,
  label,
}: {
  d: string;
  width: number;
  height: number;
  last: { x: number; y: number } | null;
  label: string;
}) {
  return (
    <svg
      width={width}
      height={height}
      viewBox={`0 0 ${width} ${height}`}
      role="img"
      aria-label={label}
    >
      <title>{label}</title>
      <path d={d} fill="none" stroke="var(--accent)" strokeWidth="1.5" />
      {last ? <circle cx={last.x} cy={last.y} r="2.5" fill="var(--accent)" /> : null}
    </svg>
  );
}
