// Charts for attribution pages (@shopify/polaris-viz). They measure their container, so they render in the
// browser only; the server sends a skeleton of the same height (no layout jump, no hydration mismatch).
import { useEffect, useState, type ReactNode } from "react";
import { Box, SkeletonBodyText } from "@shopify/polaris";
import { BarChart, PolarisVizProvider, StackedAreaChart, type DataSeries } from "@shopify/polaris-viz";
import vizStyles from "@shopify/polaris-viz/build/esm/styles.css?url";

export const chartLinks = () => [{ rel: "stylesheet", href: vizStyles }];

function ClientOnly({ height, children }: { height: number; children: () => ReactNode }) {
  const [mounted, setMounted] = useState(false);
  useEffect(() => setMounted(true), []);
  return (
    <div style={{ height }}>
      {mounted ? (
        children()
      ) : (
        <Box paddingBlockStart="400">
          <SkeletonBodyText lines={6} />
        </Box>
      )}
    </div>
  );
}

/** Daily attributed revenue, one stacked area per segment. Values are in major units for the axis. */
export function RevenueOverTimeChart({
  series,
  formatMoney,
  height = 300,
}: {
  series: DataSeries[];
  formatMoney: (v: number) => string;
  height?: number;
}) {
  return (
    <ClientOnly height={height}>
      {() => (
        <PolarisVizProvider>
          <StackedAreaChart
            data={series}
            theme="Light"
            isAnimated={false}
            showLegend
            yAxisOptions={{ labelFormatter: (v) => formatMoney(Number(v ?? 0)) }}
            xAxisOptions={{ labelFormatter: (v) => shortDay(String(v)) }}
          />
        </PolarisVizProvider>
      )}
    </ClientOnly>
  );
}

/** Horizontal bars: one series of named values (funnel steps, revenue by segment). */
export function HorizontalBars({
  series,
  format,
  height = 260,
}: {
  series: DataSeries[];
  format: (v: number) => string;
  height?: number;
}) {
  return (
    <ClientOnly height={height}>
      {() => (
        <PolarisVizProvider>
          <BarChart
            data={series}
            theme="Light"
            direction="horizontal"
            isAnimated={false}
            showLegend={series.length > 1}
            xAxisOptions={{ labelFormatter: (v) => format(Number(v ?? 0)) }}
          />
        </PolarisVizProvider>
      )}
    </ClientOnly>
  );
}

/** Vertical grouped bars (messaged vs held out). */
export function GroupedBars({
  series,
  format,
  height = 240,
}: {
  series: DataSeries[];
  format: (v: number) => string;
  height?: number;
}) {
  return (
    <ClientOnly height={height}>
      {() => (
        <PolarisVizProvider>
          <BarChart
            data={series}
            theme="Light"
            isAnimated={false}
            showLegend
            yAxisOptions={{ labelFormatter: (v) => format(Number(v ?? 0)) }}
          />
        </PolarisVizProvider>
      )}
    </ClientOnly>
  );
}

function shortDay(isoDay: string): string {
  const d = new Date(`${isoDay}T00:00:00Z`);
  return Number.isNaN(d.getTime())
    ? isoDay
    : d.toLocaleDateString("en", { month: "short", day: "numeric", timeZone: "UTC" });
}
