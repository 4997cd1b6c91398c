// One contact: consent state, whether campaigns can reach it now (the gate's verdict), every consent change in
// store time, and the merchant opt-out (confirmed first: only the customer can undo it).
import { useFetcher } from "@remix-run/react";
import { Badge, Banner, BlockStack, Button, Card, DataTable, InlineStack, Modal, Text } from "@shopify/polaris";
import { useEffect, useState } from "react";
import type { ConsentEventRow, ContactRow } from "../../consent/contacts.server";
import { formatInZone } from "../../lib/zoned-time";
import { useToast } from "../useToast";
import { changeLabel, REASON_LABEL, smsStateLabel, sourceLabel, STATE_BADGE } from "./labels";

export function ContactHistory({
  history,
  timeZone,
}: {
  history: { contact: ContactRow | null; events: ConsentEventRow[] };
  timeZone: string;
}) {
  const fetcher = useFetcher<{ ok: boolean; optedOut?: string; error?: string }>();
  const toast = useToast();
  const [confirming, setConfirming] = useState(false);
  const done = fetcher.state === "idle" && fetcher.data;
  useEffect(() => {
    if (!done) return;
    if (fetcher.data?.ok) toast(`${fetcher.data.optedOut} opted out`);
    else toast(fetcher.data?.error ?? "Not opted out", { error: true });
  }, [done, fetcher.data, toast]);
  const c = history.contact;
  if (!c) return <Banner tone="warning">No contact with this number.</Banner>;
  const state = STATE_BADGE[c.consentState] ?? STATE_BADGE.none!;
  return (
    <Card>
      <div data-testid="contact-history">
        <BlockStack gap="300">
          <InlineStack align="space-between" blockAlign="center">
            <InlineStack gap="200" blockAlign="center">
              <Text as="h2" variant="headingMd">
                {c.name ? `${c.name} · ${c.phoneE164}` : c.phoneE164}
              </Text>
              <Badge tone={state.tone}>{state.label}</Badge>
              {c.blockedBy === null ? (
                <Badge tone="success">Can receive campaigns</Badge>
              ) : (
                <Badge>{`Cannot receive campaigns: ${REASON_LABEL[c.blockedBy] ?? "other reason"}`}</Badge>
              )}
              {c.tagOptIn ? <Badge>Opt-in tag</Badge> : null}
              {c.shopifySmsState ? <Badge>{smsStateLabel(c.shopifySmsState)}</Badge> : null}
              {c.unreachableAt ? <Badge tone="warning">Not on WhatsApp</Badge> : null}
              {c.coolDownUntil && new Date(c.coolDownUntil) > new Date() ? (
                <Badge tone="attention">{`Paused until ${formatInZone(c.coolDownUntil, timeZone)}`}</Badge>
              ) : null}
            </InlineStack>
            {c.consentState !== "opted_out" ? (
              <Button tone="critical" loading={fetcher.state !== "idle"} onClick={() => setConfirming(true)}>
                Opt out
              </Button>
            ) : null}
          </InlineStack>
          {history.events.length ? (
            <DataTable
              columnContentTypes={["text", "text", "text", "text"]}
              headings={[`When (${timeZone})`, "Source", "Change", "Detail"]}
              rows={history.events.map((e) => [
                formatInZone(e.at, timeZone),
                sourceLabel(e.source),
                changeLabel(e.previousState, e.newState),
                e.detail ?? "",
              ])}
            />
          ) : (
            <Text as="p" tone="subdued">
              No consent changes recorded.
            </Text>
          )}
        </BlockStack>
      </div>
      <Modal
        open={confirming}
        onClose={() => setConfirming(false)}
        title={`Opt out ${c.phoneE164}?`}
        primaryAction={{
          content: "Opt out",
          destructive: true,
          onAction: () => {
            setConfirming(false);
            fetcher.submit({ intent: "opt-out", phone: c.phoneE164 }, { method: "post" });
          },
        }}
        secondaryActions={[{ content: "Cancel", onAction: () => setConfirming(false) }]}
      >
        <Modal.Section>
          <Text as="p">
            This contact will receive no more campaigns. Only the customer can undo it (by replying START or opting in
            again on your storefront).
          </Text>
        </Modal.Section>
      </Modal>
    </Card>
  );
}
