// Progress of the store backfill: one bar per resource with rows, percent and elapsed time.
import { Badge, BlockStack, InlineStack, ProgressBar, Text } from "@shopify/polaris";
import { formatInZone } from "../lib/zoned-time";

export interface ResourceProgress {
  resource: string;
  status: string;
  objects: number;
  rowsImported: number;
  percent: number;
  elapsedSeconds: number;
  badLines: number;
  badLineSamples: Array<{ line: number; error: string }>;
  error: string | null;
  finishedAt: string | null;
}

const STATUS_LABEL: Record<string, string> = {
  completed: "Imported",
  failed: "Failed",
  importing: "Importing",
  running: "Exporting from Shopify",
  requested: "Waiting to start",
  cancelled: "Cancelled",
};

const TONE: Record<string, "success" | "attention" | "critical" | "info" | undefined> = {
  completed: "success",
  failed: "critical",
  importing: "info",
  running: "info",
  requested: undefined,
};

function elapsed(seconds: number) {
  return seconds < 90 ? `${seconds}s` : `${Math.floor(seconds / 60)}m ${seconds % 60}s`;
}

export function SyncProgress({ progress, timeZone }: { progress: ResourceProgress[]; timeZone: string }) {
  const done = progress.length > 0 && progress.every((p) => p.status === "completed");
  const last = done
    ? progress
        .map((p) => p.finishedAt ?? "")
        .sort()
        .at(-1)
    : null;
  return (
    <BlockStack gap="300">
      {last ? (
        <Text as="p" tone="subdued">
          Last sync finished {formatInZone(last, timeZone)}
        </Text>
      ) : null}
      {progress.map((p) => (
        <BlockStack gap="100" key={p.resource}>
          <InlineStack align="space-between">
            <InlineStack gap="200">
              <Text as="span" fontWeight="semibold">
                {p.resource[0]!.toUpperCase() + p.resource.slice(1)}
              </Text>
              <Badge tone={TONE[p.status]}>{STATUS_LABEL[p.status] ?? "Other"}</Badge>
            </InlineStack>
            <Text as="span" tone="subdued">
              {p.rowsImported.toLocaleString("en")} imported · {p.percent}% · {elapsed(p.elapsedSeconds)}
            </Text>
          </InlineStack>
          <ProgressBar progress={p.percent} size="small" tone={p.status === "failed" ? "critical" : "primary"} />
          {p.error ? (
            <Text as="p" tone="critical">
              {p.error}
            </Text>
          ) : null}
          {p.badLineSamples.map((b) => (
            <Text as="p" tone="subdued" variant="bodySm" key={b.line}>
              line {b.line}: {b.error}
            </Text>
          ))}
        </BlockStack>
      ))}
    </BlockStack>
  );
}
