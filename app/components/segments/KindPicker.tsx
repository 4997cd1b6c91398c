// The kinds of segment, mission kinds first, each a card that opens the builder.
import { Badge, BlockStack, Button, Card, InlineGrid, InlineStack, Text } from "@shopify/polaris";
import { KIND_INFO } from "../../segments/builder-form";
import { SEGMENT_KINDS } from "../../segments/definitions";

export function KindPicker() {
  const kinds = [...SEGMENT_KINDS].sort((a, b) => Number(KIND_INFO[b].mission) - Number(KIND_INFO[a].mission));
  return (
    <InlineGrid columns={{ xs: 1, sm: 2, md: 3 }} gap="400">
      {kinds.map((kind) => (
        <Card key={kind}>
          <BlockStack gap="200">
            <InlineStack gap="200" blockAlign="center">
              <Text as="h3" variant="headingMd">
                {KIND_INFO[kind].title}
              </Text>
              {KIND_INFO[kind].mission ? <Badge tone="info">Popular</Badge> : null}
            </InlineStack>
            <Text as="p" tone="subdued">
              {KIND_INFO[kind].description}
            </Text>
            <InlineStack>
              <Button
                url={`/app/segments/new?kind=${kind}`}
                accessibilityLabel={`Build a ${KIND_INFO[kind].title} segment`}
              >
                Build
              </Button>
            </InlineStack>
          </BlockStack>
        </Card>
      ))}
    </InlineGrid>
  );
}
