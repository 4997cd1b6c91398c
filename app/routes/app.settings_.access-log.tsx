// Settings → Access log: the shop's latest exports and views of personal data (who, what, when, how many rows),
// so the merchant can review them (Shopify's level 2 "keep an access log", docs/privacy.md).
import type { LoaderFunctionArgs } from "@remix-run/node";
import { useLoaderData, useNavigation } from "@remix-run/react";
import { Card, IndexTable, Layout, Page, SkeletonBodyText, Text } from "@shopify/polaris";
import { requireShop } from "../auth.server";
import { recentAuditEvents } from "../compliance/audit.server";
import { EmptyMessage } from "../components/EmptyMessage";
import { RouteError } from "../components/RouteError";
import { formatInZone } from "../lib/zoned-time";
import { getEnv } from "../env.server";

const LIMIT = 200;

const ACTIONS: Record<string, string> = {
  "segment.export": "Exported a segment's members (CSV)",
  "recipients.export": "Exported a campaign's recipients (CSV)",
  "consent_import.rejected_export": "Downloaded an import's rejected rows (CSV)",
  "contact.view": "Opened a contact",
  "contacts.list_view": "Viewed the contact list",
  "segment.view": "Viewed a segment's members",
  "data_request.download": "Downloaded a data request",
};

/** "shopify-user:123" → "Staff user 123"; the rest as stored. */
function actorLabel(actor: string): string {
  if (actor.startsWith("shopify-user:")) return `Staff user ${actor.slice("shopify-user:".length)}`;
  if (actor.startsWith("shop:")) return "Store (no staff user)";
  return actor;
}

export const loader = async ({ request }: LoaderFunctionArgs) => {
  const { shop } = await requireShop(request);
  return {
    events: await recentAuditEvents(shop.id, LIMIT),
    timeZone: shop.ianaTimezone,
    retentionDays: getEnv().AUDIT_RETENTION_DAYS,
  };
};

export default function AccessLog() {
  const { events, timeZone, retentionDays } = useLoaderData<typeof loader>();
  const loading = useNavigation().state === "loading";
  return (
    <Page
      title="Access log"
      subtitle="Who exported or viewed customers' personal data in this app"
      backAction={{ content: "Settings", url: "/app/settings" }}
    >
      <Layout>
        <Layout.Section>
          <Card padding="0">
            {loading ? (
              <div style={{ padding: "1rem" }}>
                <SkeletonBodyText lines={4} />
              </div>
            ) : events.length === 0 ? (
              <EmptyMessage heading="Nothing recorded yet">
                Each export of customer data (segment members, campaign recipients, data requests) and each view of a
                contact or a member list appears here, with the staff member and the time.
              </EmptyMessage>
            ) : (
              <IndexTable
                resourceName={{ singular: "event", plural: "events" }}
                itemCount={events.length}
                selectable={false}
                headings={[{ title: "When" }, { title: "Who" }, { title: "What" }, { title: "Rows", alignment: "end" }]}
              >
                {events.map((e, index) => (
                  <IndexTable.Row id={`${e.at}-${index}`} key={`${e.at}-${index}`} position={index}>
                    <IndexTable.Cell>{formatInZone(e.at, timeZone)}</IndexTable.Cell>
                    <IndexTable.Cell>{actorLabel(e.actor)}</IndexTable.Cell>
                    <IndexTable.Cell>
                      {`${ACTIONS[e.action] ?? e.action}${e.targetId ? ` (${e.targetType} ${e.targetId})` : ""}`}
                    </IndexTable.Cell>
                    <IndexTable.Cell>
                      <Text as="span" alignment="end" numeric>
                        {e.rowCount === null ? "—" : e.rowCount.toLocaleString()}
                      </Text>
                    </IndexTable.Cell>
                  </IndexTable.Row>
                ))}
              </IndexTable>
            )}
          </Card>
        </Layout.Section>
        <Layout.Section>
          <Text as="p" tone="subdued">
            {`The latest ${LIMIT} events. Events are kept for ${retentionDays} days, then deleted; when a customer asks
            Shopify to erase their data, the events stay but no longer say whom they were about.`}
          </Text>
        </Layout.Section>
      </Layout>
    </Page>
  );
}

export function ErrorBoundary() {
  return <RouteError title="Access log" />;
}
