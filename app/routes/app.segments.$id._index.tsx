// /app/segments/:id — one segment: its definition in a sentence, members now and over time, who joined and left,
// and its members page by page (searchable, keyset-paged) with why each one matches; export, edit, duplicate, delete.
import { json, redirect, type ActionFunctionArgs, type LoaderFunctionArgs } from "@remix-run/node";
import {
  Form,
  useActionData,
  useLoaderData,
  useNavigate,
  useNavigation,
  useRevalidator,
  useSearchParams,
} from "@remix-run/react";
import {
  Banner,
  BlockStack,
  Box,
  Button,
  Card,
  EmptyState,
  IndexTable,
  InlineGrid,
  InlineStack,
  Layout,
  Modal,
  Page,
  Pagination,
  Text,
  TextField,
} from "@shopify/polaris";
import vizStyles from "@shopify/polaris-viz/build/esm/styles.css?url";
import { useEffect, useState } from "react";
import { requireShop } from "../auth.server";
import { SegmentStatusBadge, timeAgo } from "../components/segments/SegmentStatus";
import { TrendChart } from "../components/segments/TrendChart";
import { formatMoney } from "../lib/money";
import { KIND_INFO } from "../segments/builder-form";
import { deleteSegment, requestRefreshNow } from "../segments/manage.server";
import { listMembers, MATCH_COUNT_CAP, signExportLink } from "../segments/members.server";
import { getSegmentPage } from "../segments/overview.server";
import { formatInZone } from "../lib/zoned-time";
import { recordAudit } from "../compliance/audit.server";

export const links = () => [{ rel: "stylesheet", href: vizStyles }];

function segmentIdOf(raw: string | undefined): number {
  const id = Number(raw);
  if (!Number.isSafeInteger(id) || id <= 0) throw new Response("Segment not found", { status: 404 });
  return id;
}

export const loader = async ({ request, params }: LoaderFunctionArgs) => {
  const { shop, user } = await requireShop(request);
  const id = segmentIdOf(params.id);
  const segment = await getSegmentPage(shop.id, id);
  if (!segment) throw new Response("Segment not found", { status: 404 });
  const url = new URL(request.url);
  const query = (url.searchParams.get("q") ?? "").slice(0, 100);
  const members = await listMembers({
    shopId: shop.id,
    segmentId: id,
    query,
    after: url.searchParams.get("after"),
    before: url.searchParams.get("before"),
  });
  // The member list shows names, emails and phones: a view of personal data, in the access log.
  if (members.rows.length > 0) {
    await recordAudit({
      shopId: shop.id,
      actor: user,
      action: "segment.view",
      targetType: "segment",
      targetId: id,
      rowCount: members.rows.length,
    });
  }
  return {
    segment,
    members,
    query,
    matchCap: MATCH_COUNT_CAP,
    exportUrl: `/app/segments/${id}/export?${signExportLink(shop.id, id, Date.now(), user)}`,
    currency: { code: shop.currency.trim(), exponent: shop.currencyExponent },
    timeZone: shop.ianaTimezone,
    now: new Date().toISOString(),
  };
};

export const action = async ({ request, params }: ActionFunctionArgs) => {
  const { shop } = await requireShop(request);
  const id = segmentIdOf(params.id);
  const intent = (await request.formData()).get("intent");
  if (intent === "delete") {
    const result = await deleteSegment({ shopId: shop.id, segmentId: id });
    if (!result.ok) return json({ error: result.message }, { status: result.status });
    return redirect("/app/segments");
  }
  if (intent === "refresh") {
    if (!(await requestRefreshNow({ shopId: shop.id, segmentId: id })))
      return json({ error: "This segment no longer exists" }, { status: 404 });
    return { refreshing: true };
  }
  return json({ error: "Unknown action" }, { status: 400 });
};

function Stat({ label, value, testId }: { label: string; value: string; testId?: string }) {
  return (
    <Card>
      <BlockStack gap="100">
        <Text as="h3" variant="headingSm" tone="subdued">
          {label}
        </Text>
        <Text as="p" variant="headingXl" numeric>
          <span data-testid={testId}>{value}</span>
        </Text>
      </BlockStack>
    </Card>
  );
}

