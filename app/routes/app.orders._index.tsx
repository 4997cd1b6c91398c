// Credited orders, newest first, and the lookup "why was this order credited?" (?q=#1042 opens its explanation).
import { redirect, type LoaderFunctionArgs } from "@remix-run/node";
import { Form, Link, useLoaderData, useNavigate, useNavigation, useSearchParams } from "@remix-run/react";
import {
  Badge,
  Banner,
  BlockStack,
  Button,
  Card,
  EmptyState,
  IndexTable,
  InlineStack,
  Page,
  Select,
  Text,
  TextField,
} from "@shopify/polaris";
import { useState } from "react";
import { requireShop } from "../auth.server";
import { findOrderId } from "../attribution/explain.server";
import { creditedOrdersPage } from "../attribution/orders.server";
import { dateTime, EVIDENCE_LABELS, money } from "../attribution/format";
import { RouteError } from "../components/RouteError";
import { EMPTY_MESSAGE } from "../components/illustrations";

export const loader = async ({ request }: LoaderFunctionArgs) => {
  const { shop } = await requireShop(request);
  const url = new URL(request.url);
  const q = url.searchParams.get("q")?.trim() ?? "";
  if (q) {
    const id = await findOrderId(shop.id, q);
    if (id) throw redirect(`/app/orders/${id}`);
  }
  const campaignId = Number(url.searchParams.get("campaign")) || null;
  const orders = await creditedOrdersPage({
    shopId: shop.id,
    campaignId,
    after: url.searchParams.get("after"),
    before: url.searchParams.get("before"),
  });
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
        <CreditedOrdersTable orders={orders} currency={currency} exponent={exponent} timezone={timezone} />
      </BlockStack>
    </Page>
  );
}

const PAGE_SIZE = 50;

function CreditedOrdersTable({
  orders,
  currency,
  exponent,
  timezone,
}: {
  orders: ReturnType<typeof useLoaderData<typeof loader>>["orders"];
  currency: string;
  exponent: number;
  timezone: string;
}) {
  const [params, setParams] = useSearchParams();
  const navigate = useNavigate();
  const pageIndex = Number(params.get("page") ?? "1") || 1;
  const campaign = params.get("campaign") ?? "";
  const go = (changes: Record<string, string | null>) => {
    const next = new URLSearchParams(params);
    for (const [k, v] of Object.entries(changes))
      if (v) next.set(k, v);
      else next.delete(k);
    setParams(next, { preventScrollReset: true });
  };
  const first = orders.total === 0 ? 0 : (pageIndex - 1) * PAGE_SIZE + 1;
  const last = first === 0 ? 0 : first + orders.rows.length - 1;
  return (
    <Card padding="0">
      {orders.campaigns.length > 1 ? (
        <div style={{ padding: "12px 16px", maxWidth: 360 }}>
          <Select
            label="Campaign"
            labelInline
            options={[
              { label: "All campaigns", value: "" },
              ...orders.campaigns.map((c) => ({ label: c.name, value: String(c.id) })),
            ]}
            value={campaign}
            onChange={(v) => go({ campaign: v, after: null, before: null, page: null, q: null })}
          />
        </div>
      ) : null}
      <IndexTable
        resourceName={{ singular: "credited order", plural: "credited orders" }}
        itemCount={orders.rows.length}
        selectable={false}
        emptyState={
          <EmptyState
            heading="No credited orders yet"
            image={EMPTY_MESSAGE}
            action={{ content: "Create a campaign", url: "/app/campaigns/new" }}
          >
            <p>
              Orders that come through a message link, use a campaign code, or follow a delivered message appear here.
            </p>
          </EmptyState>
        }
        headings={[
          { title: "Order" },
          { title: `Placed (${timezone})` },
          { title: "Customer" },
          { title: "Campaign" },
          { title: "Why" },
          { title: "Revenue", alignment: "end" },
        ]}
        pagination={{
          hasPrevious: orders.before !== null,
          hasNext: orders.after !== null,
          onPrevious: () => go({ before: orders.before, after: null, page: String(Math.max(1, pageIndex - 1)) }),
          onNext: () => go({ after: orders.after, before: null, page: String(pageIndex + 1) }),
          label: `${first.toLocaleString("en")}–${last.toLocaleString("en")} of ${orders.total.toLocaleString("en")}`,
        }}
      >
        {orders.rows.map((o, i) => (
          <IndexTable.Row
            id={o.orderId}
            key={o.orderId}
            position={i}
            onClick={() => navigate(`/app/orders/${o.orderId}`)}
          >
            <IndexTable.Cell>
              <Link to={`/app/orders/${o.orderId}`} onClick={(e) => e.stopPropagation()}>
                {o.name ?? o.orderId}
              </Link>
            </IndexTable.Cell>
            <IndexTable.Cell>{dateTime(o.placedAt, timezone)}</IndexTable.Cell>
            <IndexTable.Cell>{o.customerName ?? "—"}</IndexTable.Cell>
            <IndexTable.Cell>
              <Link to={`/app/campaigns/${o.campaignId}/report`} onClick={(e) => e.stopPropagation()}>
                {o.campaignName}
              </Link>
            </IndexTable.Cell>
            <IndexTable.Cell>
              <Text as="span">{EVIDENCE_LABELS[o.evidence] ?? o.evidence}</Text>
            </IndexTable.Cell>
            <IndexTable.Cell>
              <Text as="span" alignment="end" numeric>
                {o.cancelled ? <Badge>Cancelled</Badge> : money(o.revenueMinor, currency, exponent)}
              </Text>
            </IndexTable.Cell>
          </IndexTable.Row>
        ))}
      </IndexTable>
    </Card>
  );
}
