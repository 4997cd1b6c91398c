import type { LoaderFunctionArgs } from "@remix-run/node";
import { useLoaderData } from "@remix-run/react";
import { Badge, Card, EmptyState, IndexTable, Page, Text } from "@shopify/polaris";
import { requireShop } from "../auth.server";
import { prisma } from "../db.server";

export const loader = async ({ request }: LoaderFunctionArgs) => {
  const { shop } = await requireShop(request);
  const campaigns = await prisma().campaign.findMany({
    where: { shopId: shop.id },
    orderBy: { createdAt: "desc" },
    select: { id: true, name: true, status: true, scheduledAt: true },
  });
  return { campaigns: campaigns.map((c) => ({ ...c, scheduledAt: c.scheduledAt?.toISOString() ?? null })) };
};

export default function Campaigns() {
  const { campaigns } = useLoaderData<typeof loader>();
  return (
    <Page title="Campaigns" subtitle="WhatsApp template campaigns to your segments">
      <Card padding="0">
        {campaigns.length === 0 ? (
          <EmptyState heading="No campaigns yet" image="">
            <p>
              Connect your WhatsApp number in Settings, then schedule a template to a segment with consent checks, pacing within
              Meta&apos;s limits and a holdout group to measure lift. Campaign creation is coming next.
            </p>
          </EmptyState>
        ) : (
          <IndexTable
            resourceName={{ singular: "campaign", plural: "campaigns" }}
            itemCount={campaigns.length}
            selectable={false}
            headings={[{ title: "Name" }, { title: "Status" }, { title: "Scheduled" }]}
          >
            {campaigns.map((c, i) => (
              <IndexTable.Row id={String(c.id)} key={c.id} position={i}>
                <IndexTable.Cell>
                  <Text as="span" fontWeight="semibold">
                    {c.name}
                  </Text>
                </IndexTable.Cell>
                <IndexTable.Cell>
                  <Badge>{c.status}</Badge>
                </IndexTable.Cell>
                <IndexTable.Cell>{c.scheduledAt ? new Date(c.scheduledAt).toLocaleString("en") : "—"}</IndexTable.Cell>
              </IndexTable.Row>
            ))}
          </IndexTable>
        )}
      </Card>
    </Page>
  );
}
