// A stacked bar chart of one value per day and series (model): recharts, so load it lazily:
//   const StackedBarChart = lazy(() => import("@/components/charts/stacked-bar-chart"));
import { Bar, BarChart, CartesianGrid, Legend, ResponsiveContainer, Tooltip, XAxis, YAxis } from "recharts";

import { formatDay } from "@/lib/format";
import { useTheme } from "@/lib/theme";

const PALETTE = {
  light: ["#2563eb", "#d97706", "#059669", "#db2777", "#7c3aed", "#0891b2", "#65a30d", "#dc2626"],
  dark: ["#60a5fa", "#fbbf24", "#34d399", "#f472b6", "#a78bfa", "#22d3ee", "#a3e635", "#f87171"],
} as const;

export interface StackedBarChartProps {
  rows: ({ day: string } & Record<string, number | string>)[];
  series: string[];
  /** How a value reads (tokens, dollars...). */
  format: (value: number) => string;
  /** What the chart shows, for screen readers (the figures are also in a table beside it). */
  label: string;
  height?: number;
}

export default function StackedBarChart({ rows, series, format, label, height = 260 }: StackedBarChartProps) {
  const { resolved } = useTheme();
  const colors = PALETTE[resolved];
  const axis = resolved === "dark" ? "#cbd5e1" : "#475569";
  const grid = resolved === "dark" ? "#334155" : "#e2e8f0";
  return (
    <div role="img" aria-label={label} className="w-full" style={{ height }}>
      <ResponsiveContainer width="100%" height="100%">
        <BarChart data={rows} margin={{ top: 8, right: 8, bottom: 0, left: 8 }}>
          <CartesianGrid strokeDasharray="3 3" stroke={grid} vertical={false} />
          <XAxis dataKey="day" tickFormatter={(day: string) => formatDay(day)} stroke={axis} fontSize={12} tickLine={false} minTickGap={16} />
          <YAxis tickFormatter={(value: number) => format(value)} stroke={axis} fontSize={12} tickLine={false} axisLine={false} width={72} />
          <Tooltip
            formatter={(value) => (typeof value === "number" ? format(value) : String(value))}
            labelFormatter={(day: unknown) => (typeof day === "string" ? formatDay(day) : "")}
            contentStyle={{
              background: resolved === "dark" ? "#1e293b" : "#ffffff",
              border: `1px solid ${grid}`,
              borderRadius: 6,
              color: resolved === "dark" ? "#f1f5f9" : "#0f172a",
            }}
            cursor={{ fill: resolved === "dark" ? "#ffffff14" : "#0f172a0d" }}
          />
          {series.length > 1 ? (
            <Legend wrapperStyle={{ fontSize: 12 }} formatter={(value: string) => <span className="text-foreground">{value}</span>} />
          ) : null}
          {series.map((name, index) => (
            <Bar key={name} dataKey={name} name={name} stackId="day" fill={colors[index % colors.length]} isAnimationActive={false} />
          ))}
        </BarChart>
      </ResponsiveContainer>
    </div>
  );
}
