// Member counts over time (segment_counts): a sparkline for the segment list, a line chart for the segment page.
// Charts draw in the browser only (they measure their container); the server renders a same-sized placeholder.
import { Box, Text } from "@shopify/polaris";
import { LineChart, PolarisVizProvider, SparkLineChart } from "@shopify/polaris-viz";
import { useEffect, useState, type ReactNode } from "react";

export interface TrendPoint {
  day: string;
  count: number;
}

function useMounted() {
  const [mounted, setMounted] = useState(false);
  useEffect(() => setMounted(true), []);
  return mounted;
}

function ClientOnly({ height, children }: { height: number; children: () => ReactNode }) {
  const mounted = useMounted();
  return <div style={{ height }}>{mounted ? children() : null}</div>;
}

const shortDay = (day: string) =>
  new Date(`${day}T12:00:00Z`).toLocaleDateString("en", { month: "short", day: "numeric", timeZone: "UTC" });

/** A 30-day sparkline; a dash when the segment has not been counted on two days yet. */
export function TrendSparkline({ points, label }: { points: TrendPoint[]; label: string }) {
  if (points.length < 2) {
    // One count so far (the first refresh): say when counting started instead of an unexplained dash.
    return (
      <Text as="span" tone="subdued" variant="bodySm">
        {points[0] ? `Counting since ${shortDay(points[0].day)}` : "—"}
      </Text>
    );
  }
  const first = points[0]!.count;
  const last = points[points.length - 1]!.count;
  const change = last - first;
  return (
    <div
      style={{ width: 120 }}
      data-testid="trend-sparkline"
      title={`${label}: ${first.toLocaleString("en")} → ${last.toLocaleString("en")} in ${points.length} days`}
    >
      <ClientOnly height={32}>
        {() => (
          <PolarisVizProvider>
            <SparkLineChart
              accessibilityLabel={`${label}: ${change >= 0 ? "up" : "down"} ${Math.abs(change).toLocaleString("en")} members in ${points.length} days`}
              data={[{ name: "Members", data: points.map((p) => ({ key: p.day, value: p.count })) }]}
              isAnimated={false}
              theme="Light"
            />
          </PolarisVizProvider>
        )}
      </ClientOnly>
    </div>
  );
}

/** Members per day on the segment page. */
export function TrendChart({ points }: { points: TrendPoint[] }) {
  if (points.length < 2) {
    return (
      <Box paddingBlock="400">
        <Text as="p" tone="subdued">
          The trend appears after the segment has been counted on two days (it is refreshed every night at midnight,
          your store&apos;s time).
        </Text>
      </Box>
    );
  }
  return (
    <div data-testid="trend-chart">
      <ClientOnly height={240}>
        {() => (
          <PolarisVizProvider>
            <LineChart
              data={[{ name: "Members", data: points.map((p) => ({ key: p.day, value: p.count })) }]}
              xAxisOptions={{ labelFormatter: (v) => shortDay(String(v)) }}
              yAxisOptions={{ labelFormatter: (v) => Number(v).toLocaleString("en"), integersOnly: true }}
              isAnimated={false}
              showLegend={false}
              theme="Light"
            />
          </PolarisVizProvider>
        )}
      </ClientOnly>
    </div>
  );
}
