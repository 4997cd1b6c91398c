// An empty state inside a card: what will appear here and how to get there (no illustration).
import { BlockStack, Box, Button, Text } from "@shopify/polaris";

export function EmptyMessage({
  heading,
  children,
  action,
}: {
  heading: string;
  children: React.ReactNode;
  action?: { content: string; url: string };
}) {
  return (
    <Box paddingBlock="800" paddingInline="400">
      <BlockStack gap="300" inlineAlign="center">
        <Text as="h2" variant="headingMd" alignment="center">
          {heading}
        </Text>
        <Box maxWidth="36rem">
          <Text as="p" tone="subdued" alignment="center">
            {children}
          </Text>
        </Box>
        {action ? <Button url={action.url}>{action.content}</Button> : null}
      </BlockStack>
    </Box>
  );
}
