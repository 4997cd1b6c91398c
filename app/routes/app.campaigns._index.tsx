// /app/campaigns — every campaign with its status, progress, clicks and revenue; search, sort and pages in the
// URL; polls while one on the page is running.
import type { LoaderFunctionArgs } from "@remix-run/node";
import { useLoaderData, useRevalidator } from "@remix-run/react";
import { Card, Page } from "@shopify/polaris";
import { useEffect } from "react";
import { requireShop } from "../auth.server";
import { CampaignTable } from "../components/campaigns/CampaignTable";
import { EmptyMessage } from "../components/EmptyMessage";
import { RouteError } from "../components/RouteError";
import { ACTIVE_STATUSES } from "../campaigns/labels";
import { listCampaigns, parseCampaignSort } from "../campaigns/list.server";

export const loader = async ({ request }: LoaderFunctionArgs) => {
  const { shop } = await requireShop(request);
  const url = new URL(request.url);
  const query = (url.searchParams.get("q") ?? "").slice(0, 200);
  const sort = parseCampaignSort(url.searchParams.get("sort"));
  const page = Number(url.searchParams.get("page") ?? "1");
  return {
    list: await listCampaigns(shop.id, { query, sort, page: Number.isSafeInteger(page) ? page : 1 }),
    query,
    sort,
    timeZone: shop.ianaTimezone,
    currency: shop.currency,
    exponent: shop.currencyExponent,
  };
};

export default function Campaigns() {
  const { list, query, sort, timeZone, currency, exponent } = useLoaderData<typeof loader>();
  const revalidator = useRevalidator();
  const live = list.rows.some((c) => ACTIVE_STATUSES.includes(c.status) || c.status === "scheduled");
  useEffect(() => {
    if (!live) return;
    const timer = setInterval(
      () => revalidator.state === "idle" && document.visibilityState === "visible" && revalidator.revalidate(),
      5000,
    );
    return () => clearInterval(timer);
  }, [live, revalidator]);

  return (
    <Page
      title="Campaigns"
      subtitle="WhatsApp template campaigns to your segments"
      primaryAction={{ content: "Create campaign", url: "/app/campaigns/new" }}
    >
      {list.total === 0 && !query ? (
        <Card padding="0">
          <EmptyMessage heading="No campaigns yet" action={{ content: "Create campaign", url: "/app/campaigns/new" }}>
            Send an approved WhatsApp template to one or more segments. Before scheduling you see who gets it, who is
            excluded and why, how many days Meta&apos;s limits need and what it costs; a test share and a holdout
            measure what it brings.
          </EmptyMessage>
        </Card>
      ) : (
        <CampaignTable
          list={list}
          sort={sort}
          query={query}
          timeZone={timeZone}
          currency={currency}
          exponent={exponent}
        />
      )}
    </Page>
  );
}

export function ErrorBoundary() {
  return <RouteError title="Campaigns" />;
}
