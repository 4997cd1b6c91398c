// WhatsApp contacts and marketing consent: who may receive campaigns now (and why not), a search with each
// contact's audit trail, a merchant opt-out, and the CSV import with a per-row error report.
import type { ActionFunctionArgs, LoaderFunctionArgs } from "@remix-run/node";
import { useFetcher, useLoaderData, useSearchParams } from "@remix-run/react";
import {
  Badge,
  Banner,
  BlockStack,
  Button,
  Card,
  DataTable,
  DropZone,
  EmptyState,
  FormLayout,
  IndexTable,
  InlineGrid,
  InlineStack,
  Layout,
  Link,
  Page,
  Text,
  TextField,
} from "@shopify/polaris";
import { useState } from "react";
import vizStyles from "@shopify/polaris-viz/build/esm/styles.css?url";
import { requireShop } from "../auth.server";
import { ConsentChart } from "../components/ConsentChart";
import { applyConsentChange } from "../consent/consent.server";
import { consentOverview, contactHistory, searchContacts } from "../consent/contacts.server";
import { recentImports, type ConsentImportSummary } from "../consent/csv-import.server";
import { handleConsentUpload, type UploadResult } from "../consent/import-upload.server";

export const links = () => [{ rel: "stylesheet", href: vizStyles }];

const REASON_LABEL: Record<string, string> = {
  invalid_phone: "No WhatsApp number",
  customer_deleted: "Deleted customer",
  opted_out: "Opted out",
  unreachable: "Not on WhatsApp",
  cool_down: "Meta limit, 24 h pause",
  no_consent: "No consent",
};

const SOURCE_LABEL: Record<string, string> = {
  shopify_sms: "Shopify SMS consent",
  shopify_whatsapp: "Shopify WhatsApp consent",
  tag: "Customer tag",
  storefront: "Storefront widget",
  csv: "CSV import",
  whatsapp_keyword: "WhatsApp reply",
  whatsapp_button: "WhatsApp button",
  whatsapp_preferences: "WhatsApp settings (stop/resume promotions)",
  whatsapp_error: "Meta: customer stopped marketing (131050)",
  merchant: "Merchant",
};

const STATE_BADGE: Record<string, { label: string; tone: "success" | "critical" | undefined }> = {
  opted_in: { label: "Opted in", tone: "success" },
  opted_out: { label: "Opted out", tone: "critical" },
  none: { label: "No explicit consent", tone: undefined },
};

