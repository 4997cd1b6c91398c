// /app/campaigns — every campaign with its status and progress; polls while one is running.
import type { LoaderFunctionArgs } from "@remix-run/node";
import { useLoaderData, useNavigate, useRevalidator } from "@remix-run/react";
import { Badge, BlockStack, Card, IndexTable, Page, ProgressBar, Text } from "@shopify/polaris";
import { useEffect } from "react";
import { requireShop } from "../auth.server";
import { EmptyMessage } from "../components/EmptyMessage";
import { RouteError } from "../components/RouteError";
import { ACTIVE_STATUSES, campaignStatus } from "../campaigns/labels";
import { listCampaigns } from "../campaigns/progress.server";

export const loader = async ({ request }: LoaderFunctionArgs) => {
  const { shop } = await requireShop(request);
  return { campaigns: await listCampaigns(shop.id), timeZone: shop.ianaTimezone };
};

export default function Campaigns() {
  const { campaigns, timeZone } = useLoaderData<typeof loader>();
  const navigate = useNavigate();
  const revalidator = useRevalidator();
  const live = campaigns.some((c) => ACTIVE_STATUSES.includes(c.status) || c.status === "scheduled");
  useEffect(() => {
    if (!live) return;
    const timer = setInterval(
      () => revalidator.state === "idle" && document.visibilityState === "visible" && revalidator.revalidate(),
      5000,
    );
    return () => clearInterval(timer);
  }, [live, revalidator]);
  const when = (iso: string | null) =>
    iso ? new Date(iso).toLocaleString("en", { timeZone, dateStyle: "medium", timeStyle: "short" }) : "—";

  return (
    <Page
      title="Campaigns"
      subtitle="WhatsApp template campaigns to your segments"
      primaryAction={{ content: "Create campaign", url: "/app/campaigns/new" }}
    >
      <Card padding="0">
        {campaigns.length === 0 ? (
          <EmptyMessage heading="No campaigns yet" action={{ content: "Create campaign", url: "/app/campaigns/new" }}>
            Send an approved WhatsApp template to one or more segments. Before scheduling you see who gets it, who is
            excluded and why, how many days Meta&apos;s limits need and what it costs; a test share and a holdout
            measure what it brings.
          </EmptyMessage>
        ) : (
          <IndexTable
            resourceName={{ singular: "campaign", plural: "campaigns" }}
            itemCount={campaigns.length}
            selectable={false}
            headings={[{ title: "Campaign" }, { title: "Status" }, { title: "Progress" }, { title: "Start" }]}
          >
            {campaigns.map((c, i) => {
              const s = campaignStatus(c.status);
              const p = c.progress;
              const pct = p && p.toSend ? Math.round((p.done / p.toSend) * 100) : 0;
              return (
                <IndexTable.Row
                  id={String(c.id)}
                  key={c.id}
                  position={i}
                  onClick={() => navigate(`/app/campaigns/${c.id}`)}
                >
                  <IndexTable.Cell>
                    <BlockStack gap="050">
                      <Text as="span" fontWeight="semibold">
                        {c.name}
                      </Text>
                      <Text as="span" tone="subdued" variant="bodySm">
                        {`${c.templateName ?? "template deleted"} · ${c.segments.join(", ") || "no segment"}`}
                      </Text>
                    </BlockStack>
                  </IndexTable.Cell>
                  <IndexTable.Cell>
                    <Badge tone={s.tone} progress={s.progress}>
                      {s.label}
                    </Badge>
                  </IndexTable.Cell>
                  <IndexTable.Cell>
                    {p ? (
                      <div style={{ minWidth: 180 }}>
                        <BlockStack gap="100">
                          <ProgressBar progress={pct} size="small" />
                          <Text
                            as="span"
                            variant="bodySm"
                            tone="subdued"
                          >{`${p.done.toLocaleString("en")} / ${p.toSend.toLocaleString("en")} · ${(p.delivered + p.read).toLocaleString("en")} delivered`}</Text>
                        </BlockStack>
                      </div>
                    ) : (
                      <Text as="span" tone="subdued">
                        —
                      </Text>
                    )}
                  </IndexTable.Cell>
                  <IndexTable.Cell>{when(c.startedAt ?? c.scheduledAt)}</IndexTable.Cell>
                </IndexTable.Row>
              );
            })}
          </IndexTable>
        )}
      </Card>
    </Page>
  );
}

export function ErrorBoundary() {
  return <RouteError title="Campaigns" />;
}
