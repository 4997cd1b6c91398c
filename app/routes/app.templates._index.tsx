// WhatsApp templates synced from the connected WABA: message text, status, category, quality, and how much of the
// default variable mapping is left to do (components/whatsapp/TemplateTable.tsx). "Sync templates" pulls every page from Meta now (webhooks keep them current).
import { json, type ActionFunctionArgs, type LoaderFunctionArgs } from "@remix-run/node";
import { useFetcher, useLoaderData } from "@remix-run/react";
import { Banner, Card, EmptyState, Page } from "@shopify/polaris";
import { requireShop } from "../auth.server";
import { accountView } from "../whatsapp/account.server";
import { whatsappSettingsAction } from "../whatsapp/settings.server";
import { listTemplates } from "../whatsapp/templates.server";
import { mappingState, parametersToMap, templateSlots } from "../whatsapp/mapping";
import { TemplateTable, type TemplateListRow } from "../components/whatsapp/TemplateTable";
import { EMPTY_MESSAGE } from "../components/illustrations";
import { formatInZone } from "../lib/zoned-time";

export const loader = async ({ request }: LoaderFunctionArgs) => {
  const { shop } = await requireShop(request);
  const [account, templates] = await Promise.all([accountView(shop.id), listTemplates(shop.id)]);
  return {
    timeZone: shop.ianaTimezone,
    connected: !!account,
    syncedAt: account?.templatesSyncedAt ?? null,
    templates: templates.map((t) => ({
      id: t.id,
      name: t.name,
      language: t.language,
      category: t.category,
      status: t.status,
      qualityScore: t.qualityScore,
      body: String(t.components.find((c) => String(c.type).toUpperCase() === "BODY")?.text ?? ""),
      variables: templateSlots(t).length,
      mapping: mappingState(t, t.defaultMapping),
      toMap: parametersToMap(t, t.defaultMapping),
    })) satisfies TemplateListRow[],
  };
};

export const action = async ({ request }: ActionFunctionArgs) => {
  const { shop } = await requireShop(request);
  const form = new FormData();
  form.set("intent", "sync-templates");
  const result = await whatsappSettingsAction(shop.id, form);
  return json(result, { status: result.ok ? 200 : 400 });
};

export default function Templates() {
  const { connected, templates, syncedAt, timeZone } = useLoaderData<typeof loader>();
  const sync = useFetcher<typeof action>();
  const syncing = sync.state !== "idle";
  return (
    <Page
      title="Templates"
      subtitle={
        syncedAt
          ? `WhatsApp message templates · synced ${formatInZone(syncedAt, timeZone)}`
          : "WhatsApp message templates"
      }
      primaryAction={
        connected
          ? { content: "Sync templates", loading: syncing, onAction: () => sync.submit({}, { method: "post" }) }
          : undefined
      }
    >
      {sync.data ? (
        <div style={{ marginBottom: 16 }}>
          <Banner tone={sync.data.ok ? "success" : "critical"}>
            {sync.data.ok ? sync.data.message : sync.data.error}
          </Banner>
        </div>
      ) : null}
      {!connected ? (
        <Card>
          <EmptyState
            heading="Connect WhatsApp first"
            action={{ content: "Open settings", url: "/app/settings" }}
            image={EMPTY_MESSAGE}
          >
            <p>
              Templates are approved by Meta in WhatsApp Manager. Connect your number in Settings and they appear here.
            </p>
          </EmptyState>
        </Card>
      ) : templates.length === 0 ? (
        <Card>
          <EmptyState
            heading="No templates yet"
            action={{ content: "Sync templates", onAction: () => sync.submit({}, { method: "post" }) }}
            image={EMPTY_MESSAGE}
          >
            <p>Create a marketing template in WhatsApp Manager; once Meta approves it, sync to map its variables.</p>
          </EmptyState>
        </Card>
      ) : (
        <TemplateTable templates={templates} />
      )}
    </Page>
  );
}
