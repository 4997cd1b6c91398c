// Dashboard section: revenue credited to WhatsApp messages over the last 7/30/90 days — totals, revenue by
// segment (table + bars), top campaigns, a stacked daily chart per segment, and the order lookup.
import { Form, Link, useNavigation, useSearchParams } from "@remix-run/react";
import {
  Badge,
  BlockStack,
  Box,
  Button,
  ButtonGroup,
  Card,
  DataTable,
  InlineGrid,
  InlineStack,
  Spinner,
  Text,
  TextField,
} from "@shopify/polaris";
import { useState } from "react";
import type { AttributionDashboard as Data } from "../attribution/dashboard.server";
import { DASHBOARD_PERIODS } from "../attribution/periods";
import { count, money, roi, toMajor } from "../attribution/format";
import { HorizontalBars, RevenueOverTimeChart } from "./AttributionCharts";
import { MetricCard } from "./MetricCard";
import { EmptyMessage } from "./EmptyMessage";

/** "$12K" for chart axes. */
function compactMoney(value: number, currency: string): string {
  return new Intl.NumberFormat("en", {
    style: "currency",
    currency,
    notation: "compact",
    maximumFractionDigits: 1,
  }).format(value);
}

function PeriodPicker({ days }: { days: number }) {
  const [params] = useSearchParams();
  const link = (d: number) => {
    const next = new URLSearchParams(params);
    next.set("days", String(d));
    return `?${next.toString()}`;
  };
  return (
    <ButtonGroup variant="segmented">
      {DASHBOARD_PERIODS.map((d) => (
        <Button key={d} url={link(d)} pressed={d === days} variant={d === days ? "primary" : "secondary"}>
          {`Last ${d} days`}
        </Button>
      ))}
    </ButtonGroup>
  );
}

function OrderLookup() {
  const [value, setValue] = useState("");
  return (
    <Form method="get" action="/app/orders">
      <InlineStack gap="200" blockAlign="end" wrap={false}>
        <div style={{ flexGrow: 1 }}>
          <TextField
            label="Why was an order credited (or not)?"
            name="q"
            value={value}
            onChange={setValue}
            placeholder="Order number, e.g. #1042"
            autoComplete="off"
          />
        </div>
        <Button submit>Explain</Button>
      </InlineStack>
    </Form>
  );
}

