// The templates list: search over name and message text, a status filter, sort, pages of 25, each row a link to
// the template's mapping. A WABA holds at most a few hundred templates, so the loader sends them all and the table
// filters in the browser (as the segment list does). The mapping column is the one answer (mappingState) the
// template page and the Dashboard's checklist also give.
import { Link, useNavigate } from "@remix-run/react";
import {
  Badge,
  Card,
  ChoiceList,
  EmptyState,
  IndexFilters,
  IndexTable,
  Text,
  useSetIndexFiltersMode,
  type IndexFiltersProps,
} from "@shopify/polaris";
import { useMemo, useState } from "react";
import type { MappingState } from "../../whatsapp/mapping";
import { EMPTY_SEARCH } from "../illustrations";
import { CATEGORY, qualityOf, TEMPLATE_STATUS, templateStatus } from "../whatsapp-labels";

export interface TemplateListRow {
  id: number;
  name: string;
  language: string;
  category: string;
  status: string;
  qualityScore: string | null;
  /** the message text as approved, placeholders included */
  body: string;
  variables: number;
  mapping: MappingState;
  /** parameters without a value under the saved mapping (all of them when nothing is saved) */
  toMap: number;
}

const PAGE_SIZE = 25;

const SORTS: IndexFiltersProps["sortOptions"] = [
  { label: "Name", value: "name asc", directionLabel: "A–Z" },
  { label: "Name", value: "name desc", directionLabel: "Z–A" },
  { label: "Status", value: "status asc", directionLabel: "Approved first" },
  { label: "Mapping", value: "mapping asc", directionLabel: "To map first" },
];

const MAPPING_ORDER: Record<MappingState, number> = { unsaved: 0, incomplete: 1, saved: 2, none: 3 };
const STATUS_ORDER = ["APPROVED", "PAUSED", "PENDING", "IN_APPEAL", "REJECTED", "DISABLED"];

export function mappingBadge(t: Pick<TemplateListRow, "mapping" | "toMap" | "variables">) {
  switch (t.mapping) {
    case "none":
      return (
        <Text as="span" tone="subdued">
          No variables
        </Text>
      );
    case "saved":
      return <Badge tone="success">{`${t.variables} mapped`}</Badge>;
    default:
      return <Badge tone="attention">{`${t.toMap} to map`}</Badge>;
  }
}

