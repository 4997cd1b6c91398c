// Live progress of a campaign: a progress bar of what is done, and one stacked bar of every recipient by status
// with the counts beside it (the numbers people compare are also a picture).
import { BlockStack, InlineStack, ProgressBar, Text } from "@shopify/polaris";
import { NOT_SENT, RECIPIENT_STATUS } from "../../campaigns/labels";
import type { Progress } from "../../campaigns/progress.server";

const ORDER = [
  "read",
  "delivered",
  "sent",
  "sending",
  "queued",
  "failed",
  "unknown",
  "skipped",
  "holdout",
  "excluded",
] as const;

export function CampaignProgress({ progress }: { progress: Progress }) {
  const done = progress.toSend ? Math.round((progress.done / progress.toSend) * 100) : 0;
  return (
    <BlockStack gap="300">
      <InlineStack align="space-between">
        <Text
          as="span"
          fontWeight="semibold"
        >{`${progress.done.toLocaleString("en")} of ${progress.toSend.toLocaleString("en")} messages processed (${done}%)`}</Text>
        <Text as="span" tone="subdued">{`${progress.total.toLocaleString("en")} customers in the snapshot`}</Text>
      </InlineStack>
      <div data-testid="campaign-progress">
        <ProgressBar
          progress={done}
          tone={progress.failed > 0 && progress.failed > progress.delivered ? "critical" : "primary"}
        />
      </div>
      {progress.total > 0 ? (
        <div style={{ display: "flex", height: 14, borderRadius: 4, overflow: "hidden" }} aria-hidden>
          {ORDER.filter((s) => progress[s] > 0).map((s) => (
            <div
              key={s}
              title={`${RECIPIENT_STATUS[s]!.label}: ${progress[s]}`}
              style={{ flex: progress[s], background: RECIPIENT_STATUS[s]!.color }}
            />
          ))}
        </div>
      ) : null}
      <InlineStack gap="400" wrap>
        {ORDER.map((s) => (
          // the report explains holdout / excluded / skipped with the same words (labels NOT_SENT)
          <span key={s} title={s in NOT_SENT ? NOT_SENT[s as keyof typeof NOT_SENT] : undefined}>
            <InlineStack gap="100" blockAlign="center">
              <span
                style={{
                  width: 10,
                  height: 10,
                  borderRadius: 2,
                  background: RECIPIENT_STATUS[s]!.color,
                  display: "inline-block",
                }}
              />
              <Text
                as="span"
                variant="bodySm"
              >{`${RECIPIENT_STATUS[s]!.label} ${progress[s].toLocaleString("en")}`}</Text>
            </InlineStack>
          </span>
        ))}
      </InlineStack>
    </BlockStack>
  );
}
