// /app/contacts/imports/:id — one consent CSV import: its figures, the rows it could not use, and their CSV.
// An unknown id is a 404 the app layout draws inside the frame.
import type { LoaderFunctionArgs } from "@remix-run/node";
import { useLoaderData } from "@remix-run/react";
import { Badge, BlockStack, Card, DataTable, InlineGrid, Link, Page, Text } from "@shopify/polaris";
import { requireShop } from "../auth.server";
import { importReport } from "../consent/csv-import.server";
import { idParam } from "../lib/id-param";
import { formatInZone } from "../lib/zoned-time";

export const loader = async ({ request, params }: LoaderFunctionArgs) => {
  const { shop } = await requireShop(request);
  const report = await importReport(shop.id, idParam(params.id, "Import"));
  if (!report) throw new Response("Import not found", { status: 404 });
  return { report, timeZone: shop.ianaTimezone };
};

export default function ImportPage() {
  const { report, timeZone } = useLoaderData<typeof loader>();
  const n = (x: number) => x.toLocaleString("en");
  const figures: Array<[string, number]> = [
    ["Rows", report.rowsTotal],
    ["Opted in", report.optedIn],
    ["Opted out", report.optedOut],
    ["Rejected", report.rowsRejected],
  ];
  return (
    <Page
      title={report.fileName}
      subtitle={`Imported ${formatInZone(report.startedAt, timeZone)}`}
      titleMetadata={
        report.status === "failed" ? <Badge tone="critical">Stopped</Badge> : <Badge tone="success">Finished</Badge>
      }
      backAction={{ content: "Contacts", url: "/app/contacts" }}
    >
      <BlockStack gap="400">
        <InlineGrid columns={{ xs: 2, md: 4 }} gap="400">
          {figures.map(([label, value]) => (
            <Card key={label}>
              <BlockStack gap="100">
                <Text as="h3" variant="headingSm" tone="subdued">
                  {label}
                </Text>
                <Text as="p" variant="headingXl" numeric>
                  {n(value)}
                </Text>
              </BlockStack>
            </Card>
          ))}
        </InlineGrid>
        {report.error ? (
          <Card>
            <Text as="p" tone="critical">
              {report.error}
            </Text>
          </Card>
        ) : null}
        <Card>
          <BlockStack gap="300">
            <Text as="h2" variant="headingMd">
              Rows it could not use
            </Text>
            {report.errors.length ? (
              <>
                <DataTable
                  columnContentTypes={["numeric", "text", "text"]}
                  headings={["Line", "Phone", "Problem"]}
                  rows={report.errors.slice(0, 100).map((e) => [e.row, e.phone, e.error])}
                />
                <Link url={`/app/contacts/imports/${report.id}/rejected.csv`} target="_blank">
                  {`Download all ${n(report.rowsRejected)} rejected rows (CSV)`}
                </Link>
              </>
            ) : (
              <Text as="p" tone="subdued">
                Every row was used.
              </Text>
            )}
          </BlockStack>
        </Card>
      </BlockStack>
    </Page>
  );
}
