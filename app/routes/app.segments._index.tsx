// /app/segments — every segment with its member count, 30-day trend, last refresh and status; suggestions to start.
import type { LoaderFunctionArgs } from "@remix-run/node";
import { useLoaderData, useNavigate, useRevalidator, useSearchParams } from "@remix-run/react";
import { Banner, BlockStack, Card, EmptyState, IndexTable, Page, Text, Tooltip } from "@shopify/polaris";
import vizStyles from "@shopify/polaris-viz/build/esm/styles.css?url";
import { useEffect } from "react";
import { requireShop } from "../auth.server";
import { KindPicker } from "../components/segments/KindPicker";
import { SegmentStatusBadge, timeAgo } from "../components/segments/SegmentStatus";
import { TrendSparkline } from "../components/segments/TrendChart";
import { KIND_INFO } from "../segments/builder-form";
import { listSegments } from "../segments/overview.server";

export const links = () => [{ rel: "stylesheet", href: vizStyles }];

export const loader = async ({ request }: LoaderFunctionArgs) => {
  const { shop } = await requireShop(request);
  return { segments: await listSegments(shop.id), now: new Date().toISOString() };
};

export default function Segments() {
  const { segments, now } = useLoaderData<typeof loader>();
  const navigate = useNavigate();
  const revalidator = useRevalidator();
  const [params] = useSearchParams();
  const created = (params.get("created") ?? "").split(",").filter(Boolean).length;
  const refreshing = segments.some((s) => s.status === "refreshing");

  // While a segment is being computed, refresh the list every two seconds.
  useEffect(() => {
    if (!refreshing) return;
    const timer = setInterval(() => revalidator.state === "idle" && revalidator.revalidate(), 2000);
    return () => clearInterval(timer);
  }, [refreshing, revalidator]);

  if (segments.length === 0) {
    return (
      <Page title="Segments" subtitle="Customers grouped by what they bought and how they shop">
        <BlockStack gap="400">
          <Card>
            <EmptyState heading="Build your first segment" image="">
              <p>
                Segments are computed from your orders and stay current as orders, refunds and cancellations arrive.
                Pick a kind below to start; you see who matches, and why, before you save.
              </p>
            </EmptyState>
          </Card>
          <KindPicker />
        </BlockStack>
      </Page>
    );
  }

  return (
    <Page
      title="Segments"
      subtitle="Customers grouped by what they bought and how they shop"
      primaryAction={{ content: "Create segment", url: "/app/segments/new" }}
    >
      <BlockStack gap="400">
        {created > 1 ? (
          <Banner tone="success">{`${created} segments created: they are being computed now.`}</Banner>
        ) : null}
        <Card padding="0">
          <IndexTable
            resourceName={{ singular: "segment", plural: "segments" }}
            itemCount={segments.length}
            selectable={false}
            headings={[
              { title: "Name" },
              { title: "Kind" },
              { title: "Members", alignment: "end" },
              { title: "Last 30 days" },
              { title: "Last refresh" },
              { title: "Status" },
            ]}
          >
            {segments.map((s, i) => (
              <IndexTable.Row
                id={String(s.id)}
                key={s.id}
                position={i}
                onClick={() => navigate(`/app/segments/${s.id}`)}
              >
                <IndexTable.Cell>
                  <Text as="span" fontWeight="semibold">
                    <span data-testid="segment-name">{s.name}</span>
                  </Text>
                </IndexTable.Cell>
                <IndexTable.Cell>{KIND_INFO[s.kind].title}</IndexTable.Cell>
                <IndexTable.Cell>
                  <Text as="span" alignment="end" numeric>
                    <span data-testid="segment-members">
                      {!s.lastRefreshedAt
                        ? s.status === "refreshing"
                          ? "…"
                          : "—"
                        : s.memberCount.toLocaleString("en")}
                    </span>
                  </Text>
                </IndexTable.Cell>
                <IndexTable.Cell>
                  <TrendSparkline points={s.trend} label={s.name} />
                </IndexTable.Cell>
                <IndexTable.Cell>
                  {s.lastRefreshedAt ? (
                    <Tooltip content={new Date(s.lastRefreshedAt).toLocaleString("en")}>
                      <Text as="span">{timeAgo(s.lastRefreshedAt, now)}</Text>
                    </Tooltip>
                  ) : (
                    <Text as="span" tone="subdued">
                      not yet
                    </Text>
                  )}
                </IndexTable.Cell>
                <IndexTable.Cell>
                  <SegmentStatusBadge status={s.status} error={s.refreshError} />
                </IndexTable.Cell>
              </IndexTable.Row>
            ))}
          </IndexTable>
        </Card>
        <Text as="p" tone="subdued" variant="bodySm">
          Members update within seconds of an order, refund or cancellation; time-based conditions (days since the last
          order, windows) are re-evaluated every night at midnight in your store&apos;s time zone.
        </Text>
      </BlockStack>
    </Page>
  );
}

export function ErrorBoundary() {
  return (
    <Page title="Segments">
      <Banner tone="critical" title="Segments could not be loaded">
        Something went wrong on our side. Reload the page; if it keeps happening, contact support.
      </Banner>
    </Page>
  );
}
