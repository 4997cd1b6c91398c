// WhatsApp templates synced from the connected WABA: status, category, quality, and whether a default
// variable mapping is saved. "Sync templates" pulls every page from Meta now (webhooks keep them current).
import { json, type ActionFunctionArgs, type LoaderFunctionArgs } from "@remix-run/node";
import { useFetcher, useLoaderData, useNavigate } from "@remix-run/react";
import { Badge, Banner, Card, EmptyState, IndexTable, Page, Text } from "@shopify/polaris";
import { requireShop } from "../auth.server";
import { accountView } from "../whatsapp/account.server";
import { whatsappSettingsAction } from "../whatsapp/settings.server";
import { listTemplates } from "../whatsapp/templates.server";
import { templateSlots } from "../whatsapp/mapping";
import { CATEGORY, qualityOf, templateStatus } from "../components/whatsapp-labels";

export const loader = async ({ request }: LoaderFunctionArgs) => {
  const { shop } = await requireShop(request);
  const [account, templates] = await Promise.all([accountView(shop.id), listTemplates(shop.id)]);
  return {
    connected: !!account,
    syncedAt: account?.templatesSyncedAt ?? null,
    templates: templates.map((t) => ({
      id: t.id,
      name: t.name,
      language: t.language,
      category: t.category,
      status: t.status,
      qualityScore: t.qualityScore,
      variables: templateSlots(t).length,
      mapped: !!t.defaultMapping,
      rejectedReason: t.rejectedReason,
    })),
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
  const { connected, templates, syncedAt } = useLoaderData<typeof loader>();
  const sync = useFetcher<typeof action>();
  const navigate = useNavigate();
  const syncing = sync.state !== "idle";
  return (
    <Page
      title="Templates"
      subtitle={
        syncedAt
          ? `WhatsApp message templates · synced ${new Date(syncedAt).toLocaleString("en")}`
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
      <Card padding="0">
        {!connected ? (
          <EmptyState
            heading="Connect WhatsApp first"
            action={{ content: "Open settings", url: "/app/settings" }}
            image=""
          >
            <p>
              Templates are approved by Meta in WhatsApp Manager. Connect your number in Settings and they appear here.
            </p>
          </EmptyState>
        ) : templates.length === 0 ? (
          <EmptyState
            heading="No templates yet"
            action={{ content: "Sync templates", onAction: () => sync.submit({}, { method: "post" }) }}
            image=""
          >
            <p>Create a marketing template in WhatsApp Manager; once Meta approves it, sync to map its variables.</p>
          </EmptyState>
        ) : (
          <IndexTable
            resourceName={{ singular: "template", plural: "templates" }}
            itemCount={templates.length}
            selectable={false}
            headings={[
              { title: "Template" },
              { title: "Language" },
              { title: "Category" },
              { title: "Status" },
              { title: "Quality" },
              { title: "Variables" },
            ]}
          >
            {templates.map((t, i) => {
              const status = templateStatus(t.status);
              const quality = qualityOf(t.qualityScore);
              return (
                <IndexTable.Row
                  id={String(t.id)}
                  key={t.id}
                  position={i}
                  onClick={() => navigate(`/app/templates/${t.id}`)}
                >
                  <IndexTable.Cell>
                    <Text as="span" fontWeight="semibold">
                      {t.name}
                    </Text>
                  </IndexTable.Cell>
                  <IndexTable.Cell>{t.language}</IndexTable.Cell>
                  <IndexTable.Cell>{CATEGORY[t.category] ?? t.category}</IndexTable.Cell>
                  <IndexTable.Cell>
                    <Badge tone={status.tone}>{status.label}</Badge>
                  </IndexTable.Cell>
                  <IndexTable.Cell>
                    <Badge tone={quality.tone}>{quality.label.replace(" quality", "")}</Badge>
                  </IndexTable.Cell>
                  <IndexTable.Cell>
                    {t.variables === 0 ? (
                      "None"
                    ) : t.mapped ? (
                      <Badge tone="success">{`${t.variables} mapped`}</Badge>
                    ) : (
                      <Badge tone="attention">{`${t.variables} to map`}</Badge>
                    )}
                  </IndexTable.Cell>
                </IndexTable.Row>
              );
            })}
          </IndexTable>
        )}
      </Card>
    </Page>
  );
}
