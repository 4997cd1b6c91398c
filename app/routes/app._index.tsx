import type { LoaderFunctionArgs } from "@remix-run/node";
import { useLoaderData } from "@remix-run/react";
import { Card, EmptyState, InlineGrid, Layout, Page } from "@shopify/polaris";
import { requireShop } from "../auth.server";
import { getStoreOverview } from "../dashboard/overview.server";
import { formatMoney } from "../lib/money";
import { getAttributionDashboard } from "../attribution/dashboard.server";
import { parsePeriod } from "../attribution/periods";
import { AttributionDashboard } from "../components/AttributionDashboard";
import { chartLinks } from "../components/AttributionCharts";
import { MetricCard } from "../components/MetricCard";
import { DataRequestsBanner } from "../components/DataRequestsBanner";
import { unansweredDataRequests } from "../compliance/customer-export.server";

export const links = chartLinks;

export const loader = async ({ request }: LoaderFunctionArgs) => {
  const { shop } = await requireShop(request);
  const days = parsePeriod(new URL(request.url).searchParams.get("days"));
  const [overview, attribution, unanswered] = await Promise.all([
    getStoreOverview(shop.id),
    getAttributionDashboard({ shopId: shop.id, days }),
    unansweredDataRequests(shop.id),
  ]);
  return { overview, attribution, currency: shop.currency, exponent: shop.currencyExponent, unanswered };
};

export default function Dashboard() {
  const { overview, attribution, currency, exponent, unanswered } = useLoaderData<typeof loader>();
  const n = (x: number) => x.toLocaleString("en");
  if (overview.orders === 0 && overview.customers === 0) {
    return (
      <Page title="Dashboard">
        <DataRequestsBanner unanswered={unanswered} />
        <Card>
          <EmptyState
            heading="Your store data is on its way"
            image=""
            action={{ content: "Open settings", url: "/app/settings" }}
          >
            <p>
              We import your customers, products and orders after install. Segments and campaign revenue appear here
              once that is done.
            </p>
          </EmptyState>
        </Card>
      </Page>
    );
  }
  return (
    <Page title="Dashboard" subtitle="Your store as the app sees it">
      <Layout>
        {unanswered > 0 ? (
          <Layout.Section>
            <DataRequestsBanner unanswered={unanswered} />
          </Layout.Section>
        ) : null}
        <Layout.Section>
          <InlineGrid columns={{ xs: 1, sm: 2, md: 4 }} gap="400">
            <MetricCard size="headingXl" label="Customers" value={n(overview.customers)} />
            <MetricCard
              size="headingXl"
              label="Reachable on WhatsApp"
              value={n(overview.customersWithValidPhone)}
              help={`${n(overview.customersWithInvalidPhone)} with a phone we cannot message`}
            />
            <MetricCard size="headingXl" label="Orders" value={n(overview.orders)} />
            <MetricCard
              size="headingXl"
              label="Net revenue"
              value={formatMoney(overview.netRevenueMinor, currency, exponent)}
              help="after refunds and cancellations"
            />
          </InlineGrid>
        </Layout.Section>
        <Layout.Section>
          <AttributionDashboard data={attribution} />
        </Layout.Section>
      </Layout>
    </Page>
  );
}
