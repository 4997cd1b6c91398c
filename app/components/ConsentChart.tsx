// Who can receive WhatsApp marketing now, and why the others cannot (the gate's verdicts over every customer),
// as a horizontal bar chart. Rendered after hydration: the chart measures the DOM.
import { BarChart, PolarisVizProvider } from "@shopify/polaris-viz";
import { useEffect, useState } from "react";

export interface ConsentChartProps {
  bars: Array<{ label: string; value: number }>;
}

export function ConsentChart({ bars }: ConsentChartProps) {
  const [mounted, setMounted] = useState(false);
  useEffect(() => setMounted(true), []);
  if (!mounted) return <div style={{ height: 240 }} />;
  return (
    <div style={{ height: 240 }} data-testid="consent-chart">
      <PolarisVizProvider>
        <BarChart
          theme="Light"
          direction="horizontal"
          showLegend={false}
          isAnimated={false}
          data={[{ name: "Customers", data: bars.map((b) => ({ key: b.label, value: b.value })) }]}
        />
      </PolarisVizProvider>
    </div>
  );
}
