// One headline figure in a card: label, value, and an optional line saying what it counts.
import { BlockStack, Card, Text } from "@shopify/polaris";

export function MetricCard({
  label,
  value,
  help,
  size = "headingLg",
}: {
  label: string;
  value: string;
  help?: string;
  size?: "headingLg" | "headingXl";
}) {
  return (
    <Card>
      <BlockStack gap="100">
        <Text as="h3" variant="headingSm" tone="subdued">
          {label}
        </Text>
        <Text as="p" variant={size}>
          {value}
        </Text>
        {help ? (
          <Text as="p" variant="bodySm" tone="subdued">
            {help}
          </Text>
        ) : null}
      </BlockStack>
    </Card>
  );
}
