// Map a template's variables: each parameter bound to a field (with a fallback) or fixed text, a live preview
// for a real customer, and how many members of a segment would get an empty value. Saved as the template's
// default mapping, which campaigns start from.
import { json, type ActionFunctionArgs, type LoaderFunctionArgs } from "@remix-run/node";
import {
  useFetcher,
  useLoaderData,
  useNavigate,
  useRevalidator,
  type ShouldRevalidateFunction,
} from "@remix-run/react";
import { Badge, Banner, BlockStack, Button, Card, InlineStack, Layout, Page, Select, Text } from "@shopify/polaris";
import { useEffect, useMemo, useRef, useState } from "react";
import { idParam } from "../lib/id-param";
import { requireShop } from "../auth.server";
import { TemplateMappingEditor } from "../components/TemplateMappingEditor";
import { TemplatePreview } from "../components/TemplatePreview";
import { ClickTrackingSummary } from "../components/whatsapp/ClickTracking";
import { urlButtons } from "../engagement/link-mode";
import { linkOrigin } from "../engagement/link-ref.server";
import type { loader as previewLoader } from "./app.templates.$id.preview";
import { CATEGORY, templateStatus } from "../components/whatsapp-labels";
import { mappingBadge } from "../components/whatsapp/TemplateTable";
import type { EmptyCounts } from "../whatsapp/fields.server";
import {
  asTemplateLike,
  mappingIssues,
  mappingState,
  parametersToMap,
  templateSlots,
  type FieldRow,
  type MappingIssue,
  type TemplateMapping,
} from "../whatsapp/mapping";
import { editorData, emptyCounts } from "../whatsapp/template-editor.server";
import { saveDefaultMapping } from "../whatsapp/templates.server";

export const loader = async ({ request, params }: LoaderFunctionArgs) => {
  const { shop } = await requireShop(request);
  const id = idParam(params.id, "Template");
  const url = new URL(request.url);
  const data = Number.isInteger(id)
    ? await editorData(shop, id, { customerId: url.searchParams.get("customer") })
    : null;
  if (!data) throw new Response("Template not found", { status: 404 });
  return { ...data, linkOrigin: linkOrigin() };
};

type ActionResult =
  | { intent: "save"; ok: true }
  | { intent: "save"; ok: false; issues: MappingIssue[] }
  | { intent: "count"; counts: EmptyCounts; templateId: number; segmentId: number | null; mapping: string }
  | { intent: "count"; error: string }
  | { intent: null; error: string };

export const action = async ({ request, params }: ActionFunctionArgs) => {
  const { shop } = await requireShop(request);
  const id = idParam(params.id, "Template");
  const form = await request.formData();
  const intent = form.get("intent");
  let mapping: unknown;
  try {
    mapping = JSON.parse(String(form.get("mapping") ?? "{}"));
  } catch {
    const message = "The mapping could not be read";
    const unreadable: ActionResult =
      intent === "count" ? { intent, error: message } : { intent: "save", ok: false, issues: [{ slot: "", message }] };
    return json(unreadable, { status: 400 });
  }
  if (intent === "save") {
    const r = await saveDefaultMapping(shop.id, id, mapping);
    return json({ intent, ...r } satisfies ActionResult, { status: r.ok ? 200 : 400 });
  }
  if (intent === "count") {
    const raw = String(form.get("segmentId") ?? "");
    const segmentId = raw === "" || raw === "all" ? null : Number(raw);
    const counts = await emptyCounts(shop.id, id, mapping, segmentId);
    if ("error" in counts) return json({ intent, error: counts.error } satisfies ActionResult, { status: 400 });
    // What was counted travels with the result, so the page shows it only while the same template, segment and
    // mapping are on screen (issue 15 B9: a result stayed after the segment changed and never named it).
    return { intent, counts, templateId: id, segmentId, mapping: String(form.get("mapping")) } satisfies ActionResult;
  }
  return json({ intent: null, error: "Unknown action" } satisfies ActionResult, { status: 400 });
};

// Counting and previewing must not reload the page (the editor keeps unsaved changes in memory).
export const shouldRevalidate: ShouldRevalidateFunction = ({ formData, defaultShouldRevalidate }) =>
  formData?.get("intent") === "count" ? false : defaultShouldRevalidate;

