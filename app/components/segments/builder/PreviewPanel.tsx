// The builder's live preview: how many customers match the form as it is now, the kind's own figures (the store's
// order-value bands, the VIP spend threshold), and a sample of who matches and why. Dimmed while it is stale.
import { BlockStack, Card, Divider, InlineStack, SkeletonBodyText, Spinner, Text } from "@shopify/polaris";
import type { ReactNode } from "react";
import type { SegmentKind } from "../../../segments/definitions";
import type { FormPreview } from "../../../segments/preview.server";
import { money, n } from "./format";
import type { BuilderCurrency } from "./types";

type PreviewResponse = FormPreview;

/** What to loosen when nobody matches, per kind (a sample has no products to add). */
const EMPTY_HINT: Record<SegmentKind, string> = {
  cross_sell: "Try a longer window or more products they bought.",
  product_specific: "Try a longer window, a lower minimum or more products.",
  sale_shopper: "Try a lower share of orders with a deal or fewer orders.",
  former_vip: "Try more top spenders, a lower amount or a shorter time without orders.",
  aov_tier: "Try another band or fewer orders.",
  rfm: "Try more groups.",
  location: "Try more places.",
  sample: "The segment it samples may be empty, or too small for this percent.",
  combination: "Try “any of” instead of “all of”, or fewer segments to leave out.",
  campaign_response: "Try another campaign, a longer window, or wait for the campaign to reach its recipients.",
  engagement: "Try more engagement levels, a longer window or lower thresholds.",
};
/** The figures the builder shows from a preview's per-kind `computed` JSON (app/segments/sql/aov-tier, former-vip). */
interface PreviewFigures {
  cutsMinor?: [string, string] | null;
  thresholdMinor?: string | null;
  rankedCustomers?: number;
}

export function PreviewPanel({
  preview,
  loading,
  fresh,
  currency,
  kind,
  band,
}: {
  preview?: PreviewResponse;
  loading: boolean;
  /** the preview reflects the form as it is now (no change waiting for the debounce or the server) */
  fresh: boolean;
  currency: BuilderCurrency;
  kind: SegmentKind;
  band?: string;
}) {
  let body: ReactNode;
  if (!preview) {
    body = <SkeletonBodyText lines={4} />;
  } else if (!preview.ok) {
    body = (
      <BlockStack gap="200">
        <Text as="p" tone="subdued">
          Finish the definition to see who matches:
        </Text>
        <ul style={{ margin: 0, paddingLeft: 20 }}>
          {[...new Set(Object.values(preview.fieldErrors))].map((m) => (
            <li key={m}>
              <Text as="span" tone="subdued">
                {m}
              </Text>
            </li>
          ))}
        </ul>
      </BlockStack>
    );
  } else {
    // A tier set shows everyone placed in a band; the bands' own sizes follow.
    const headline = preview.bands ? preview.bands.reduce((sum, b) => sum + b.count, 0) : preview.count;
    const share = preview.customers ? (headline / preview.customers) * 100 : 0;
    body = (
      <BlockStack gap="300">
        <BlockStack gap="100">
          <Text as="p" variant="heading2xl" numeric>
            <span data-testid="preview-count">{n(headline)}</span>
          </Text>
          <Text as="p" tone="subdued">
            {`${preview.bands ? "customers in the three bands" : "customers match now"} — ${share < 0.1 && headline > 0 ? "<0.1" : share.toFixed(1)}% of your ${n(preview.customers)} customers`}
          </Text>
        </BlockStack>
        <Figures preview={preview} currency={currency} kind={kind} />
        {preview.bands ? (
          <BlockStack gap="100">
            {preview.bands.map((b) => (
              <InlineStack key={b.band} align="space-between">
                <Text as="span">{`${b.band[0]!.toUpperCase()}${b.band.slice(1)} order value`}</Text>
                <Text as="span" numeric>
                  <span data-testid={`preview-band-${b.band}`}>{n(b.count)}</span>
                </Text>
              </InlineStack>
            ))}
          </BlockStack>
        ) : null}
        <Divider />
        {preview.sample.length ? (
          <BlockStack gap="300">
            <Text as="h3" variant="headingSm">
              {preview.bands && band ? `Who and why, ${band} band` : "Who and why"}
            </Text>
            {preview.sample.map((m) => (
              <BlockStack gap="050" key={m.customerId}>
                <Text as="span" fontWeight="medium">
                  {m.name}
                </Text>
                <Text as="span" tone="subdued" variant="bodySm">
                  {m.why}
                </Text>
              </BlockStack>
            ))}
          </BlockStack>
        ) : (
          <Text as="p" tone="subdued">
            {`Nobody matches these settings yet. ${EMPTY_HINT[kind]}`}
          </Text>
        )}
      </BlockStack>
    );
  }
  return (
    <div style={{ position: "sticky", top: 16 }} data-testid="preview-card" data-fresh={fresh ? "true" : "false"}>
      <Card>
        <BlockStack gap="300">
          <InlineStack align="space-between" blockAlign="center">
            <Text as="h2" variant="headingMd">
              Preview
            </Text>
            {loading ? <Spinner size="small" accessibilityLabel="Updating the preview" /> : null}
          </InlineStack>
          <div style={{ opacity: !fresh && preview ? 0.5 : 1, transition: "opacity 150ms" }}>{body}</div>
        </BlockStack>
      </Card>
    </div>
  );
}

function Figures({
  preview,
  currency,
  kind,
}: {
  preview: Extract<PreviewResponse, { ok: true }>;
  currency: BuilderCurrency;
  kind: SegmentKind;
}) {
  const c: PreviewFigures = preview.computed;
  if (kind === "aov_tier" && c.cutsMinor) {
    return (
      <Text as="p" tone="subdued" variant="bodySm">
        {`Your store's bands today: low below ${money(c.cutsMinor[0], currency)}, mid ${money(c.cutsMinor[0], currency)}–${money(c.cutsMinor[1], currency)}, high ${money(c.cutsMinor[1], currency)} or more. They move with your store and are recomputed every night.`}
      </Text>
    );
  }
  if (
    kind === "former_vip" &&
    c.thresholdMinor !== undefined &&
    c.rankedCustomers !== undefined &&
    c.rankedCustomers > 0
  ) {
    return (
      <Text as="p" tone="subdued" variant="bodySm">
        {`The top spenders of the period spent ${money(c.thresholdMinor, currency)} or more (ranked among ${n(c.rankedCustomers)} customers who spent in it).`}
      </Text>
    );
  }
  return null;
}
