// The segment list: search by name, sort (name, members, last refresh), rows that open the segment, and bulk
// delete (each deletion checked like a single one: a segment used by another or by an active campaign stays).
import { useFetcher, useNavigate } from "@remix-run/react";
import {
  Banner,
  Card,
  EmptyState,
  IndexFilters,
  IndexTable,
  Text,
  Tooltip,
  useIndexResourceState,
  useSetIndexFiltersMode,
  type IndexFiltersProps,
} from "@shopify/polaris";
import { useEffect, useMemo, useState } from "react";
import { formatInZone } from "../../lib/zoned-time";
import { KIND_INFO } from "../../segments/builder-form";
import type { SegmentSummary } from "../../segments/overview.server";
import { EMPTY_SEARCH } from "../illustrations";
import { useToast } from "../useToast";
import { SegmentStatusBadge, timeAgo } from "./SegmentStatus";
import { TrendSparkline } from "./TrendChart";

type Row = Omit<SegmentSummary, "trend"> & { trend: { day: string; count: number }[] };
type SortKey = "name" | "members" | "refreshed" | "created";

const SORTS: IndexFiltersProps["sortOptions"] = [
  { label: "Newest", value: "created desc", directionLabel: "Newest first" },
  { label: "Name", value: "name asc", directionLabel: "A–Z" },
  { label: "Name", value: "name desc", directionLabel: "Z–A" },
  { label: "Members", value: "members desc", directionLabel: "Most first" },
  { label: "Members", value: "members asc", directionLabel: "Fewest first" },
  { label: "Last refresh", value: "refreshed desc", directionLabel: "Latest first" },
];

export interface BulkDeleteResult {
  deleted: number[];
  refused: { name: string; message: string }[];
}

/** `timeZone`: the store's, for the exact refresh time on hover. */
export function SegmentTable({ segments, now, timeZone }: { segments: Row[]; now: string; timeZone: string }) {
  const navigate = useNavigate();
  const fetcher = useFetcher<BulkDeleteResult>();
  const toast = useToast();
  const { mode, setMode } = useSetIndexFiltersMode();
  const [query, setQuery] = useState("");
  const [sort, setSort] = useState<string[]>(["created desc"]);
  const rows = useMemo(() => {
    const q = query.trim().toLowerCase();
    const [key, dir] = (sort[0] ?? "created desc").split(" ") as [SortKey, "asc" | "desc"];
    const value = (s: Row): string | number =>
      key === "name"
        ? s.name.toLowerCase()
        : key === "members"
          ? s.memberCount
          : key === "refreshed"
            ? (s.lastRefreshedAt ?? "")
            : 0;
    const list = segments.filter(
      (s) => !q || s.name.toLowerCase().includes(q) || KIND_INFO[s.kind].title.toLowerCase().includes(q),
    );
    if (key === "created") return list; // the server's order: newest first
    return [...list].sort(
      (a, b) => (value(a) < value(b) ? -1 : value(a) > value(b) ? 1 : 0) * (dir === "asc" ? 1 : -1),
    );
  }, [segments, query, sort]);
  const { selectedResources, allResourcesSelected, handleSelectionChange, clearSelection } = useIndexResourceState(
    rows.map((s) => ({ id: String(s.id) })),
  );

  const result = fetcher.state === "idle" ? fetcher.data : undefined;
  useEffect(() => {
    if (!result) return;
    if (result.deleted.length)
      toast(`${result.deleted.length} segment${result.deleted.length === 1 ? "" : "s"} deleted`);
    if (result.refused.length && !result.deleted.length) toast("Nothing deleted", { error: true });
    clearSelection();
    // clearSelection is stable enough for this one-shot effect; re-running on its identity would loop
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, [result, toast]);

  return (
    <Card padding="0">
      {result?.refused.length ? (
        <div style={{ padding: 12 }}>
          <Banner tone="warning" title="Some segments were kept">
            {result.refused.map((r) => (
              <p key={r.name}>{`${r.name}: ${r.message}`}</p>
            ))}
          </Banner>
        </div>
      ) : null}
      <IndexFilters
        queryValue={query}
        queryPlaceholder="Search segments"
        onQueryChange={setQuery}
        onQueryClear={() => setQuery("")}
        sortOptions={SORTS}
        sortSelected={sort}
        onSort={setSort}
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
        resourceName={{ singular: "segment", plural: "segments" }}
        itemCount={rows.length}
        selectedItemsCount={allResourcesSelected ? "All" : selectedResources.length}
        onSelectionChange={handleSelectionChange}
        promotedBulkActions={[
          {
            content: "Delete segments",
            onAction: () =>
              fetcher.submit({ intent: "delete-many", ids: selectedResources.join(",") }, { method: "post" }),
          },
        ]}
        emptyState={
          <EmptyState heading={`No segment matches “${query}”`} image={EMPTY_SEARCH}>
            <p>Search by a segment&apos;s name or kind.</p>
          </EmptyState>
        }
        headings={[
          { title: "Name" },
          { title: "Kind" },
          { title: "Members", alignment: "end" },
          { title: "Last 30 days" },
          { title: "Last refresh" },
          { title: "Status" },
        ]}
      >
        {rows.map((s, i) => (
          <IndexTable.Row
            id={String(s.id)}
            key={s.id}
            position={i}
            selected={selectedResources.includes(String(s.id))}
            onClick={() => navigate(`/app/segments/${s.id}`)}
          >
            <IndexTable.Cell>
              <Text as="span" fontWeight="semibold">
                <span data-testid="segment-name">{s.name}</span>
              </Text>
            </IndexTable.Cell>
            <IndexTable.Cell>{KIND_INFO[s.kind].title}</IndexTable.Cell>
            <IndexTable.Cell>
              <Text as="span" alignment="end" numeric>
                <span data-testid="segment-members">
                  {!s.lastRefreshedAt ? (s.status === "refreshing" ? "…" : "—") : s.memberCount.toLocaleString("en")}
                </span>
              </Text>
            </IndexTable.Cell>
            <IndexTable.Cell>
              <TrendSparkline points={s.trend} label={s.name} />
            </IndexTable.Cell>
            <IndexTable.Cell>
              {s.lastRefreshedAt ? (
                <Tooltip content={formatInZone(s.lastRefreshedAt, timeZone)}>
                  <Text as="span">{timeAgo(s.lastRefreshedAt, now)}</Text>
                </Tooltip>
              ) : (
                <Text as="span" tone="subdued">
                  not yet
                </Text>
              )}
            </IndexTable.Cell>
            <IndexTable.Cell>
              <SegmentStatusBadge status={s.status} error={s.refreshError} />
            </IndexTable.Cell>
          </IndexTable.Row>
        ))}
      </IndexTable>
    </Card>
  );
}
