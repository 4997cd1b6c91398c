// WhatsApp contacts and marketing consent: who may receive campaigns now (and why not), a search with each
// contact's audit trail, a merchant opt-out, and the CSV import with a per-row error report.
import type { ActionFunctionArgs, LoaderFunctionArgs } from "@remix-run/node";
import { defer } from "@remix-run/node";
import { Await, useLoaderData } from "@remix-run/react";
import { Suspense } from "react";
import { BlockStack, Card, DataTable, Layout, Link, Page, Text } from "@shopify/polaris";
import vizStyles from "@shopify/polaris-viz/build/esm/styles.css?url";
import { requireShop } from "../auth.server";
import { ContactHistory } from "../components/contacts/ContactHistory";
import { ContactsTable } from "../components/contacts/ContactsTable";
import { ImportCard } from "../components/contacts/ImportCard";
import { ConsentSummary, ConsentSummarySkeleton } from "../components/contacts/ConsentSummary";
import { applyConsentChange } from "../consent/consent.server";
import { consentOverview, contactHistory, listContacts } from "../consent/contacts.server";
import { recentImports } from "../consent/csv-import.server";
import { handleConsentUpload, type UploadResult } from "../consent/import-upload.server";
import { formatInZone } from "../lib/zoned-time";
import { recordAudit } from "../compliance/audit.server";

export const links = () => [{ rel: "stylesheet", href: vizStyles }];

export const loader = async ({ request }: LoaderFunctionArgs) => {
  const { shop, user } = await requireShop(request);
  const url = new URL(request.url);
  const get = (k: string) => url.searchParams.get(k);
  const phone = get("phone");
  // The consent figures run over every customer (seconds on a 200k store): streamed in after the list.
  const overview = consentOverview(shop.id);
  const [contacts, history, imports] = await Promise.all([
    listContacts(shop.id, {
      query: get("q") ?? "",
      state: get("state") ?? "",
      after: get("after"),
      before: get("before"),
    }),
    phone ? contactHistory(shop.id, phone) : Promise.resolve(null),
    recentImports(shop.id),
  ]);
  // A view of personal data, in the access log: one contact's record and consent history when one is open,
  // else the page of the list shown (names and phones). One event per page load.
  if (phone && history && (history.contact || history.events.length > 0)) {
    await recordAudit({
      shopId: shop.id,
      actor: user,
      action: "contact.view",
      targetType: "contact",
      customerId: history.contact?.customerId ?? null,
      phoneE164: phone,
    });
  } else if (contacts.rows.length > 0) {
    await recordAudit({
      shopId: shop.id,
      actor: user,
      action: "contacts.list_view",
      targetType: "contact",
      rowCount: contacts.rows.length,
    });
  }
  return defer({ overview, contacts, history, imports, countryCode: shop.countryCode, timeZone: shop.ianaTimezone });
};

type ActionResult = UploadResult | { ok: true; optedOut: string } | { ok: false; error: string };

export const action = async ({ request }: ActionFunctionArgs) => {
  const { shop } = await requireShop(request);
  if ((request.headers.get("content-type") ?? "").startsWith("multipart/form-data")) {
    const result = await handleConsentUpload(request, shop);
    return Response.json(result satisfies ActionResult, { status: result.ok ? 200 : 400 });
  }
  const form = await request.formData();
  if (form.get("intent") === "opt-out") {
    const phone = String(form.get("phone") ?? "");
    const note = String(form.get("note") ?? "").trim();
    if (!/^\+[1-9]\d{6,14}$/.test(phone))
      return Response.json({ ok: false, error: "Unknown phone number" }, { status: 400 });
    await applyConsentChange({
      shopId: shop.id,
      phoneE164: phone,
      to: "opted_out",
      source: "merchant",
      detail: note || "opted out by the merchant",
    });
    return Response.json({ ok: true, optedOut: phone } satisfies ActionResult);
  }
  return Response.json({ ok: false, error: "Unknown action" }, { status: 400 });
};

export default function Contacts() {
  const { overview, contacts, history, imports, countryCode, timeZone } = useLoaderData<typeof loader>();
  return (
    <Page title="Contacts" subtitle="WhatsApp marketing consent, with every change on record">
      <Layout>
        <Suspense fallback={<ConsentSummarySkeleton />}>
          <Await resolve={overview}>{(o) => <ConsentSummary overview={o} />}</Await>
        </Suspense>
        <Layout.Section>
          <ContactsTable page={contacts} timeZone={timeZone} />
        </Layout.Section>
        {history ? (
          <Layout.Section>
            <ContactHistory history={history} timeZone={timeZone} />
          </Layout.Section>
        ) : null}
        <Layout.Section>
          <ImportCard countryCode={countryCode} />
        </Layout.Section>
        {imports.length ? (
          <Layout.Section>
            <Card>
              <BlockStack gap="200">
                <Text as="h2" variant="headingMd">
                  Recent imports
                </Text>
                <DataTable
                  columnContentTypes={["text", "text", "numeric", "numeric", "numeric", "numeric", "text"]}
                  headings={["File", `When (${timeZone})`, "Rows", "Opted in", "Opted out", "Rejected", ""]}
                  rows={imports.map((i) => [
                    <Link key={i.id} url={`/app/contacts/imports/${i.id}`}>
                      {i.fileName}
                    </Link>,
                    formatInZone(i.startedAt, timeZone),
                    i.rowsTotal,
                    i.optedIn,
                    i.optedOut,
                    i.rowsRejected,
                    i.rowsRejected ? (
                      <Link key={i.id} url={`/app/contacts/imports/${i.id}/rejected.csv`} target="_blank">
                        Rejected rows
                      </Link>
                    ) : i.status === "failed" ? (
                      "Stopped"
                    ) : (
                      "Finished"
                    ),
                  ])}
                />
              </BlockStack>
            </Card>
          </Layout.Section>
        ) : null}
      </Layout>
    </Page>
  );
}