export default function TemplateMappingPage() {
  const data = useLoaderData<typeof loader>();
  const navigate = useNavigate();
  const { revalidate } = useRevalidator();
  const template = useMemo(() => asTemplateLike(data.template), [data.template]);
  const [mapping, setMapping] = useState<TemplateMapping>(data.mapping);
  const [saved, setSaved] = useState(JSON.stringify(data.mapping));
  const save = useFetcher<typeof action>();
  const count = useFetcher<typeof action>();
  const preview = useFetcher<typeof previewLoader>();
  const [customerId, setCustomerId] = useState(data.customer?.id ?? "");
  const [segmentId, setSegmentId] = useState(data.segments[0] ? String(data.segments[0].id) : "all");

  const issues = useMemo(() => mappingIssues(template, mapping), [template, mapping]);
  // Nothing saved yet means there is something to save even before an edit: the page and the Templates list
  // both read mappingState, so one never says "Saved" while the other says "to map" (issue 15 B8).
  const state = mappingState(template, data.template.defaultMapping);
  const toMap = parametersToMap(template, data.template.defaultMapping);
  const dirty = JSON.stringify(mapping) !== saved || data.template.defaultMapping === null;
  const row: FieldRow =
    preview.data && "row" in preview.data && preview.data.customerId === customerId
      ? preview.data.row
      : data.customer?.id === customerId
        ? data.row
        : {};

  // What the last save sent: once it succeeds that (not edits made while it ran) is the saved state.
  const sent = useRef<string | null>(null);
  useEffect(() => {
    if (save.data?.intent === "save" && save.data.ok && sent.current !== null) {
      setSaved(sent.current);
      revalidate();
    }
  }, [save.data, revalidate]);

  const runCount = () =>
    count.submit({ intent: "count", mapping: JSON.stringify(mapping), segmentId }, { method: "post" });
  const counted = count.data?.intent === "count" && "counts" in count.data ? count.data : null;
  const fresh =
    counted !== null &&
    counted.templateId === data.template.id &&
    String(counted.segmentId ?? "all") === segmentId &&
    counted.mapping === JSON.stringify(mapping);
  const counts = fresh ? counted.counts : null;
  const countedName =
    counted?.segmentId === null
      ? "all customers with a WhatsApp number"
      : (data.segments.find((s) => s.id === counted?.segmentId)?.name ?? "the segment");
  const countError = count.data?.intent === "count" && "error" in count.data ? count.data.error : null;
  const serverIssues = save.data?.intent === "save" && !save.data.ok ? save.data.issues : [];
  const status = templateStatus(data.template.status);

  return (
    <Page
      title={data.template.name}
      titleMetadata={
        <InlineStack gap="200">
          <Badge tone={status.tone}>{status.label}</Badge>
          <span data-testid="mapping-state">
            {mappingBadge({ mapping: state, toMap, variables: templateSlots(template).length })}
          </span>
        </InlineStack>
      }
      subtitle={`${CATEGORY[data.template.category] ?? data.template.category} · ${data.template.language} · ${data.template.parameterFormat === "NAMED" ? "named" : "numbered"} variables`}
      backAction={{ content: "Templates", onAction: () => navigate("/app/templates") }}
      primaryAction={{
        content: dirty ? "Save mapping" : "Saved",
        accessibilityLabel: dirty ? "Save mapping" : "Mapping saved",
        disabled: !dirty || issues.length > 0,
        loading: save.state !== "idle",
        onAction: () => {
          sent.current = JSON.stringify(mapping);
          save.submit({ intent: "save", mapping: sent.current }, { method: "post" });
        },
      }}
    >
      <Layout>
        {data.template.status !== "APPROVED" ? (
          <Layout.Section>
            <Banner tone="warning" title={`This template is ${status.label.toLowerCase()}`}>
              {data.template.rejectedReason ? `Meta's reason: ${data.template.rejectedReason}. ` : ""}
              Campaigns can only send approved templates. You can still prepare its mapping.
            </Banner>
          </Layout.Section>
        ) : null}
        {data.template.defaultMapping === null && templateSlots(template).length > 0 ? (
          <Layout.Section>
            <Banner tone="warning" title="This mapping is not saved yet">
              Choose a value for each variable and save: new campaigns with this template start from the saved mapping.
              Meta&apos;s examples are shown beside each variable for reference and are never sent.
            </Banner>
          </Layout.Section>
        ) : null}
        {save.data?.intent === "save" && save.data.ok && !dirty ? (
          <Layout.Section>
            <Banner tone="success">Mapping saved. New campaigns with this template start from it.</Banner>
          </Layout.Section>
        ) : null}
        <Layout.Section>
          <Card>
            <BlockStack gap="400">
              <Text as="h2" variant="headingMd">
                Variables
              </Text>
              <TemplateMappingEditor
                template={template}
                mapping={mapping}
                onChange={setMapping}
                issues={[...serverIssues, ...issues]}
                emptyCounts={counts}
                linkOrigin={data.linkOrigin}
              />
            </BlockStack>
          </Card>
        </Layout.Section>
        {urlButtons(template, data.linkOrigin).length ? (
          <Layout.Section>
            <Card>
              <ClickTrackingSummary template={template} linkOrigin={data.linkOrigin} />
            </Card>
          </Layout.Section>
        ) : null}
        <Layout.Section variant="oneThird">
          <BlockStack gap="400">
            <Card>
              <BlockStack gap="300">
                <Text as="h2" variant="headingMd">
                  Preview
                </Text>
                {data.customers.length ? (
                  <Select
                    label="Customer"
                    options={data.customers.map((c) => ({ label: c.label, value: c.id }))}
                    value={customerId}
                    onChange={(id) => {
                      setCustomerId(id);
                      preview.load(`/app/templates/${data.template.id}/preview?customer=${id}`);
                    }}
                  />
                ) : (
                  <Text as="p" tone="subdued">
                    No customer with a WhatsApp number yet: the preview shows fallbacks.
                  </Text>
                )}
                <TemplatePreview
                  template={template}
                  mapping={mapping}
                  row={row}
                  format={data.format}
                  linkOrigin={data.linkOrigin}
                />
              </BlockStack>
            </Card>
            <Card>
              <BlockStack gap="300">
                <Text as="h2" variant="headingMd">
                  Empty values before sending
                </Text>
                <Text as="p" tone="subdued" variant="bodySm">
                  Counts, over a segment&apos;s members with a WhatsApp number, how many would get the fallback or an
                  empty value (those are not sent).
                </Text>
                <Select
                  label="Segment"
                  options={[
                    { label: "All customers with a WhatsApp number", value: "all" },
                    ...data.segments.map((s) => ({
                      label: `${s.name} (${s.memberCount.toLocaleString("en")})`,
                      value: String(s.id),
                    })),
                  ]}
                  value={segmentId}
                  onChange={setSegmentId}
                />
                <InlineStack>
                  <Button onClick={runCount} loading={count.state !== "idle"} disabled={issues.length > 0}>
                    Count empty values
                  </Button>
                </InlineStack>
                {countError ? <Banner tone="critical">{countError}</Banner> : null}
                {counted && !fresh ? (
                  <Text as="p" tone="subdued">
                    The segment or the mapping changed since the last count: count again.
                  </Text>
                ) : null}
                {counts ? (
                  <div data-testid="empty-counts">
                    <BlockStack gap="100">
                      <div data-testid="empty-count-summary">
                        <Text as="p">
                          {counts.slots.every((s) => s.empty === 0 && s.usingFallback === 0)
                            ? `Every parameter has a value for all ${counts.total.toLocaleString("en")} customers in ${countedName}.`
                            : `${counts.total.toLocaleString("en")} customers checked in ${countedName}.`}
                        </Text>
                      </div>
                      {counts.slots
                        .filter((s) => s.empty > 0 || s.usingFallback > 0)
                        .map((s) => (
                          <Text as="p" key={s.slot} tone={s.empty > 0 ? "critical" : undefined}>
                            {s.empty > 0
                              ? `${s.label}: empty for ${s.empty.toLocaleString("en")} (no fallback — they would not be sent)`
                              : `${s.label}: fallback used for ${s.usingFallback.toLocaleString("en")}`}
                          </Text>
                        ))}
                    </BlockStack>
                  </div>
                ) : null}
              </BlockStack>
            </Card>
          </BlockStack>
        </Layout.Section>
      </Layout>
    </Page>
  );
}
