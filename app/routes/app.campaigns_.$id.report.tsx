// Campaign report: delivery funnel, per-segment results with cost and ROI, holdout lift, credited orders, CSVs.
// URL /app/campaigns/:id/report (the campaign pages link here).
import { redirect, type ActionFunctionArgs, type LoaderFunctionArgs } from "@remix-run/node";
import { Link, useLoaderData, useNavigation } from "@remix-run/react";
import {
  Badge,
  Banner,
  BlockStack,
  Box,
  Card,
  DataTable,
  InlineGrid,
  InlineStack,
  Layout,
  Page,
  Text,
} from "@shopify/polaris";
import { idParam } from "../lib/id-param";
import { requireShop } from "../auth.server";
import { getCampaignReport, type CampaignReport, type SegmentMetrics } from "../attribution/report.server";
import { listCreditedOrders } from "../attribution/orders.server";
import { count, EVIDENCE_LABELS, money, percent, roi } from "../attribution/format";
import { formatInZone } from "../lib/zoned-time";
import { NOT_SENT } from "../campaigns/labels";
import { ReportLift, roiVersusLift } from "../components/campaigns/ReportLift";
import { describeHours } from "../attribution/windows";
import { REPLY_WINDOW_DAYS } from "../engagement/reply-window";
import { chartLinks, HorizontalBars } from "../components/AttributionCharts";
import { DownloadButton } from "../components/DownloadButton";
import { FollowUpCard } from "../components/campaigns/FollowUpCard";
import { createFollowUpSegment, isCampaignResponse } from "../engagement/follow-up.server";
import { EmptyMessage } from "../components/EmptyMessage";
import { MetricCard } from "../components/MetricCard";
import { RouteError } from "../components/RouteError";

export const links = chartLinks;

export const loader = async ({ request, params }: LoaderFunctionArgs) => {
  const { shop } = await requireShop(request);
  const campaignId = idParam(params.id, "Campaign");
  if (!Number.isSafeInteger(campaignId) || campaignId <= 0) throw new Response("Not found", { status: 404 });
  const [report, orders] = await Promise.all([
    getCampaignReport({ shopId: shop.id, campaignId }),
    listCreditedOrders({ shopId: shop.id, campaignId, limit: 10 }),
  ]);
  if (!report) throw new Response("Not found", { status: 404 });
  return { report, orders, timezone: shop.ianaTimezone };
};

/** "Follow up with those who did not …": create (or reopen) that segment and open it. */
export const action = async ({ request, params }: ActionFunctionArgs) => {
  const { shop } = await requireShop(request);
  const campaignId = idParam(params.id, "Campaign");
  const didNot = (await request.formData()).get("didNot");
  if (!isCampaignResponse(didNot)) throw new Response("Choose read, click or buy", { status: 400 });
  const result = await createFollowUpSegment({ shopId: shop.id, campaignId, didNot });
  if (!result.ok)
    throw new Response(result.status === 404 ? "Not found" : "Could not create", { status: result.status });
  return redirect(`/app/segments/${result.segmentId}`);
};

export function ErrorBoundary() {
  return <RouteError title="Campaign report" />;
}

const STATUS_TONE: Record<string, "success" | "info" | "attention" | "critical" | undefined> = {
  completed: "success",
  running: "info",
  testing: "info",
  awaiting_decision: "attention",
  paused: "attention",
  failed: "critical",
  cancelled: undefined,
};

/** Two tables rather than one of fifteen columns, which overflowed its card at 1440 px (issue 15 B15). */
const DELIVERY_HEADINGS = [
  "Segment",
  "Recipients",
  "Sent",
  "Delivered",
  "Read",
  "Replied",
  "Reply rate",
  "Unique clicks",
  "CTR",
  "Failed",
  "Opt-outs",
];
const REVENUE_HEADINGS = ["Segment", "Orders", "Revenue", "Rev./recipient", "Conversion", "Cost", "Profit", "ROI"];

function deliveryRow(s: SegmentMetrics) {
  return [
    s.segmentName,
    count(s.recipients),
    count(s.sent),
    count(s.delivered),
    count(s.read),
    count(s.replied),
    s.delivered ? percent(s.replied / s.delivered) : "—",
    count(s.clicked),
    s.clickRate === null ? "—" : percent(s.clickRate),
    count(s.failed),
    count(s.optOuts),
  ];
}

function revenueRow(s: SegmentMetrics, m: (v: string | null) => string) {
  return [
    s.segmentName,
    count(s.orders),
    m(s.revenueMinor),
    m(s.revenuePerRecipientMinor),
    percent(s.conversionRate),
    m(s.costMinor),
    m(s.profitMinor),
    roi(s.roi),
  ];
}

