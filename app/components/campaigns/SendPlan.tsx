// The send plan before scheduling: who gets the message, who does not and why (table + chart), how the send fits
// Meta's 24-hour messaging limit, and the estimated cost by market.
import { BarChart, PolarisVizProvider } from "@shopify/polaris-viz";
import {
  Banner,
  BlockStack,
  Box,
  Card,
  DataTable,
  Divider,
  InlineGrid,
  InlineStack,
  Link,
  Text,
} from "@shopify/polaris";
import { useEffect, useState } from "react";
import { formatUsdMicros } from "../../pricing/rate-card";
import { formatMoney } from "../../lib/money";
import { formatInZone } from "../../lib/zoned-time";
import { REASON, reasonLabel } from "../../campaigns/labels";
import type { SendPlan as Plan } from "../../campaigns/plan.server";

const n = (x: number) => x.toLocaleString("en");
const pct = (x: number) => `${Math.round(x * 100)}%`;

function Figure({ label, value, help }: { label: string; value: string; help?: string }) {
  return (
    <BlockStack gap="100">
      <Text as="span" tone="subdued" variant="bodySm">
        {label}
      </Text>
      <Text as="span" variant="headingLg">
        {value}
      </Text>
      {help ? (
        <Text as="span" tone="subdued" variant="bodySm">
          {help}
        </Text>
      ) : null}
    </BlockStack>
  );
}

function ExclusionChart({ bars }: { bars: Array<{ label: string; value: number }> }) {
  const [mounted, setMounted] = useState(false);
  useEffect(() => setMounted(true), []);
  const height = Math.max(120, bars.length * 36);
  if (!mounted) return <div style={{ height }} />;
  return (
    <div style={{ height }} data-testid="exclusion-chart">
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

/** The plan's estimated cost in the shop's currency, else in US dollars with the missing rate named. */
export function planCostLabel(plan: Plan, currencyExponent: number): string {
  return plan.cost.minor !== null
    ? formatMoney(plan.cost.minor, plan.cost.currency, currencyExponent)
    : `${formatUsdMicros(BigInt(plan.cost.usdMicros))} (set your exchange rate in Message prices)`;
}

export function SendPlan({
  plan,
  currencyExponent,
  timeZone,
}: {
  plan: Plan;
  currencyExponent: number;
  timeZone: string;
}) {
  const reasons = Object.entries(plan.excluded)
    .filter(([, v]) => v > 0)
    .sort((a, b) => b[1] - a[1]);
  const cost = planCostLabel(plan, currencyExponent);
  const limit = plan.tier.limit === null ? "Unlimited" : `${n(plan.tier.limit)} customers / 24 h`;
  return (
    <Card>
      <BlockStack gap="400">
        <InlineStack align="space-between" blockAlign="center">
          <Text as="h2" variant="headingMd">
            Send plan
          </Text>
          <Text as="span" tone="subdued" variant="bodySm">
            {`Computed ${formatInZone(plan.computedAt, timeZone)} in ${(plan.durationMs / 1000).toFixed(1)} s · the audience is taken again when the campaign starts`}
          </Text>
        </InlineStack>
        <InlineGrid columns={{ xs: 2, md: 4 }} gap="400">
          <Figure
            label="Messages to send"
            value={n(plan.toSend)}
            help={plan.test ? `${n(plan.test)} in the test, ${n(plan.main)} after it` : undefined}
          />
          <Figure label="Held out (not sent)" value={n(plan.holdout)} help="control group for the lift" />
          <Figure label="Excluded" value={n(plan.excludedTotal)} help={`of ${n(plan.targeted)} customers`} />
          <Figure
            label="Estimated cost"
            value={cost}
            help={`${plan.cost.category.toLowerCase()} rate, if every message is delivered`}
          />
        </InlineGrid>
        {!plan.tier.connected ? (
          <Banner tone="warning">
            No WhatsApp number is connected yet: connect one in Settings before scheduling.
          </Banner>
        ) : plan.tier.days > 1 ? (
          <Banner tone="info" title={`This send needs about ${plan.tier.days} days`}>
            {`Meta lets your business reach ${limit}. ${n(plan.tier.usedLast24h)} customers were messaged in the last 24 hours, so ${n(plan.tier.fitsToday)} messages fit today; the rest go out over the following days automatically.`}
          </Banner>
        ) : (
          <Text as="p" tone="subdued">
            {`Fits in today's messaging limit (${limit}; ${n(plan.tier.usedLast24h)} customers messaged in the last 24 hours).`}
          </Text>
        )}
        {plan.delayedByQuietHours > 0 ? (
          <Text
            as="p"
            tone="subdued"
          >{`${n(plan.delayedByQuietHours)} messages would wait for the end of quiet hours in the customer's time zone.`}</Text>
        ) : null}
        <Divider />
        <Text as="h3" variant="headingSm">
          By segment
        </Text>
        <DataTable
          columnContentTypes={["text", "numeric", "numeric", "numeric", "numeric", "numeric", "numeric"]}
          headings={["Segment", "Members", "In an earlier segment", "Send", "Test", "Holdout", "Excluded"]}
          rows={plan.segments.map((s) => [
            `${s.name} (holdout ${pct(s.holdoutShare)})`,
            n(s.members),
            n(s.inEarlierSegment),
            n(s.test + s.main),
            n(s.test),
            n(s.holdout),
            n(Object.values(s.excluded).reduce((a, b) => a + b, 0)),
          ])}
          totals={["", "", "", n(plan.toSend), n(plan.test), n(plan.holdout), n(plan.excludedTotal)]}
          showTotalsInFooter
        />
        <Text as="h3" variant="headingSm">
          Why customers are excluded
        </Text>
        {reasons.length === 0 ? (
          <Text as="p" tone="subdued">
            Nobody is excluded.
          </Text>
        ) : (
          <InlineGrid columns={{ xs: 1, md: 2 }} gap="400">
            <ExclusionChart bars={reasons.map(([r, v]) => ({ label: reasonLabel(r), value: v }))} />
            <DataTable
              columnContentTypes={["text", "numeric"]}
              headings={["Reason", "Customers"]}
              rows={reasons.map(([r, v]) => [
                <BlockStack key={r} gap="050">
                  <Text as="span">{reasonLabel(r)}</Text>
                  <Text as="span" tone="subdued" variant="bodySm">
                    {REASON[r]?.help ?? ""}
                  </Text>
                </BlockStack>,
                n(v),
              ])}
            />
          </InlineGrid>
        )}
        <Text as="p" tone="subdued" variant="bodySm">
          {`Frequency cap: at most ${plan.frequencyCap.messages || "unlimited"} marketing messages per contact per ${plan.frequencyCap.days} days (Settings).`}
        </Text>
        {plan.cost.byMarket.length ? (
          <>
            <Text as="h3" variant="headingSm">
              Estimated cost by market
            </Text>
            <DataTable
              columnContentTypes={["text", "numeric", "numeric"]}
              headings={["Market", "Messages", "USD"]}
              rows={plan.cost.byMarket.map((m) => [m.name, n(m.count), formatUsdMicros(BigInt(m.usdMicros))])}
            />
            <Box>
              <Text as="span" tone="subdued" variant="bodySm">
                Prices from your rate card: <Link url="/app/settings/prices">Message prices</Link>. Meta bills delivered
                messages only.
              </Text>
            </Box>
          </>
        ) : null}
      </BlockStack>
    </Card>
  );
}