export default function SegmentPage() {
  const { segment, members, query, matchCap, exportUrl, currency, timeZone, now } = useLoaderData<typeof loader>();
  const actionData = useActionData<typeof action>();
  const navigation = useNavigation();
  const navigate = useNavigate();
  const revalidator = useRevalidator();
  const [searchParams] = useSearchParams();
  const [search, setSearch] = useState(query);
  const [confirmDelete, setConfirmDelete] = useState(false);
  const n = (x: number) => x.toLocaleString("en");
  const refreshing = segment.status === "refreshing";

  // While the segment is being computed, poll every two seconds.
  useEffect(() => {
    if (!refreshing) return;
    const timer = setInterval(() => revalidator.state === "idle" && revalidator.revalidate(), 2000);
    return () => clearInterval(timer);
  }, [refreshing, revalidator]);

  // Search as the merchant types (debounced), from the first page.
  useEffect(() => {
    if (search === query) return;
    const timer = setTimeout(() => {
      const next = new URLSearchParams(searchParams);
      next.delete("after");
      next.delete("before");
      if (search.trim()) next.set("q", search.trim());
      else next.delete("q");
      navigate(`?${next}`, { replace: true, preventScrollReset: true });
    }, 350);
    return () => clearTimeout(timer);
  }, [search, query, searchParams, navigate]);

  const page = (cursor: { after?: string; before?: string }) => {
    const next = new URLSearchParams();
    if (query) next.set("q", query);
    if (cursor.after) next.set("after", cursor.after);
    if (cursor.before) next.set("before", cursor.before);
    navigate(`?${next}`, { preventScrollReset: true });
  };
  const loadingMembers =
    navigation.state === "loading" && navigation.location?.pathname === `/app/segments/${segment.id}`;

  return (
    <Page
      title={segment.name}
      titleMetadata={<SegmentStatusBadge status={segment.status} error={segment.refreshError} />}
      subtitle={`${KIND_INFO[segment.kind].title} · ${segment.description}`}
      backAction={{ content: "Segments", url: "/app/segments" }}
      primaryAction={{ content: "Edit", url: `/app/segments/${segment.id}/edit` }}
      secondaryActions={[
        {
          content: "Export CSV",
          url: exportUrl,
          external: true,
          accessibilityLabel: `Export the ${n(segment.memberCount)} members as CSV`,
        },
        { content: "Duplicate", url: `/app/segments/new?from=${segment.id}` },
        { content: "Delete", destructive: true, onAction: () => setConfirmDelete(true) },
      ]}
    >
      <Layout>
        {actionData && "error" in actionData ? (
          <Layout.Section>
            <Banner tone="critical" title="Not deleted">
              {actionData.error}
            </Banner>
          </Layout.Section>
        ) : null}
        {refreshing ? (
          <Layout.Section>
            <Banner tone="info" title="Computing members">
              This segment is being refreshed with its latest settings; the numbers below update when it is done.
            </Banner>
          </Layout.Section>
        ) : null}
        {segment.status === "never" ? (
          <Layout.Section>
            <Banner tone="warning" title="Not computed yet">
              <BlockStack gap="200">
                <Text as="p">No refresh has run for this segment, so it has no members yet.</Text>
                <Form method="post">
                  <input type="hidden" name="intent" value="refresh" />
                  <Button submit>Compute members now</Button>
                </Form>
              </BlockStack>
            </Banner>
          </Layout.Section>
        ) : null}
        {segment.status === "error" ? (
          <Layout.Section>
            <Banner tone="critical" title="The last refresh failed">
              <BlockStack gap="200">
                <Text as="p">{segment.refreshError ?? "Unknown error"}</Text>
                <Form method="post">
                  <input type="hidden" name="intent" value="refresh" />
                  <Button submit>Try again</Button>
                </Form>
              </BlockStack>
            </Banner>
          </Layout.Section>
        ) : null}
        <Layout.Section>
          <InlineGrid columns={{ xs: 1, sm: 2, md: 4 }} gap="400">
            <Stat label="Members" value={n(segment.memberCount)} testId="member-count" />
            <Stat label="Joined, last 7 days" value={n(segment.entered7)} />
            <Stat label="Left, last 7 days" value={n(segment.left7)} />
            <Stat
              label="Last refresh"
              value={segment.lastRefreshedAt ? timeAgo(segment.lastRefreshedAt, now) : "not yet"}
            />
          </InlineGrid>
        </Layout.Section>
        <Layout.Section>
          <Card>
            <BlockStack gap="200">
              <InlineStack align="space-between">
                <Text as="h2" variant="headingMd">
                  Members over time
                </Text>
                <Form method="post">
                  <input type="hidden" name="intent" value="refresh" />
                  <Button submit variant="plain" disabled={refreshing}>
                    Refresh now
                  </Button>
                </Form>
              </InlineStack>
              <TrendChart points={segment.trend} />
            </BlockStack>
          </Card>
        </Layout.Section>
        {segment.related.length ? (
          <Layout.Section>
            <Card>
              <BlockStack gap="200">
                <Text as="h2" variant="headingMd">
                  Related segments
                </Text>
                {segment.related.map((r) => (
                  <InlineStack key={r.id} gap="200">
                    <Text as="span" tone="subdued">
                      {r.relation === "built from" ? "Built from" : "Used by"}
                    </Text>
                    <Button variant="plain" url={`/app/segments/${r.id}`}>
                      {r.name}
                    </Button>
                  </InlineStack>
                ))}
              </BlockStack>
            </Card>
          </Layout.Section>
        ) : null}
        <Layout.Section>
          <Card padding="0">
            <Box padding="400">
              <TextField
                label="Search members"
                labelHidden
                value={search}
                onChange={setSearch}
                placeholder="Search by name, email, phone or customer id"
                autoComplete="off"
                clearButton
                onClearButtonClick={() => setSearch("")}
              />
            </Box>
            {members.rows.length === 0 ? (
              <EmptyState
                heading={
                  query
                    ? `No member matches “${query}”`
                    : refreshing
                      ? "Computing members…"
                      : "Nobody is in this segment right now"
                }
                image=""
              >
                <p>
                  {query
                    ? "Try part of a name, an email or a phone number."
                    : "Customers join as soon as their orders match; time-based conditions are re-checked every night."}
                </p>
              </EmptyState>
            ) : (
              <IndexTable
                resourceName={{ singular: "member", plural: "members" }}
                itemCount={members.rows.length}
                selectable={false}
                loading={loadingMembers}
                headings={[
                  { title: "Customer" },
                  { title: "Why they match" },
                  { title: "Orders", alignment: "end" },
                  { title: "Spent", alignment: "end" },
                  { title: "Member since" },
                ]}
              >
                {members.rows.map((m, i) => (
                  <IndexTable.Row id={m.customerId} key={m.customerId} position={i}>
                    <IndexTable.Cell>
                      <BlockStack gap="050">
                        <Text as="span" fontWeight="semibold">
                          {m.name}
                        </Text>
                        <Text as="span" tone="subdued" variant="bodySm">
                          {[m.email, m.phone, m.country].filter(Boolean).join(" · ")}
                        </Text>
                      </BlockStack>
                    </IndexTable.Cell>
                    <IndexTable.Cell>
                      <div style={{ whiteSpace: "normal", maxWidth: 420 }}>
                        <Text as="span" tone={m.why === null ? "subdued" : undefined}>
                          {m.why ?? "No longer matches: leaving at the next refresh"}
                        </Text>
                      </div>
                    </IndexTable.Cell>
                    <IndexTable.Cell>
                      <Text as="span" alignment="end" numeric>
                        {n(m.ordersCount)}
                      </Text>
                    </IndexTable.Cell>
                    <IndexTable.Cell>
                      <Text as="span" alignment="end" numeric>
                        {formatMoney(m.netSpentMinor, currency.code, currency.exponent)}
                      </Text>
                    </IndexTable.Cell>
                    <IndexTable.Cell>{formatInZone(m.enteredAt, timeZone, { dateOnly: true })}</IndexTable.Cell>
                  </IndexTable.Row>
                ))}
              </IndexTable>
            )}
            <Box padding="400">
              <InlineStack align="center">
                <Pagination
                  hasPrevious={members.previous !== null}
                  onPrevious={() => page({ before: members.previous! })}
                  hasNext={members.next !== null}
                  onNext={() => page({ after: members.next! })}
                  label={
                    members.matching === null
                      ? `${n(segment.memberCount)} members`
                      : `${members.matching > matchCap ? `${n(matchCap)}+` : n(members.matching)} of ${n(segment.memberCount)} members match “${query}”`
                  }
                />
              </InlineStack>
            </Box>
          </Card>
        </Layout.Section>
      </Layout>
      <Modal
        open={confirmDelete}
        onClose={() => setConfirmDelete(false)}
        title={`Delete “${segment.name}”?`}
        primaryAction={{
          content: "Delete segment",
          destructive: true,
          loading: navigation.state === "submitting",
          onAction: () => {
            const form = document.getElementById("delete-segment") as HTMLFormElement | null;
            form?.requestSubmit();
            setConfirmDelete(false);
          },
        }}
        secondaryActions={[{ content: "Cancel", onAction: () => setConfirmDelete(false) }]}
      >
        <Modal.Section>
          <Text as="p">
            The segment and its member list go away. Campaigns already sent keep their reports. Segments and campaigns
            that still use it must be changed first.
          </Text>
        </Modal.Section>
      </Modal>
      <Form method="post" id="delete-segment" style={{ display: "none" }}>
        <input type="hidden" name="intent" value="delete" />
      </Form>
    </Page>
  );
}

export function ErrorBoundary() {
  return (
    <Page title="Segment" backAction={{ content: "Segments", url: "/app/segments" }}>
      <Banner tone="critical" title="This segment could not be shown">
        It may have been deleted. Go back to the segment list.
      </Banner>
    </Page>
  );
}
