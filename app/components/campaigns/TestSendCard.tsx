// "Send a test to my phone": the campaign's message as customers get it, to the merchant's own number, before
// the real send. Recent tests listed with WhatsApp's answer.
import { useFetcher } from "@remix-run/react";
import { Banner, BlockStack, Button, Card, Checkbox, InlineStack, Text, TextField } from "@shopify/polaris";
import { useState } from "react";
import type { action } from "../../routes/app.campaigns_.$id.test";
import type { TestSendRow } from "../../campaigns/test-send.server";
import { formatInZone } from "../../lib/zoned-time";

export function TestSendCard(props: { campaignId: number; recent: TestSendRow[]; timeZone: string }) {
  const fetcher = useFetcher<typeof action>();
  const [phone, setPhone] = useState("");
  const [own, setOwn] = useState(false);
  const result = fetcher.state === "idle" ? fetcher.data : undefined;
  const error = result && !result.ok ? result : null;
  return (
    <Card>
      <BlockStack gap="300">
        <Text as="h2" variant="headingMd">
          Send a test to my phone
        </Text>
        <Text as="p" tone="subdued">
          The message exactly as customers get it, with a sample customer&apos;s values. It is not part of the campaign:
          not in the report or the audience; Meta bills it as one marketing message.
        </Text>
        <fetcher.Form method="post" action={`/app/campaigns/${props.campaignId}/test`}>
          <BlockStack gap="200">
            <TextField
              label="Your WhatsApp number"
              name="phone"
              type="tel"
              autoComplete="tel"
              placeholder="+44 7700 900123"
              value={phone}
              onChange={setPhone}
              error={error?.field === "phone" ? error.error : undefined}
            />
            <Checkbox
              label="This is my own number, and I want this test message"
              name="own"
              checked={own}
              onChange={setOwn}
              error={error?.field === "own" ? error.error : undefined}
            />
            <InlineStack>
              <Button submit loading={fetcher.state !== "idle"} disabled={!phone.trim()}>
                Send test
              </Button>
            </InlineStack>
          </BlockStack>
        </fetcher.Form>
        {result?.ok ? (
          <Banner tone="success">
            {`Sent to ${result.phone}${result.sample ? `, with ${result.sample}'s values` : ""}. It should arrive within a minute.`}
          </Banner>
        ) : error && !error.field ? (
          <Banner tone="critical">{error.error}</Banner>
        ) : null}
        {props.recent.length ? (
          <BlockStack gap="100">
            {props.recent.map((t) => (
              <Text key={t.id} as="p" variant="bodySm" tone={t.accepted ? "subdued" : "critical"}>
                {`${formatInZone(t.at, props.timeZone)} · ${t.phone} · ${t.accepted ? "accepted by WhatsApp" : (t.error ?? "refused")}`}
              </Text>
            ))}
          </BlockStack>
        ) : null}
      </BlockStack>
    </Card>
  );
}
