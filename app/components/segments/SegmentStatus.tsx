// A segment's refresh status and "5 minutes ago" times, shared by the list and the segment page.
import { Badge, Tooltip } from "@shopify/polaris";

export type SegmentStatus = "refreshing" | "error" | "current" | "never";

export function SegmentStatusBadge({ status, error }: { status: SegmentStatus; error: string | null }) {
  if (status === "refreshing")
    return (
      <Badge tone="info" progress="partiallyComplete">
        Refreshing
      </Badge>
    );
  if (status === "never") return <Badge tone="attention">Not computed yet</Badge>;
  if (status === "error") {
    return (
      <Tooltip content={error ?? "The last refresh failed"}>
        <Badge tone="critical">Needs attention</Badge>
      </Tooltip>
    );
  }
  return <Badge tone="success">Up to date</Badge>;
}

export function timeAgo(iso: string, nowIso: string): string {
  const seconds = Math.max(0, Math.round((Date.parse(nowIso) - Date.parse(iso)) / 1000));
  if (seconds < 60) return "just now";
  const minutes = Math.round(seconds / 60);
  if (minutes < 60) return `${minutes} min ago`;
  const hours = Math.round(minutes / 60);
  if (hours < 48) return `${hours} h ago`;
  return `${Math.round(hours / 24)} days ago`;
}
