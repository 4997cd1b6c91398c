// The campaign list as Shopify admin lists resources: search and sort in the URL (the server sorts, so revenue and
// clicks sort across every page), pages of 25, and each row a real link to its campaign (the name is the row's
// primary link: middle-click and "open in new tab" work).
import { useNavigate, useSearchParams } from "@remix-run/react";
import {
  Badge,
  BlockStack,
  Card,
  EmptyState,
  IndexFilters,
  IndexTable,
  Link,
  ProgressBar,
  Text,
  useSetIndexFiltersMode,
  type IndexFiltersProps,
} from "@shopify/polaris";
import { useEffect, useState } from "react";
import { campaignStatus } from "../../campaigns/labels";
import type { CampaignListPage, CampaignSort } from "../../campaigns/list.server";
import { formatMoney } from "../../lib/money";
import { formatInZone } from "../../lib/zoned-time";
import { EMPTY_SEARCH } from "../illustrations";

const SORTS: NonNullable<IndexFiltersProps["sortOptions"]> = [
  { label: "Date", value: "newest desc", directionLabel: "Newest first" },
  { label: "Date", value: "oldest asc", directionLabel: "Oldest first" },
  { label: "Name", value: "name asc", directionLabel: "A–Z" },
  { label: "Revenue", value: "revenue desc", directionLabel: "Most first" },
  { label: "Clicks", value: "clicks desc", directionLabel: "Most first" },
];

const n = (x: number) => x.toLocaleString("en");

export function CampaignTable(props: {
  list: CampaignListPage;
  sort: CampaignSort;
  query: string;
  timeZone: string;
  currency: string;
  exponent: number;
}) {
  const { list, timeZone } = props;
  const navigate = useNavigate();
  const [params, setParams] = useSearchParams();
  const { mode, setMode } = useSetIndexFiltersMode();
  const [query, setQuery] = useState(props.query);
  const update = (changes: Record<string, string | null>) => {
    const next = new URLSearchParams(params);
    for (const [k, v] of Object.entries(changes)) {
      if (v) next.set(k, v);
      else next.delete(k);
    }
    setParams(next, { preventScrollReset: true, replace: "q" in changes });
  };
  // Search as the merchant types, a moment after the last key (one request, not one per letter).
  useEffect(() => {
    if (query === props.query) return;
    const timer = setTimeout(() => update({ q: query.trim() || null, page: null }), 300);
    return () => clearTimeout(timer);
    // update reads the current params; re-running on its identity would search again on every render
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, [query, props.query]);
  const sortValue = SORTS.find((s) => s.value.startsWith(`${props.sort} `))?.value ?? "newest desc";
  const first = list.total ? (list.page - 1) * 25 + 1 : 0;
  const last = (list.page - 1) * 25 + list.rows.length;

  return (
    <Card padding="0">
      <IndexFilters
        queryValue={query}
        queryPlaceholder="Search campaigns"
        onQueryChange={setQuery}
        onQueryClear={() => setQuery("")}
        sortOptions={SORTS}
        sortSelected={[sortValue]}
        onSort={(v) => update({ sort: (v[0] ?? "newest desc").split(" ")[0]!, page: null })}
        filters={[]}
        appliedFilters={[]}
        onClearAll={() => setQuery("")}
        tabs={[]}
        selected={0}
        mode={mode}
        setMode={setMode}
        canCreateNewView={false}
        cancelAction={{ onAction: () => setQuery("") }}
      />
      <IndexTable
        resourceName={{ singular: "campaign", plural: "campaigns" }}
        itemCount={list.rows.length}
        selectable={false}
        emptyState={
          <EmptyState heading={`No campaign matches “${props.query}”`} image={EMPTY_SEARCH}>
            <p>Search by part of a campaign&apos;s name.</p>
          </EmptyState>
        }
        headings={[
          { title: "Campaign" },
          { title: "Status" },
          { title: "Progress" },
          { title: "Clicks", alignment: "end" },
          { title: "Revenue", alignment: "end" },
          { title: `Start (${timeZone})` },
        ]}
        pagination={{
          hasPrevious: list.page > 1,
          hasNext: list.page < list.pages,
          onPrevious: () => update({ page: list.page > 2 ? String(list.page - 1) : null }),
          onNext: () => update({ page: String(list.page + 1) }),
          label: `${n(first)}–${n(last)} of ${n(list.total)}`,
        }}
      >
        {list.rows.map((c, i) => {
          const s = campaignStatus(c.status);
          const p = c.progress;
          const pct = p && p.toSend ? Math.round((p.done / p.toSend) * 100) : 0;
          const at = c.startedAt ?? c.scheduledAt;
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
                    <Link url={`/app/campaigns/${c.id}`} monochrome removeUnderline dataPrimaryLink>
                      {c.name}
                    </Link>
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
                  <div style={{ minWidth: 160 }}>
                    <BlockStack gap="100">
                      <ProgressBar progress={pct} size="small" />
                      <Text as="span" variant="bodySm" tone="subdued">
                        {`${n(p.done)} / ${n(p.toSend)} · ${n(p.delivered + p.read)} delivered`}
                      </Text>
                    </BlockStack>
                  </div>
                ) : (
                  <Text as="span" tone="subdued">
                    —
                  </Text>
                )}
              </IndexTable.Cell>
              <IndexTable.Cell>
                <Text as="span" alignment="end" numeric>
                  {p ? n(c.clicks) : "—"}
                </Text>
              </IndexTable.Cell>
              <IndexTable.Cell>
                <BlockStack gap="050" inlineAlign="end">
                  <Text as="span" numeric>
                    {p ? formatMoney(c.revenueMinor, props.currency, props.exponent) : "—"}
                  </Text>
                  {p && c.orders ? (
                    <Text as="span" tone="subdued" variant="bodySm">{`${n(c.orders)} orders`}</Text>
                  ) : null}
                </BlockStack>
              </IndexTable.Cell>
              <IndexTable.Cell>
                {at ? (
                  <Text as="span">{`${c.status === "draft" ? "planned " : ""}${formatInZone(at, timeZone)}`}</Text>
                ) : (
                  "—"
                )}
              </IndexTable.Cell>
            </IndexTable.Row>
          );
        })}
      </IndexTable>
    </Card>
  );
}