export function TemplateTable({ templates }: { templates: TemplateListRow[] }) {
  const navigate = useNavigate();
  const { mode, setMode } = useSetIndexFiltersMode();
  const [query, setQuery] = useState("");
  const [status, setStatus] = useState<string[]>([]);
  const [sort, setSort] = useState<string[]>(["name asc"]);
  const [page, setPage] = useState(0);

  const rows = useMemo(() => {
    const q = query.trim().toLowerCase();
    const [key, dir] = (sort[0] ?? "name asc").split(" ") as ["name" | "status" | "mapping", "asc" | "desc"];
    const list = templates.filter(
      (t) =>
        (!q || t.name.toLowerCase().includes(q) || t.body.toLowerCase().includes(q)) &&
        (!status.length || status.includes(t.status)),
    );
    const value = (t: TemplateListRow): string | number =>
      key === "status"
        ? STATUS_ORDER.indexOf(t.status) + 1 || 99
        : key === "mapping"
          ? MAPPING_ORDER[t.mapping]
          : `${t.name} ${t.language}`;
    return [...list].sort(
      (a, b) => (value(a) < value(b) ? -1 : value(a) > value(b) ? 1 : 0) * (dir === "asc" ? 1 : -1),
    );
  }, [templates, query, status, sort]);

  const pages = Math.max(1, Math.ceil(rows.length / PAGE_SIZE));
  const current = Math.min(page, pages - 1);
  const shown = rows.slice(current * PAGE_SIZE, (current + 1) * PAGE_SIZE);
  const first = rows.length ? current * PAGE_SIZE + 1 : 0;
  const statuses = STATUS_ORDER.filter((s) => templates.some((t) => t.status === s));

  return (
    <Card padding="0">
      <IndexFilters
        queryValue={query}
        queryPlaceholder="Search templates by name or message"
        onQueryChange={(q) => {
          setQuery(q);
          setPage(0);
        }}
        onQueryClear={() => setQuery("")}
        sortOptions={SORTS}
        sortSelected={sort}
        onSort={setSort}
        filters={[
          {
            key: "status",
            label: "Status",
            shortcut: true,
            filter: (
              <ChoiceList
                title="Status"
                titleHidden
                allowMultiple
                choices={statuses.map((s) => ({ label: TEMPLATE_STATUS[s]?.label ?? s, value: s }))}
                selected={status}
                onChange={(v) => {
                  setStatus(v);
                  setPage(0);
                }}
              />
            ),
          },
        ]}
        appliedFilters={
          status.length
            ? [
                {
                  key: "status",
                  label: `Status: ${status.map((s) => TEMPLATE_STATUS[s]?.label ?? s).join(", ")}`,
                  onRemove: () => setStatus([]),
                },
              ]
            : []
        }
        onClearAll={() => {
          setStatus([]);
          setQuery("");
        }}
        tabs={[]}
        selected={0}
        mode={mode}
        setMode={setMode}
        canCreateNewView={false}
        cancelAction={{ onAction: () => setQuery("") }}
      />
      <IndexTable
        resourceName={{ singular: "template", plural: "templates" }}
        itemCount={shown.length}
        selectable={false}
        emptyState={
          <EmptyState
            heading="No template matches"
            image={EMPTY_SEARCH}
            action={{
              content: "Clear the search",
              onAction: () => {
                setQuery("");
                setStatus([]);
              },
            }}
          >
            <p>Try part of the template&apos;s name or of its message.</p>
          </EmptyState>
        }
        headings={[
          { title: "Template" },
          { title: "Message" },
          { title: "Category" },
          { title: "Status" },
          { title: "Quality" },
          { title: "Variables" },
        ]}
        pagination={{
          hasPrevious: current > 0,
          hasNext: current < pages - 1,
          onPrevious: () => setPage(current - 1),
          onNext: () => setPage(current + 1),
          label: `${first}–${first ? first + shown.length - 1 : 0} of ${rows.length}`,
        }}
      >
        {shown.map((t, i) => {
          const badge = templateStatus(t.status);
          const quality = qualityOf(t.qualityScore);
          return (
            <IndexTable.Row
              id={String(t.id)}
              key={t.id}
              position={i}
              onClick={() => navigate(`/app/templates/${t.id}`)}
            >
              <IndexTable.Cell>
                <Text as="span" fontWeight="semibold">
                  <Link to={`/app/templates/${t.id}`} onClick={(e) => e.stopPropagation()}>
                    {t.name}
                  </Link>
                </Text>
                <Text as="p" tone="subdued" variant="bodySm">
                  {t.language}
                </Text>
              </IndexTable.Cell>
              <IndexTable.Cell>
                <div style={{ whiteSpace: "normal", maxWidth: 420, minWidth: 220 }} data-testid="template-body">
                  <Text as="span" variant="bodySm">
                    {t.body.length > 160 ? `${t.body.slice(0, 157)}…` : t.body || "—"}
                  </Text>
                </div>
              </IndexTable.Cell>
              <IndexTable.Cell>{CATEGORY[t.category] ?? t.category}</IndexTable.Cell>
              <IndexTable.Cell>
                <Badge tone={badge.tone}>{badge.label}</Badge>
              </IndexTable.Cell>
              <IndexTable.Cell>
                <Badge tone={quality.tone}>{quality.label.replace(" quality", "")}</Badge>
              </IndexTable.Cell>
              <IndexTable.Cell>{mappingBadge(t)}</IndexTable.Cell>
            </IndexTable.Row>
          );
        })}
      </IndexTable>
    </Card>
  );
}
