import { json, type ActionFunctionArgs, type LoaderFunctionArgs } from "@remix-run/node";
import { Form, useActionData, useLoaderData, useNavigation, useRevalidator } from "@remix-run/react";
import { Banner, BlockStack, Button, Card, InlineStack, Layout, Page, Text } from "@shopify/polaris";
import { useEffect } from "react";
import { requireShop } from "../auth.server";
import { backfillProgress } from "../ingest/backfill.server";
import { enqueue } from "../../jobs/queues";
import { SyncProgress } from "../components/SyncProgress";
import { AttributionSettingsCard } from "../components/AttributionSettingsCard";
import { CampaignSettingsCard } from "../components/CampaignSettingsCard";
import { WhatsAppSettings } from "../components/WhatsAppSettings";
import { loadWhatsAppSettings } from "../whatsapp/settings.server";
import { formatInZone } from "../lib/zoned-time";
import { unansweredDataRequests } from "../compliance/customer-export.server";
import { DataRequestsBanner } from "../components/DataRequestsBanner";

export const loader = async ({ request }: LoaderFunctionArgs) => {
  const { shop, demo } = await requireShop(request);
  const progress = await backfillProgress(shop.id);
  return {
    demo,
    progress,
    syncing: progress.some((p) => ["requested", "running", "importing"].includes(p.status)),
    shop: {
      domain: shop.domain,
      name: shop.name,
      currency: shop.currency,
      timezone: shop.ianaTimezone,
      installedAt: shop.installedAt.toISOString(),
    },
    whatsapp: await loadWhatsAppSettings(shop.id),
    unansweredDataRequests: await unansweredDataRequests(shop.id),
  };
};

export const action = async ({ request }: ActionFunctionArgs) => {
  const { shop, demo } = await requireShop(request);
  const form = await request.formData();
  if (form.get("intent") !== "resync") return json({ error: "Unknown action" }, { status: 400 });
  // The demo store has no Shopify to import from (docs/decisions/0020-demo-resync.md).
  if (demo) return json({ error: DEMO_RESYNC }, { status: 409 });
  try {
    await enqueue(
      "backfill.start",
      { shopId: shop.id, reason: "resync" },
      { jobId: `resync-${shop.id}-${Math.floor(Date.now() / 60000)}` },
    );
  } catch {
    return json({ error: "The background queue is unavailable right now. Try again in a minute." }, { status: 503 });
  }
  return { ok: true };
};

const DEMO_RESYNC =
  "The demo store's data is generated, not imported from Shopify, so there is nothing to re-sync. In a real store this re-imports customers, products and orders.";

function Row({ label, value }: { label: string; value: string }) {
  return (
    <InlineStack align="space-between">
      <Text as="span" tone="subdued">
        {label}
      </Text>
      <Text as="span">{value}</Text>
    </InlineStack>
  );
}

export default function Settings() {
  const { shop, demo, progress, syncing, whatsapp, unansweredDataRequests } = useLoaderData<typeof loader>();
  const actionData = useActionData<typeof action>();
  const navigation = useNavigation();
  const revalidator = useRevalidator();
  const submitting = navigation.state === "submitting";

  // While a sync runs, refresh the progress every two seconds.
  useEffect(() => {
    if (!syncing && !actionData) return;
    const timer = setInterval(() => revalidator.state === "idle" && revalidator.revalidate(), 2000);
    return () => clearInterval(timer);
  }, [syncing, actionData, revalidator]);

  return (
    <Page
      title="Settings"
      secondaryActions={[
        { content: "Data requests", url: "/app/settings/data-requests" },
        { content: "Access log", url: "/app/settings/access-log" },
      ]}
    >
      <Layout>
        {unansweredDataRequests > 0 ? (
          <Layout.Section>
            <DataRequestsBanner unanswered={unansweredDataRequests} />
          </Layout.Section>
        ) : null}
        <Layout.AnnotatedSection
          title="Store"
          description="Amounts are shown in your store currency; daily segment refreshes run at midnight in your store's time zone."
        >
          <Card>
            <BlockStack gap="200">
              <Row label="Store" value={shop.name ?? shop.domain} />
              <Row label="Domain" value={shop.domain} />
              <Row label="Currency" value={shop.currency} />
              <Row label="Time zone" value={shop.timezone} />
              <Row label="Installed" value={formatInZone(shop.installedAt, shop.timezone, { dateOnly: true })} />
              {demo ? <Row label="Mode" value="Demo (generated data)" /> : null}
            </BlockStack>
          </Card>
        </Layout.AnnotatedSection>
        <Layout.AnnotatedSection
          title="Store data"
          description="Customers, products and orders are imported after install and kept current by webhooks. Re-sync imports everything again; nothing is duplicated."
        >
          <Card>
            <BlockStack gap="400">
              {actionData && "error" in actionData ? <Banner tone="critical">{String(actionData.error)}</Banner> : null}
              {progress.length ? (
                <SyncProgress progress={progress} timeZone={shop.timezone} />
              ) : (
                <Text as="p" tone="subdued">
                  No import has run yet.
                </Text>
              )}
              {demo ? (
                <div data-testid="demo-resync">
                  <Banner tone="info">{DEMO_RESYNC}</Banner>
                </div>
              ) : null}
              <Form method="post">
                <input type="hidden" name="intent" value="resync" />
                <Button submit loading={submitting} disabled={syncing || demo}>
                  {syncing ? "Sync in progress" : "Re-sync store data"}
                </Button>
              </Form>
            </BlockStack>
          </Card>
        </Layout.AnnotatedSection>
        <WhatsAppSettings data={whatsapp} timeZone={shop.timezone} />
        <CampaignSettingsCard />
        <AttributionSettingsCard timeZone={shop.timezone} />
      </Layout>
    </Page>
  );
}