function SegmentTable({ headings, rows, totals }: { headings: string[]; rows: string[][]; totals: string[] }) {
  return (
    <DataTable
      columnContentTypes={["text", ...Array<"numeric">(headings.length - 1).fill("numeric")]}
      headings={headings}
      rows={rows}
      totals={totals.map((v, i) => (i === 0 ? "" : v))}
      showTotalsInFooter
    />
  );
}

function Funnel({ report }: { report: CampaignReport }) {
  const t = report.totals;
  const steps: Array<[string, number]> = [
    ["Recipients", t.recipients],
    ["Sent", t.sent],
    ["Delivered", t.delivered],
    ["Read", t.read],
    ["Replied", t.replied],
    ["Unique clicks", t.clicked],
    ["Bought", t.converted],
  ];
  const rate = (n: number, of: number) => (of ? ` (${percent(n / of)})` : "");
  return (
    <Card>
      <BlockStack gap="300">
        <Text as="h2" variant="headingMd">
          Delivery funnel
        </Text>
        <HorizontalBars
          series={[{ name: "Recipients", data: steps.map(([key, value]) => ({ key, value })) }]}
          format={(v) => count(Math.round(v))}
          height={240}
        />
        <InlineStack gap="400" wrap>
          <Text as="span">
            Delivered {count(t.delivered)}
            {rate(t.delivered, t.sent)}
          </Text>
          <Text as="span">
            Read {count(t.read)}
            {rate(t.read, t.delivered)}
          </Text>
          <Text as="span">
            Replied {count(t.replied)}
            {rate(t.replied, t.delivered)}
          </Text>
          <Text as="span">
            Unique clicks {count(t.clicked)}
            {t.delivered ? ` (CTR ${percent(t.clicked / t.delivered)})` : ""}
          </Text>
          <Text as="span" tone={t.failed ? "critical" : undefined}>
            Failed {count(t.failed)}
            {rate(t.failed, t.sent)}
          </Text>
          <Text as="span" tone={t.optOuts ? "caution" : undefined}>
            Opt-outs {count(t.optOuts)}
            {rate(t.optOuts, t.delivered)}
          </Text>
        </InlineStack>
        {t.clicked ? (
          <Text as="p" tone="subdued" variant="bodySm">
            {`Unique clicks: ${count(report.clicks.storefront)} counted on your store, ${count(report.clicks.redirect)} by our link, ${count(report.clicks.fromOrdersOnly)} known only from an order through the link. CTR = unique clicks ÷ delivered; link previews and bots are not counted.`}
          </Text>
        ) : null}
        <Text as="p" tone="subdued" variant="bodySm">
          {`Not messaged: held out ${count(report.holdout)} (${NOT_SENT.holdout}) · excluded ${count(report.excluded)} (${NOT_SENT.excluded}) · skipped ${count(report.skipped)} (${NOT_SENT.skipped}).`}
        </Text>
      </BlockStack>
    </Card>
  );
}