export const loader = async ({ request }: LoaderFunctionArgs) => {
  const { shop } = await requireShop(request);
  const url = new URL(request.url);
  const q = url.searchParams.get("q") ?? "";
  const phone = url.searchParams.get("phone");
  const [overview, contacts, history, imports] = await Promise.all([
    consentOverview(shop.id),
    searchContacts(shop.id, q),
    phone ? contactHistory(shop.id, phone) : Promise.resolve(null),
    recentImports(shop.id),
  ]);
  return { overview, contacts, history, imports, q, countryCode: shop.countryCode };
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

function ImportCard({ countryCode }: { countryCode: string | null }) {
  const fetcher = useFetcher<ActionResult>();
  const [file, setFile] = useState<File | null>(null);
  const [wording, setWording] = useState("");
  const [country, setCountry] = useState(countryCode ?? "");
  const result = fetcher.data;
  const summary: ConsentImportSummary | null = result && result.ok && "summary" in result ? result.summary : null;
  const submit = () => {
    if (!file) return;
    const data = new FormData();
    // Text fields first: the server streams the file and needs them before it arrives.
    data.append("wording", wording);
    data.append("country", country);
    data.append("file", file);
    fetcher.submit(data, { method: "post", encType: "multipart/form-data" });
  };
  return (
    <Card>
      <BlockStack gap="300">
        <Text as="h2" variant="headingMd">
          Import consent from a CSV
        </Text>
        <Text as="p" tone="subdued" variant="bodySm">
          Columns: phone (required), consent (yes/no, opted_in/opted_out; default yes), country (for numbers without
          +country code), consented_at (date), customer_id. Opt-outs are applied; an opt-in never overrides an earlier
          opt-out.
        </Text>
        <FormLayout>
          <TextField
            label="How did these customers agree to WhatsApp marketing?"
            value={wording}
            onChange={setWording}
            multiline={2}
            autoComplete="off"
            helpText="Stored with every imported opt-in as proof of consent, e.g. “Ticked ‘Send me offers on WhatsApp’ at the in-store sign-up, 2026”."
          />
          <TextField
            label="Country of numbers without a country code"
            value={country}
            onChange={(v) => setCountry(v.toUpperCase().slice(0, 2))}
            autoComplete="off"
            helpText="Two-letter code, e.g. GB"
          />
          <DropZone
            accept=".csv,text/csv"
            type="file"
            allowMultiple={false}
            onDrop={(files) => setFile(files[0] ?? null)}
            label="CSV file"
          >
            {file ? (
              <div style={{ padding: 16 }}>
                <Text as="p">{`${file.name} · ${(file.size / 1024).toFixed(1)} KB`}</Text>
              </div>
            ) : (
              <DropZone.FileUpload actionHint="Accepts .csv" />
            )}
          </DropZone>
          <Button
            variant="primary"
            onClick={submit}
            disabled={!file || wording.trim().length < 10}
            loading={fetcher.state !== "idle"}
          >
            Import
          </Button>
        </FormLayout>
        {result && !result.ok ? <Banner tone="critical">{result.error}</Banner> : null}
        {summary ? <ImportSummary summary={summary} /> : null}
      </BlockStack>
    </Card>
  );
}

function ImportSummary({ summary }: { summary: ConsentImportSummary }) {
  return (
    <BlockStack gap="200">
      <Banner
        tone={summary.status === "failed" ? "critical" : summary.rowsRejected ? "warning" : "success"}
        title={summary.status === "failed" ? "Import stopped" : "Import finished"}
      >
        {summary.error ? <p>{summary.error}</p> : null}
        <p data-testid="import-summary">
          {`${summary.rowsTotal.toLocaleString("en")} rows: ${summary.optedIn} opted in, ${summary.optedOut} opted out, ${summary.unchanged} unchanged, ${summary.keptOptedOut} kept opted out, ${summary.rowsRejected} rejected.`}
        </p>
      </Banner>
      {summary.errors.length ? (
        <>
          <DataTable
            columnContentTypes={["numeric", "text", "text"]}
            headings={["Line", "Phone", "Problem"]}
            rows={summary.errors.slice(0, 50).map((e) => [e.row, e.phone, e.error])}
          />
          <Link url={`/app/contacts/imports/${summary.id}`} target="_blank">
            {`Download all ${summary.rowsRejected} rejected rows (CSV)`}
          </Link>
        </>
      ) : null}
    </BlockStack>
  );
}

function History({ history }: { history: NonNullable<ReturnType<typeof useLoaderData<typeof loader>>["history"]> }) {
  const fetcher = useFetcher<ActionResult>();
  const c = history.contact;
  if (!c) return <Banner tone="warning">No contact with this number.</Banner>;
  const state = STATE_BADGE[c.consentState] ?? STATE_BADGE.none!;
  return (
    <Card>
      <BlockStack gap="300">
        <InlineStack align="space-between" blockAlign="center">
          <InlineStack gap="200" blockAlign="center">
            <Text as="h2" variant="headingMd">
              {c.name ? `${c.name} · ${c.phoneE164}` : c.phoneE164}
            </Text>
            <Badge tone={state.tone}>{state.label}</Badge>
            {c.tagOptIn ? <Badge>Opt-in tag</Badge> : null}
            {c.shopifySmsState ? <Badge>{`Shopify SMS: ${c.shopifySmsState}`}</Badge> : null}
            {c.unreachableAt ? <Badge tone="warning">Not on WhatsApp</Badge> : null}
            {c.coolDownUntil && new Date(c.coolDownUntil) > new Date() ? (
              <Badge tone="attention">{`Paused until ${new Date(c.coolDownUntil).toLocaleString("en")}`}</Badge>
            ) : null}
          </InlineStack>
          {c.consentState !== "opted_out" ? (
            <Button
              tone="critical"
              loading={fetcher.state !== "idle"}
              onClick={() => fetcher.submit({ intent: "opt-out", phone: c.phoneE164 }, { method: "post" })}
            >
              Opt out
            </Button>
          ) : null}
        </InlineStack>
        {history.events.length ? (
          <DataTable
            columnContentTypes={["text", "text", "text", "text"]}
            headings={["When", "Source", "Change", "Detail"]}
            rows={history.events.map((e) => [
              new Date(e.at).toLocaleString("en"),
              SOURCE_LABEL[e.source] ?? e.source,
              `${e.previousState} → ${e.newState}`,
              e.detail ?? "",
            ])}
          />
        ) : (
          <Text as="p" tone="subdued">
            No consent changes recorded.
          </Text>
        )}
      </BlockStack>
    </Card>
  );
}

export default function Contacts() {
  const { overview, contacts, history, imports, q, countryCode } = useLoaderData<typeof loader>();
  const [params, setParams] = useSearchParams();
  const [query, setQuery] = useState(q);
  const a = overview.audience;
  const bars = [
    { label: "Can receive now", value: a.eligible },
    ...Object.entries(a.excluded).map(([reason, n]) => ({ label: REASON_LABEL[reason] ?? reason, value: n })),
  ];
  const n = (x: number) => x.toLocaleString("en");
  return (
    <Page title="Contacts" subtitle="WhatsApp marketing consent, with every change on record">
      <Layout>
        <Layout.Section>
          <InlineGrid columns={{ xs: 1, sm: 2, md: 4 }} gap="400">
            <Card>
              <BlockStack gap="100">
                <Text as="h3" variant="headingSm" tone="subdued">
                  Can receive campaigns now
                </Text>
                <Text as="p" variant="headingXl">
                  {n(a.eligible)}
                </Text>
                <Text as="p" variant="bodySm" tone="subdued">{`of ${n(a.total)} customers`}</Text>
              </BlockStack>
            </Card>
            <Card>
              <BlockStack gap="100">
                <Text as="h3" variant="headingSm" tone="subdued">
                  Opted in explicitly
                </Text>
                <Text as="p" variant="headingXl">
                  {n(overview.contacts.optedIn)}
                </Text>
                <Text as="p" variant="bodySm" tone="subdued">
                  widget, CSV, WhatsApp
                </Text>
              </BlockStack>
            </Card>
            <Card>
              <BlockStack gap="100">
                <Text as="h3" variant="headingSm" tone="subdued">
                  Opted out
                </Text>
                <Text as="p" variant="headingXl">
                  {n(overview.contacts.optedOut)}
                </Text>
                <Text
                  as="p"
                  variant="bodySm"
                  tone="subdued"
                >{`${n(overview.contacts.optedOutLast30Days)} in the last 30 days`}</Text>
              </BlockStack>
            </Card>
            <Card>
              <BlockStack gap="100">
                <Text as="h3" variant="headingSm" tone="subdued">
                  No consent
                </Text>
                <Text as="p" variant="headingXl">
                  {n(a.excluded.no_consent)}
                </Text>
                <Text as="p" variant="bodySm" tone="subdued">
                  reachable, never opted in
                </Text>
              </BlockStack>
            </Card>
          </InlineGrid>
        </Layout.Section>
        <Layout.Section>
          <Card>
            <BlockStack gap="200">
              <Text as="h2" variant="headingMd">
                Who can receive WhatsApp marketing
              </Text>
              <ConsentChart bars={bars} />
            </BlockStack>
          </Card>
        </Layout.Section>
        <Layout.Section>
          <Card padding="0">
            <div style={{ padding: 16 }}>
              <form
                onSubmit={(e) => {
                  e.preventDefault();
                  const next = new URLSearchParams(params);
                  next.set("q", query);
                  next.delete("phone");
                  setParams(next);
                }}
              >
                <InlineStack gap="200" blockAlign="end" wrap={false}>
                  <div style={{ flex: 1 }}>
                    <TextField
                      label="Find a contact"
                      value={query}
                      onChange={setQuery}
                      placeholder="Phone number or name"
                      autoComplete="off"
                    />
                  </div>
                  <Button submit>Search</Button>
                </InlineStack>
              </form>
            </div>
            {contacts.length === 0 ? (
              <EmptyState heading={q ? "No contact matches" : "No WhatsApp contacts yet"} image="">
                <p>
                  Contacts appear when customers opt in (storefront widget, CSV import, Shopify consent) or write to
                  your WhatsApp number.
                </p>
              </EmptyState>
            ) : (
              <IndexTable
                resourceName={{ singular: "contact", plural: "contacts" }}
                itemCount={contacts.length}
                selectable={false}
                headings={[
                  { title: "Phone" },
                  { title: "Customer" },
                  { title: "Consent" },
                  { title: "Source" },
                  { title: "Since" },
                ]}
              >
                {contacts.map((c, i) => {
                  const state = STATE_BADGE[c.consentState] ?? STATE_BADGE.none!;
                  return (
                    <IndexTable.Row
                      id={c.phoneE164}
                      key={c.phoneE164}
                      position={i}
                      onClick={() => {
                        const next = new URLSearchParams(params);
                        next.set("phone", c.phoneE164);
                        setParams(next);
                      }}
                    >
                      <IndexTable.Cell>{c.phoneE164}</IndexTable.Cell>
                      <IndexTable.Cell>{c.name ?? "—"}</IndexTable.Cell>
                      <IndexTable.Cell>
                        <Badge tone={state.tone}>{state.label}</Badge>
                      </IndexTable.Cell>
                      <IndexTable.Cell>
                        {c.consentSource
                          ? (SOURCE_LABEL[c.consentSource] ?? c.consentSource)
                          : c.tagOptIn
                            ? "Customer tag"
                            : c.shopifySmsState
                              ? `Shopify SMS: ${c.shopifySmsState}`
                              : "—"}
                      </IndexTable.Cell>
                      <IndexTable.Cell>
                        {c.consentAt ? new Date(c.consentAt).toLocaleDateString("en") : "—"}
                      </IndexTable.Cell>
                    </IndexTable.Row>
                  );
                })}
              </IndexTable>
            )}
          </Card>
        </Layout.Section>
        {history ? (
          <Layout.Section>
            <History history={history} />
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
                  headings={["File", "When", "Rows", "Opted in", "Opted out", "Rejected", ""]}
                  rows={imports.map((i) => [
                    i.fileName,
                    new Date(i.startedAt).toLocaleString("en"),
                    i.rowsTotal,
                    i.optedIn,
                    i.optedOut,
                    i.rowsRejected,
                    i.rowsRejected ? (
                      <Link key={i.id} url={`/app/contacts/imports/${i.id}`} target="_blank">
                        Rejected rows
                      </Link>
                    ) : (
                      i.status
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
