import { defer, type LoaderFunctionArgs } from "@remix-run/node";
import { Await, useLoaderData } from "@remix-run/react";
import { Suspense } from "react";
import { BlockStack, Card, EmptyState, InlineGrid, Layout, Page } from "@shopify/polaris";
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
import { SetupChecklist } from "../components/SetupChecklist";
import { canReceiveCampaigns, setupChecklist } from "../dashboard/setup.server";

export const links = chartLinks;

export const loader = async ({ request }: LoaderFunctionArgs) => {
  const { shop } = await requireShop(request);
  const days = parsePeriod(new URL(request.url).searchParams.get("days"));
  // Who can receive a campaign reads every customer: streamed in after the page (the Contacts page does the same).
  const audience = canReceiveCampaigns(shop.id);
  const [overview, attribution, setup, unanswered] = await Promise.all([
    getStoreOverview(shop.id),
    getAttributionDashboard({ shopId: shop.id, days }),
    setupChecklist(shop.id),
    unansweredDataRequests(shop.id),
  ]);
  return defer({
    overview,
    attribution,
    setup,
    audience,
    unanswered,
    currency: shop.currency,
    exponent: shop.currencyExponent,
  });
};

export default function Dashboard() {
  const { overview, attribution, setup, audience, unanswered, currency, exponent } = useLoaderData<typeof loader>();
  const n = (x: number) => x.toLocaleString("en");
  if (overview.orders === 0 && overview.customers === 0) {
    return (
      <Page title="Dashboard">
        <BlockStack gap="400">
          <DataRequestsBanner unanswered={unanswered} />
          <SetupChecklist checklist={setup} audience={audience} />
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
        </BlockStack>
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
        {setup.complete ? null : (
          <Layout.Section>
            <SetupChecklist checklist={setup} audience={audience} />
          </Layout.Section>
        )}
        <Layout.Section>
          <InlineGrid columns={{ xs: 1, sm: 2, lg: 4 }} gap="400">
            <MetricCard size="headingXl" label="Customers" value={n(overview.customers)} />
            <Suspense fallback={<MetricCard size="headingXl" label="Can receive campaigns now" value="…" help=" " />}>
              <Await resolve={audience}>
                {(a) => (
                  <MetricCard
                    size="headingXl"
                    label="Can receive campaigns now"
                    value={n(a.eligible)}
                    help={`with consent and a WhatsApp number, as on Contacts; ${n(overview.customersWithInvalidPhone)} with a phone we cannot message`}
                  />
                )}
              </Await>
            </Suspense>
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
