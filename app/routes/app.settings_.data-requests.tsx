// Settings → Data requests: each customers/data_request Shopify forwarded, when it came, and its JSON export
// (everything the app holds about the customer). Downloading answers the request; each download is audited.
import type { LoaderFunctionArgs } from "@remix-run/node";
import { useLoaderData, useNavigation, useRevalidator } from "@remix-run/react";
import { Badge, BlockStack, Card, IndexTable, Layout, Page, SkeletonBodyText, Text } from "@shopify/polaris";
import { requireShop } from "../auth.server";
import { listDataRequests } from "../compliance/customer-export.server";
import { DownloadButton } from "../components/DownloadButton";
import { EmptyMessage } from "../components/EmptyMessage";
import { RouteError } from "../components/RouteError";
import { formatInZone } from "../lib/zoned-time";

export const loader = async ({ request }: LoaderFunctionArgs) => {
  const { shop } = await requireShop(request);
  return { requests: await listDataRequests(shop.id), timeZone: shop.ianaTimezone };
};

export default function DataRequests() {
  const { requests, timeZone } = useLoaderData<typeof loader>();
  const loading = useNavigation().state === "loading";
  const revalidator = useRevalidator();
  const when = (iso: string) => formatInZone(iso, timeZone);
  return (
    <Page
      title="Data requests"
      subtitle="Customers who asked Shopify for the data this app holds about them"
      backAction={{ content: "Settings", url: "/app/settings" }}
    >
      <Layout>
        <Layout.Section>
          <Card padding="0">
            {loading ? (
              <div style={{ padding: "1rem" }}>
                <SkeletonBodyText lines={4} />
              </div>
            ) : requests.length === 0 ? (
              <EmptyMessage heading="No data requests">
                When a customer asks your store for their data, Shopify forwards the request here and you can download
                everything the app holds about them.
              </EmptyMessage>
            ) : (
              <IndexTable
                resourceName={{ singular: "data request", plural: "data requests" }}
                itemCount={requests.length}
                selectable={false}
                headings={[{ title: "Received" }, { title: "Customer" }, { title: "Status" }, { title: "Export" }]}
              >
                {requests.map((r, index) => (
                  <IndexTable.Row id={String(r.id)} key={r.id} position={index}>
                    <IndexTable.Cell>{when(r.receivedAt)}</IndexTable.Cell>
                    <IndexTable.Cell>
                      {r.customerId ? `Customer ${r.customerId}` : "Customer no longer held"}
                    </IndexTable.Cell>
                    <IndexTable.Cell>
                      {r.lastDownloadedAt ? (
                        <BlockStack gap="100">
                          <Badge tone="success">Downloaded</Badge>
                          <Text as="span" variant="bodySm" tone="subdued">
                            {`${when(r.lastDownloadedAt)}${r.downloads > 1 ? ` (${r.downloads} times)` : ""}`}
                          </Text>
                        </BlockStack>
                      ) : (
                        <Badge tone="attention">Not answered</Badge>
                      )}
                    </IndexTable.Cell>
                    <IndexTable.Cell>
                      <DownloadButton
                        url={`/app/settings/data-requests/${r.id}.json`}
                        label="Download JSON"
                        filename={`data-request-${r.requestId}.json`}
                        onDownloaded={() => revalidator.revalidate()}
                      />
                    </IndexTable.Cell>
                  </IndexTable.Row>
                ))}
              </IndexTable>
            )}
          </Card>
        </Layout.Section>
        <Layout.Section>
          <Text as="p" tone="subdued">
            The export is built when you download it: the customer record, WhatsApp contacts and consent history,
            orders, segment memberships, messages sent, and the raw webhook payloads still kept. Send it to the
            customer; every download is recorded with who made it and when.
          </Text>
        </Layout.Section>
      </Layout>
    </Page>
  );
}

export function ErrorBoundary() {
  return <RouteError title="Data requests" />;
}
