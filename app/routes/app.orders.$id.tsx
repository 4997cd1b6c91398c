// One order's attribution: the credit and why, or why not, with every message the customer got around it.
import type { LoaderFunctionArgs } from "@remix-run/node";
import { Link, useLoaderData } from "@remix-run/react";
import { Badge, Banner, BlockStack, Box, Card, Divider, InlineStack, Layout, Page, Text } from "@shopify/polaris";
import { requireShop } from "../auth.server";
import { explainOrder } from "../attribution/explain.server";
import { dateTime, money } from "../attribution/format";
import { describeHours } from "../attribution/windows";
import { RouteError } from "../components/RouteError";

export const loader = async ({ request, params }: LoaderFunctionArgs) => {
  const { shop } = await requireShop(request);
  const explanation = await explainOrder({ shopId: shop.id, orderId: params.id ?? "" });
  if (!explanation) throw new Response("Not found", { status: 404 });
  return { explanation, timezone: shop.ianaTimezone };
};

export function ErrorBoundary() {
  return <RouteError title="Order attribution" />;
}

function Row({ label, value }: { label: string; value: React.ReactNode }) {
  return (
    <InlineStack align="space-between" gap="400" wrap={false}>
      <Text as="span" tone="subdued">
        {label}
      </Text>
      <Text as="span" alignment="end" breakWord>
        {value}
      </Text>
    </InlineStack>
  );
}

export default function OrderAttribution() {
  const { explanation: x, timezone } = useLoaderData<typeof loader>();
  const m = (v: string) => money(v, x.currency, x.exponent);
  const o = x.order;
  return (
    <Page
      title={`Order ${o.name ?? o.id}`}
      titleMetadata={x.credit ? <Badge tone="success">Credited</Badge> : <Badge>Not credited</Badge>}
      subtitle={`Placed ${dateTime(o.placedAt, timezone)}${o.customerName ? ` by ${o.customerName}` : o.customerId ? "" : " (guest checkout)"}`}
      backAction={{ content: "Credited orders", url: "/app/orders" }}
    >
      <Layout>
        <Layout.Section>
          <Banner
            tone={x.credit ? "success" : "info"}
            title={x.credit ? `Credited to ${x.credit.campaignName}` : "Not credited to any message"}
          >
            <p>{x.verdict}</p>
          </Banner>
        </Layout.Section>
        <Layout.Section variant="oneHalf">
          <Card>
            <BlockStack gap="200">
              <Text as="h2" variant="headingMd">
                Order
              </Text>
              <Row label="Total" value={m(o.totalMinor)} />
              <Row label="Refunded" value={m(o.refundedMinor)} />
              <Row label="Revenue that counts" value={m(o.netMinor)} />
              {o.cancelledAt ? <Row label="Cancelled" value={dateTime(o.cancelledAt, timezone)} /> : null}
              {o.test ? <Row label="Test order" value="yes" /> : null}
              <Row label="Landing page" value={o.landingSite ?? "—"} />
              <Row label="Discount codes" value={o.discountCodes.length ? o.discountCodes.join(", ") : "—"} />
            </BlockStack>
          </Card>
        </Layout.Section>
        <Layout.Section variant="oneHalf">
          <Card>
            <BlockStack gap="200">
              <Text as="h2" variant="headingMd">
                Credit
              </Text>
              {x.credit ? (
                <>
                  <Row
                    label="Campaign"
                    value={<Link to={`/app/campaigns/${x.credit.campaignId}/report`}>{x.credit.campaignName}</Link>}
                  />
                  <Row label="Segment" value={x.credit.segmentName} />
                  <Row
                    label="Signal"
                    value={`${x.credit.signal === "click" ? "Click" : "View"} (${x.credit.evidence.replace("_", " ")})`}
                  />
                  <Row label="Signal time" value={dateTime(x.credit.signalAt, timezone)} />
                  <Row label="Window" value={describeHours(x.credit.windowHours)} />
                  <Row label="Credited revenue" value={m(x.credit.revenueMinor)} />
                </>
              ) : (
                <Text as="p" tone="subdued">
                  Windows now: click {describeHours(x.windows.clickWindowHours)}, view{" "}
                  {describeHours(x.windows.viewWindowHours)}.
                </Text>
              )}
            </BlockStack>
          </Card>
        </Layout.Section>
        <Layout.Section>
          <Card>
            <BlockStack gap="300">
              <Text as="h2" variant="headingMd">
                Messages to this customer around the order
              </Text>
              {x.messages.length === 0 ? (
                <Text as="p" tone="subdued">
                  None in the 60 days before the order.
                </Text>
              ) : (
                <BlockStack gap="300">
                  {x.messages.map((msg, i) => (
                    <BlockStack key={msg.recipientId} gap="100">
                      {i > 0 ? <Divider /> : null}
                      <Box paddingBlockStart={i > 0 ? "200" : "0"}>
                        <InlineStack gap="200" blockAlign="center">
                          <Link to={`/app/campaigns/${msg.campaignId}/report`}>{msg.campaignName}</Link>
                          <Text as="span" tone="subdued">
                            {msg.segmentName}
                          </Text>
                          {msg.credited ? (
                            <Badge tone="success">Credited</Badge>
                          ) : msg.group === "holdout" ? (
                            <Badge>Held out</Badge>
                          ) : null}
                        </InlineStack>
                      </Box>
                      <Text as="p" variant="bodySm" tone="subdued">
                        {[
                          msg.sentAt && `sent ${dateTime(msg.sentAt, timezone)}`,
                          msg.deliveredAt && `delivered ${dateTime(msg.deliveredAt, timezone)}`,
                          msg.readAt && `read ${dateTime(msg.readAt, timezone)}`,
                          msg.clickedAt && `clicked ${dateTime(msg.clickedAt, timezone)}`,
                        ]
                          .filter(Boolean)
                          .join(" · ") || (msg.group === "holdout" ? "never sent" : msg.status)}
                      </Text>
                      <Text as="p" tone={msg.credited ? "success" : undefined}>
                        {msg.reason}
                      </Text>
                    </BlockStack>
                  ))}
                </BlockStack>
              )}
            </BlockStack>
          </Card>
        </Layout.Section>
      </Layout>
    </Page>
  );
}
