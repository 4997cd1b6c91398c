// Credited orders, newest first, and the lookup "why was this order credited?" (?q=#1042 opens its explanation).
import { redirect, type LoaderFunctionArgs } from "@remix-run/node";
import { Form, Link, useLoaderData, useNavigation } from "@remix-run/react";
import { Banner, BlockStack, Button, Card, DataTable, InlineStack, Page, Text, TextField } from "@shopify/polaris";
import { useState } from "react";
import { requireShop } from "../auth.server";
import { findOrderId } from "../attribution/explain.server";
import { listCreditedOrders } from "../attribution/orders.server";
import { dateTime, EVIDENCE_LABELS, money } from "../attribution/format";
import { RouteError } from "../components/RouteError";
import { EmptyMessage } from "../components/EmptyMessage";

export const loader = async ({ request }: LoaderFunctionArgs) => {
  const { shop } = await requireShop(request);
  const q = new URL(request.url).searchParams.get("q")?.trim() ?? "";
  if (q) {
    const id = await findOrderId(shop.id, q);
    if (id) throw redirect(`/app/orders/${id}`);
  }
  const orders = await listCreditedOrders({ shopId: shop.id, limit: 100 });
  return {
    q,
    notFound: q !== "",
    orders,
    currency: shop.currency,
    exponent: shop.currencyExponent,
    timezone: shop.ianaTimezone,
  };
};

export function ErrorBoundary() {
  return <RouteError title="Credited orders" />;
}

export default function CreditedOrders() {
  const { q, notFound, orders, currency, exponent, timezone } = useLoaderData<typeof loader>();
  const [value, setValue] = useState(q);
  const navigation = useNavigation();
  return (
    <Page
      title="Credited orders"
      subtitle="Orders credited to a WhatsApp message, and why"
      backAction={{ content: "Dashboard", url: "/app" }}
    >
      <BlockStack gap="400">
        <Card>
          <Form method="get">
            <InlineStack gap="200" blockAlign="end" wrap={false}>
              <div style={{ flexGrow: 1 }}>
                <TextField
                  label="Explain any order"
                  name="q"
                  value={value}
                  onChange={setValue}
                  placeholder="Order number, e.g. #1042"
                  autoComplete="off"
                />
              </div>
              <Button submit loading={navigation.state !== "idle" && navigation.location?.pathname === "/app/orders"}>
                Explain
              </Button>
            </InlineStack>
          </Form>
        </Card>
        {notFound ? (
          <Banner tone="warning" title={`No order "${q}" in this store`}>
            <p>Use the order number as shown in Shopify (e.g. #1042). Orders appear here once imported.</p>
          </Banner>
        ) : null}
        <Card padding="0">
          {orders.length === 0 ? (
            <EmptyMessage heading="No credited orders yet">
              Orders that come through a message link, use a campaign code, or follow a delivered message appear here.
            </EmptyMessage>
          ) : (
            <DataTable
              columnContentTypes={["text", "text", "text", "text", "text", "numeric"]}
              headings={["Order", "Placed", "Customer", "Campaign", "Why", "Revenue"]}
              rows={orders.map((o) => [
                <Link key={o.orderId} to={`/app/orders/${o.orderId}`}>
                  {o.name ?? o.orderId}
                </Link>,
                dateTime(o.placedAt, timezone),
                o.customerName ?? "—",
                <Link key={`c${o.orderId}`} to={`/app/campaigns/${o.campaignId}/report`}>
                  {o.campaignName}
                </Link>,
                <Text as="span" key={`e${o.orderId}`}>
                  {EVIDENCE_LABELS[o.evidence] ?? o.evidence}
                </Text>,
                o.cancelled ? "Cancelled" : money(o.revenueMinor, currency, exponent),
              ])}
            />
          )}
        </Card>
      </BlockStack>
    </Page>
  );
}
