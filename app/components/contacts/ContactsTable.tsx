// The contacts list: search, a consent filter, pages of 25 with the total ("26–50 of 3,412"), each row a link
// to the contact's history. Paging is keyset (cursors from the server), so it stays quick at any depth.
import { useNavigate, useSearchParams } from "@remix-run/react";
import {
  Badge,
  Card,
  ChoiceList,
  EmptyState,
  IndexFilters,
  IndexTable,
  Text,
  useSetIndexFiltersMode,
} from "@shopify/polaris";
import { useEffect, useState } from "react";
import type { ContactPage } from "../../consent/contacts.server";
import { formatInZone } from "../../lib/zoned-time";
import { EMPTY_PEOPLE, EMPTY_SEARCH } from "../illustrations";
import { REASON_LABEL, smsStateLabel, sourceLabel, STATE_BADGE } from "./labels";

const STATE_CHOICES = [
  { label: "Opted in", value: "opted_in" },
  { label: "Opted out", value: "opted_out" },
  { label: "No explicit consent", value: "none" },
];

export function ContactsTable({ page, timeZone }: { page: ContactPage; timeZone: string }) {
  const [params, setParams] = useSearchParams();
  const navigate = useNavigate();
  const { mode, setMode } = useSetIndexFiltersMode();
  const q = params.get("q") ?? "";
  const state = params.get("state") ?? "";
  const [query, setQuery] = useState(q);
  const pageIndex = Number(params.get("page") ?? "1") || 1;

  // Search as the merchant types (debounced), from the first page.
  useEffect(() => {
    if (query === q) return;
    const timer = setTimeout(() => update({ q: query || null }), 300);
    return () => clearTimeout(timer);
  });

  function update(changes: Record<string, string | null>, keepPage = false) {
    const next = new URLSearchParams(params);
    for (const [k, v] of Object.entries(changes))
      if (v === null || v === "") next.delete(k);
      else next.set(k, v);
    if (!keepPage) ["after", "before", "page", "phone"].forEach((k) => next.delete(k));
    setParams(next, { preventScrollReset: true });
  }

  const first = page.total === 0 ? 0 : (pageIndex - 1) * 25 + 1;
  const last = first === 0 ? 0 : first + page.rows.length - 1;
  const filters = [
    {
      key: "state",
      label: "Consent",
      filter: (
        <ChoiceList
          title="Consent"
          titleHidden
          choices={STATE_CHOICES}
          selected={state ? [state] : []}
          onChange={(v) => update({ state: v[0] ?? null })}
        />
      ),
      shortcut: true,
    },
  ];
  const applied = state
    ? [
        {
          key: "state",
          label: `Consent: ${STATE_BADGE[state]?.label ?? state}`,
          onRemove: () => update({ state: null }),
        },
      ]
    : [];

  return (
    <Card padding="0">
      <IndexFilters
        queryValue={query}
        queryPlaceholder="Search by phone number or name"
        onQueryChange={setQuery}
        onQueryClear={() => setQuery("")}
        filters={filters}
        appliedFilters={applied}
        onClearAll={() => update({ state: null, q: null })}
        tabs={[]}
        selected={0}
        mode={mode}
        setMode={setMode}
        canCreateNewView={false}
        cancelAction={{ onAction: () => setQuery(q) }}
      />
      <IndexTable
        resourceName={{ singular: "contact", plural: "contacts" }}
        itemCount={page.rows.length}
        selectable={false}
        emptyState={
          <EmptyState
            heading={q || state ? "No contact matches" : "No WhatsApp contacts yet"}
            image={q || state ? EMPTY_SEARCH : EMPTY_PEOPLE}
            action={
              q || state ? { content: "Clear the search", onAction: () => update({ q: null, state: null }) } : undefined
            }
          >
            <p>
              {q || state
                ? "Try part of a name or a phone number."
                : "Contacts appear when customers opt in (storefront widget, CSV import, Shopify consent) or write to your WhatsApp number."}
            </p>
          </EmptyState>
        }
        headings={[
          { title: "Phone" },
          { title: "Customer" },
          { title: "Consent" },
          { title: "Can receive campaigns" },
          { title: "Source" },
          { title: `Since (${timeZone})` },
        ]}
        pagination={{
          hasPrevious: page.before !== null,
          hasNext: page.after !== null,
          onPrevious: () =>
            update({ before: page.before, after: null, page: String(Math.max(1, pageIndex - 1)) }, true),
          onNext: () => update({ after: page.after, before: null, page: String(pageIndex + 1) }, true),
          label: `${first.toLocaleString("en")}–${last.toLocaleString("en")} of ${page.total.toLocaleString("en")}`,
        }}
      >
        {page.rows.map((c, i) => {
          const badge = STATE_BADGE[c.consentState] ?? STATE_BADGE.none!;
          const href = `?${new URLSearchParams({ ...Object.fromEntries(params), phone: c.phoneE164 })}`;
          return (
            <IndexTable.Row id={c.phoneE164} key={c.phoneE164} position={i} onClick={() => navigate(href)}>
              <IndexTable.Cell>
                <Text as="span" fontWeight="semibold">
                  <a
                    href={href}
                    onClick={(e) => e.preventDefault()}
                    style={{ color: "inherit", textDecoration: "none" }}
                  >
                    {c.phoneE164}
                  </a>
                </Text>
              </IndexTable.Cell>
              <IndexTable.Cell>{c.name ?? "—"}</IndexTable.Cell>
              <IndexTable.Cell>
                <Badge tone={badge.tone}>{badge.label}</Badge>
              </IndexTable.Cell>
              <IndexTable.Cell>
                {c.blockedBy === null ? (
                  <Badge tone="success">Yes</Badge>
                ) : (
                  <Text as="span" tone="subdued">{`No: ${REASON_LABEL[c.blockedBy] ?? "other reason"}`}</Text>
                )}
              </IndexTable.Cell>
              <IndexTable.Cell>
                {c.consentSource
                  ? sourceLabel(c.consentSource)
                  : c.tagOptIn
                    ? "Customer tag"
                    : c.shopifySmsState
                      ? smsStateLabel(c.shopifySmsState)
                      : "—"}
              </IndexTable.Cell>
              <IndexTable.Cell>{c.since ? formatInZone(c.since, timeZone, { dateOnly: true }) : "—"}</IndexTable.Cell>
            </IndexTable.Row>
          );
        })}
      </IndexTable>
    </Card>
  );
}