export default function CampaignReportPage() {
  const { report, orders, timezone } = useLoaderData<typeof loader>();
  const navigation = useNavigation();
  const m = (v: string | null) => money(v, report.currency, report.exponent);
  const t = report.totals;
  const c = report.campaign;
  return (
    <Page
      title={c.name}
      titleMetadata={<Badge tone={STATUS_TONE[c.status]}>{c.status.replace(/_/g, " ")}</Badge>}
      subtitle={`${c.startedAt ? `Sent from ${formatInZone(c.startedAt, timezone)}` : "Not sent yet"}${c.templateName ? ` · template ${c.templateName}` : ""}${c.discountCodes.length ? ` · code ${c.discountCodes.join(", ")}` : ""}`}
      backAction={{ content: "Campaigns", url: "/app/campaigns" }}
    >
      <div aria-busy={navigation.state === "loading"}>
        <Layout>
          {t.sent === 0 && report.holdout === 0 ? (
            <Layout.Section>
              <Card>
                <EmptyMessage heading="Nothing sent yet">
                  Results appear here as messages go out: delivery, clicks, the orders they bring, cost and lift.
                </EmptyMessage>
              </Card>
            </Layout.Section>
          ) : (
            <>
              <Layout.Section>
                {!report.costAvailable ? (
                  <Box paddingBlockEnd="400">
                    <Banner
                      tone="warning"
                      title="Messaging cost needs your exchange rate"
                      action={{ content: "Set it", url: "/app/settings/prices" }}
                    >
                      <p>
                        Meta prices messages in US dollars; enter what 1 USD is in {report.currency} to see cost, profit
                        and ROI.
                      </p>
                    </Banner>
                  </Box>
                ) : null}
                <InlineGrid columns={{ xs: 2, md: 3, lg: 6 }} gap="300">
                  <MetricCard
                    label="Attributed revenue"
                    value={m(t.revenueMinor)}
                    help={`${count(t.orders)} orders, after refunds`}
                  />
                  <MetricCard
                    label="Conversion rate"
                    value={percent(t.conversionRate, 2)}
                    help={`${count(t.converted)} of ${count(t.sent)} messaged bought`}
                  />
                  <MetricCard label="Revenue per recipient" value={m(t.revenuePerRecipientMinor)} />
                  <MetricCard
                    label="Messaging cost"
                    value={m(t.costMinor)}
                    help={`${count(t.delivered)} delivered messages`}
                  />
                  <MetricCard label="Profit after messaging" value={m(t.profitMinor)} help="revenue − messaging cost" />
                  <MetricCard
                    label="ROI"
                    value={roi(t.roi)}
                    help={
                      roiVersusLift(report)
                        ? "on credited revenue; see Lift for what the holdout measures"
                        : "profit ÷ messaging cost"
                    }
                  />
                </InlineGrid>
              </Layout.Section>
              <Layout.Section>
                <Funnel report={report} />
              </Layout.Section>
              <Layout.Section>
                <Card>
                  <BlockStack gap="300">
                    <InlineStack align="space-between" blockAlign="center" gap="200">
                      <Text as="h2" variant="headingMd">
                        By segment
                      </Text>
                      <InlineStack gap="200">
                        <DownloadButton
                          url={`/app/campaigns/${c.id}/report/segments.csv`}
                          label="Segments CSV"
                          filename={`campaign-${c.id}-segments.csv`}
                        />
                        <DownloadButton
                          url={`/app/campaigns/${c.id}/report/recipients.csv`}
                          label="Recipients CSV"
                          filename={`campaign-${c.id}-recipients.csv`}
                        />
                      </InlineStack>
                    </InlineStack>
                    <SegmentTable
                      headings={DELIVERY_HEADINGS}
                      rows={report.segments.map(deliveryRow)}
                      totals={deliveryRow(t)}
                    />
                    <SegmentTable
                      headings={REVENUE_HEADINGS}
                      rows={report.segments.map((s) => revenueRow(s, m))}
                      totals={revenueRow(t, m)}
                    />
                    <Text as="p" variant="bodySm" tone="subdued">
                      A customer in several segments is counted in the one the campaign reached them through. Revenue is
                      net of refunds; cancelled orders count for nothing. Credit: a click within{" "}
                      {describeHours(report.windows.clickWindowHours)}, else a delivered or read message within{" "}
                      {describeHours(report.windows.viewWindowHours)} (<Link to="/app/settings">Settings</Link>).
                      Replied: answered the message within {REPLY_WINDOW_DAYS} days (reply rate of delivered); a STOP is
                      an opt-out, not a reply.
                    </Text>
                  </BlockStack>
                </Card>
              </Layout.Section>
              <Layout.Section>
                <FollowUpCard delivered={t.delivered} read={t.read} clicked={t.clicked} converted={t.converted} />
              </Layout.Section>
              <Layout.Section>
                <ReportLift report={report} timeZone={timezone} />
              </Layout.Section>
              <Layout.Section>
                <Card>
                  <BlockStack gap="300">
                    <Text as="h2" variant="headingMd">
                      Latest credited orders
                    </Text>
                    {orders.length === 0 ? (
                      <Text as="p" tone="subdued">
                        No order credited to this campaign yet.
                      </Text>
                    ) : (
                      <DataTable
                        columnContentTypes={["text", "text", "text", "text", "numeric"]}
                        headings={["Order", "Placed", "Segment", "Why", "Revenue"]}
                        rows={orders.map((o) => [
                          <Link key={o.orderId} to={`/app/orders/${o.orderId}`}>
                            {o.name ?? o.orderId}
                          </Link>,
                          formatInZone(o.placedAt, timezone),
                          o.segmentName,
                          EVIDENCE_LABELS[o.evidence] ?? o.evidence,
                          o.cancelled ? "Cancelled" : m(o.revenueMinor),
                        ])}
                      />
                    )}
                  </BlockStack>
                </Card>
              </Layout.Section>
            </>
          )}
        </Layout>
      </div>
    </Page>
  );
}