export function AttributionDashboard({ data }: { data: Data }) {
  const navigation = useNavigation();
  const loading = navigation.state === "loading" && navigation.location?.pathname === "/app";
  const m = (minor: string | null) => money(minor, data.currency, data.exponent);
  const period = `the last ${data.days} days`;

  if (!data.hasCampaigns) {
    return (
      <Card>
        <EmptyMessage
          heading="No campaign has been sent yet"
          action={{ content: "Go to campaigns", url: "/app/campaigns" }}
        >
          Once a WhatsApp campaign goes out, every order is checked against it: orders that come through a message link,
          use the campaign&apos;s code, or follow a delivered message closely are credited here, by segment and
          campaign.
        </EmptyMessage>
      </Card>
    );
  }

  const chartSeries = data.series.segments.map((s) => ({
    name: s.name,
    data: data.series.days.map((day, i) => ({ key: day, value: toMajor(s.revenueMinor[i]!, data.exponent) })),
  }));
  const segmentBars = [
    {
      name: "Revenue",
      data: data.bySegment.map((s) => ({ key: s.segmentName, value: toMajor(s.revenueMinor, data.exponent) })),
    },
  ];
  const moneyAxis = (v: number) => compactMoney(v, data.currency);

  return (
    <BlockStack gap="400">
      <InlineStack align="space-between" blockAlign="center" gap="200">
        <InlineStack gap="200" blockAlign="center">
          <Text as="h2" variant="headingLg">
            WhatsApp revenue
          </Text>
          {loading ? <Spinner size="small" accessibilityLabel="Loading the period" /> : null}
        </InlineStack>
        <PeriodPicker days={data.days} />
      </InlineStack>
      <div style={{ opacity: loading ? 0.5 : 1, transition: "opacity 150ms" }} aria-busy={loading}>
        <BlockStack gap="400">
          <InlineGrid columns={{ xs: 1, sm: 2, lg: 4 }} gap="400">
            <MetricCard
              label="Attributed revenue"
              value={m(data.totals.revenueMinor)}
              help={`${count(data.totals.orders)} orders in ${period}, after refunds`}
            />
            <MetricCard
              label="From clicks"
              value={m(data.totals.clickRevenueMinor)}
              help={`the rest after a delivered or read message: ${m(data.totals.viewRevenueMinor)}`}
            />
            <MetricCard
              label="Messaging cost"
              value={data.costAvailable ? m(data.totals.costMinor) : "Set exchange rate"}
              help={`${count(data.totals.messagesSent)} messages sent in ${period}`}
            />
            <MetricCard label="ROI" value={roi(data.totals.roi)} help="(revenue − messaging cost) ÷ messaging cost" />
          </InlineGrid>

          <Card>
            <BlockStack gap="300">
              <Text as="h3" variant="headingMd">
                Attributed revenue by day and segment
              </Text>
              {data.series.segments.length === 0 ? (
                <Box paddingBlock="800">
                  <Text as="p" tone="subdued" alignment="center">
                    No order was credited to a message in {period}.
                  </Text>
                </Box>
              ) : (
                <RevenueOverTimeChart series={chartSeries} formatMoney={moneyAxis} />
              )}
            </BlockStack>
          </Card>

          <InlineGrid columns={{ xs: 1, md: 2 }} gap="400">
            <Card>
              <BlockStack gap="300">
                <Text as="h3" variant="headingMd">
                  Revenue by segment
                </Text>
                {data.bySegment.length === 0 ? (
                  <Text as="p" tone="subdued">
                    Nothing credited in {period}.
                  </Text>
                ) : (
                  <>
                    <HorizontalBars series={segmentBars} format={moneyAxis} height={90 + 44 * data.bySegment.length} />
                    <DataTable
                      columnContentTypes={["text", "numeric", "numeric"]}
                      headings={["Segment", "Orders", "Revenue"]}
                      rows={data.bySegment.map((s) => [s.segmentName, count(s.orders), m(s.revenueMinor)])}
                      totals={["", count(data.totals.orders), m(data.totals.revenueMinor)]}
                      showTotalsInFooter
                    />
                  </>
                )}
              </BlockStack>
            </Card>
            <Card>
              <BlockStack gap="300">
                <Text as="h3" variant="headingMd">
                  Top campaigns
                </Text>
                {data.topCampaigns.length === 0 ? (
                  <Text as="p" tone="subdued">
                    No campaign brought a credited order in {period}.
                  </Text>
                ) : (
                  <DataTable
                    columnContentTypes={["text", "numeric", "numeric", "numeric"]}
                    headings={["Campaign", "Sent", `Revenue (${data.days} d)`, "ROI (all time)"]}
                    rows={data.topCampaigns.map((c) => [
                      <Link key={c.campaignId} to={`/app/campaigns/${c.campaignId}/report`}>
                        {c.name}
                      </Link>,
                      count(c.sent),
                      m(c.revenueMinor),
                      c.roi === null ? <Badge key="roi">—</Badge> : roi(c.roi),
                    ])}
                  />
                )}
              </BlockStack>
            </Card>
          </InlineGrid>

          <Card>
            <BlockStack gap="200">
              <OrderLookup />
              <Text as="p" variant="bodySm" tone="subdued">
                Or <Link to="/app/orders">browse recently credited orders</Link>. Attribution windows are in{" "}
                <Link to="/app/settings">Settings</Link>.
              </Text>
            </BlockStack>
          </Card>
        </BlockStack>
      </div>
    </BlockStack>
  );
}
