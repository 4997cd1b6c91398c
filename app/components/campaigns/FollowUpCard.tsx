// "Follow up with those who did not …" on the campaign report: one click creates the campaign_response segment
// (or reopens the one made before) and opens it (action in app/routes/app.campaigns_.$id.report.tsx).
import { Form, useNavigation } from "@remix-run/react";
import { BlockStack, Button, Card, InlineStack, Text } from "@shopify/polaris";
import { count } from "../../attribution/format";

export function FollowUpCard(props: { delivered: number; read: number; clicked: number; converted: number }) {
  const navigation = useNavigation();
  const busy = navigation.state === "submitting" ? navigation.formData?.get("didNot") : null;
  const action = (didNot: "read" | "click" | "buy", label: string, n: number) => (
    <Form method="post" key={didNot}>
      <input type="hidden" name="didNot" value={didNot} />
      <Button submit loading={busy === didNot} disabled={n <= 0}>
        {`${label} (${count(Math.max(n, 0))})`}
      </Button>
    </Form>
  );
  return (
    <Card>
      <BlockStack gap="300">
        <Text as="h2" variant="headingMd">
          Follow up
        </Text>
        <Text as="p" tone="subdued">
          A segment of the customers this campaign reached who did not respond, kept current as receipts and orders
          arrive. Send them a reminder or a different offer.
        </Text>
        <InlineStack gap="200" wrap>
          {action("read", "Follow up with those who did not read", props.delivered - props.read)}
          {action("click", "… did not click", props.delivered - props.clicked)}
          {action("buy", "… did not buy", props.delivered - props.converted)}
        </InlineStack>
        <Text as="p" variant="bodySm" tone="subdued">
          Counts are approximate until the segment refreshes. A click is known when an order came through the
          message&apos;s link.
        </Text>
      </BlockStack>
    </Card>
  );
}
