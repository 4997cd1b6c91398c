import type { LoaderFunctionArgs } from "@remix-run/node";
import { useLoaderData } from "@remix-run/react";
import { Card, EmptyState, IndexTable, Page, Text } from "@shopify/polaris";
import { requireShop } from "../auth.server";
import { prisma } from "../db.server";

export const loader = async ({ request }: LoaderFunctionArgs) => {
  const { shop } = await requireShop(request);
  const segments = await prisma().segment.findMany({
    where: { shopId: shop.id, deletedAt: null },
    orderBy: { createdAt: "desc" },
    select: { id: true, name: true, kind: true, memberCount: true, lastRefreshedAt: true },
  });
  return { segments: segments.map((s) => ({ ...s, lastRefreshedAt: s.lastRefreshedAt?.toISOString() ?? null })) };
};

export default function Segments() {
  const { segments } = useLoaderData<typeof loader>();
  return (
    <Page title="Segments" subtitle="Customers grouped by what they bought and how they shop">
      <Card padding="0">
        {segments.length === 0 ? (
          <EmptyState heading="No segments yet" image="">
            <p>
              Cross-sell, product-specific, sale-shopper, former-VIP and AOV-tier segments are built from your orders and stay
              current as orders arrive. The segment builder is coming next.
            </p>
          </EmptyState>
        ) : (
          <IndexTable
            resourceName={{ singular: "segment", plural: "segments" }}
            itemCount={segments.length}
            selectable={false}
            headings={[{ title: "Name" }, { title: "Kind" }, { title: "Members", alignment: "end" }, { title: "Last refresh" }]}
          >
            {segments.map((s, i) => (
              <IndexTable.Row id={String(s.id)} key={s.id} position={i}>
                <IndexTable.Cell>
                  <Text as="span" fontWeight="semibold">
                    {s.name}
                  </Text>
                </IndexTable.Cell>
                <IndexTable.Cell>{s.kind.replace("_", " ")}</IndexTable.Cell>
                <IndexTable.Cell>
                  <Text as="span" alignment="end" numeric>
                    {s.memberCount.toLocaleString("en")}
                  </Text>
                </IndexTable.Cell>
                <IndexTable.Cell>{s.lastRefreshedAt ? new Date(s.lastRefreshedAt).toLocaleString("en") : "never"}</IndexTable.Cell>
              </IndexTable.Row>
            ))}
          </IndexTable>
        )}
      </Card>
    </Page>
  );
}
