// The Contacts page's consent figures: who can receive campaigns now (the consent gate's count), explicit
// opt-ins and opt-outs, and the chart of reasons. Streamed after the list; a same-sized skeleton until then.
import { BlockStack, Card, InlineGrid, Layout, SkeletonBodyText, SkeletonDisplayText, Text } from "@shopify/polaris";
import type { ConsentOverview } from "../../consent/contacts.server";
import { ConsentChart } from "../ConsentChart";
import { REASON_LABEL } from "./labels";

export function ConsentSummary({ overview }: { overview: ConsentOverview }) {
  const a = overview.audience;
  const bars = [
    { label: "Can receive now", value: a.eligible },
    ...Object.entries(a.excluded).map(([reason, n]) => ({ label: REASON_LABEL[reason] ?? reason, value: n })),
  ];
  const n = (x: number) => x.toLocaleString("en");
  return (
    <>
      <Layout.Section>
        <InlineGrid columns={{ xs: 1, sm: 2, lg: 4 }} gap="400">
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
    </>
  );
}

export function ConsentSummarySkeleton() {
  return (
    <>
      <Layout.Section>
        <InlineGrid columns={{ xs: 1, sm: 2, lg: 4 }} gap="400">
          {[0, 1, 2, 3].map((i) => (
            <Card key={i}>
              <BlockStack gap="200">
                <SkeletonBodyText lines={1} />
                <SkeletonDisplayText size="medium" />
                <SkeletonBodyText lines={1} />
              </BlockStack>
            </Card>
          ))}
        </InlineGrid>
      </Layout.Section>
      <Layout.Section>
        <Card>
          <div style={{ height: 280 }}>
            <Text as="h2" variant="headingMd">
              Who can receive WhatsApp marketing
            </Text>
          </div>
        </Card>
      </Layout.Section>
    </>
  );
}
