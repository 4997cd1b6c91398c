// /app/segments — every segment with its member count, 30-day trend, last refresh and status; suggestions to start.
import type { ActionFunctionArgs, LoaderFunctionArgs } from "@remix-run/node";
import { useLoaderData, useRevalidator, useSearchParams } from "@remix-run/react";
import { Banner, BlockStack, Card, EmptyState, Page, Text } from "@shopify/polaris";
import vizStyles from "@shopify/polaris-viz/build/esm/styles.css?url";
import { useEffect } from "react";
import { requireShop } from "../auth.server";
import { KindPicker } from "../components/segments/KindPicker";
import { EMPTY_PEOPLE } from "../components/illustrations";
import { SegmentTable, type BulkDeleteResult } from "../components/segments/SegmentTable";
import { deleteSegment } from "../segments/manage.server";
import { listSegments } from "../segments/overview.server";

export const links = () => [{ rel: "stylesheet", href: vizStyles }];

export const loader = async ({ request }: LoaderFunctionArgs) => {
  const { shop } = await requireShop(request);
  return { segments: await listSegments(shop.id), now: new Date().toISOString(), timeZone: shop.ianaTimezone };
};

/** Bulk delete from the list: each segment goes through the same checks as its page's Delete. */
export const action = async ({ request }: ActionFunctionArgs) => {
  const { shop } = await requireShop(request);
  const form = await request.formData();
  if (form.get("intent") !== "delete-many") return Response.json({ error: "Unknown action" }, { status: 400 });
  const ids = String(form.get("ids") ?? "")
    .split(",")
    .map(Number)
    .filter((n) => Number.isInteger(n) && n > 0)
    .slice(0, 250);
  const names = new Map((await listSegments(shop.id)).map((s) => [s.id, s.name]));
  const out: BulkDeleteResult = { deleted: [], refused: [] };
  for (const id of ids) {
    const r = await deleteSegment({ shopId: shop.id, segmentId: id });
    if (r.ok) out.deleted.push(id);
    else out.refused.push({ name: names.get(id) ?? `Segment ${id}`, message: r.message });
  }
  return out;
};

export default function Segments() {
  const { segments, now, timeZone } = useLoaderData<typeof loader>();
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
            <EmptyState heading="Build your first segment" image={EMPTY_PEOPLE}>
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
        <SegmentTable segments={segments} now={now} timeZone={timeZone} />
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
